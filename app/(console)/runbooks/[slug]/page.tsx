import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageAccess } from "@/lib/auth/server";
import { loadRunbook } from "@/lib/runbooks";
import { Forbidden, Panel } from "@/components/ui/page";
import { RunbookArticle } from "@/components/runbooks/runbook-article";

export const metadata: Metadata = { title: "Runbook" };

export default async function RunbookPage({ params }: { params: Promise<{ slug: string }> }) {
  const { denied } = await pageAccess("runbooks");
  if (denied) return <Forbidden what={denied} />;
  const runbook = await loadRunbook((await params).slug);
  if (!runbook) notFound();
  return (
    <Panel className="mx-auto max-w-3xl p-6">
      <RunbookArticle blocks={runbook.blocks} />
    </Panel>
  );
}
