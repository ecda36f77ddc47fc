import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden } from "@/components/ui/page";
import { InsightsView } from "@/components/insights/insights-view";

export const metadata: Metadata = { title: "Weekly review" };

export default async function InsightsPage() {
  const { denied } = await pageAccess("insights");
  if (denied) return <Forbidden what={denied} />;
  return <InsightsView />;
}
