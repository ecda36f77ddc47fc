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
      {runbook.problems.length > 0 && (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          This runbook does not meet the standard yet: it lacks {runbook.problems.join(", ")}. Pages that link to it
          arrive as tickets until it does.
        </p>
      )}
      <RunbookArticle blocks={runbook.blocks} />
    </Panel>
  );
}
