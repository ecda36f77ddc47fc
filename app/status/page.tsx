import type { Metadata } from "next";
import { publicStatus } from "@/lib/status";
import { StatusView } from "@/components/status/status-view";

// The public status page: no sign-in, only what customers were told.
export const metadata: Metadata = { title: "Platform status" };
export const dynamic = "force-dynamic";

export default async function StatusPage() {
  return <StatusView initial={await publicStatus()} />;
}
