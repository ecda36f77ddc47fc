import type { Metadata } from "next";
import Link from "next/link";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { HandoffView } from "@/components/handoffs/handoff-view";

export const metadata: Metadata = { title: "Handoff" };

export default async function HandoffPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, denied } = await pageAccess("handoffs");
  if (denied) return <Forbidden what={denied} />;
  const { id } = await params;
  return (
    <>
      <PageHeader
        title="Shift handoff"
        description={
          <Link href="/handoffs" className="text-indigo-700 hover:underline dark:text-indigo-400">
            All handoffs
          </Link>
        }
      />
      <HandoffView id={id} me={actor.user.id} />
    </>
  );
}
