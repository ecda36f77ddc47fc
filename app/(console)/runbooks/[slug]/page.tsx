import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { userNames } from "@/lib/auth/users";
import { loadRunbook } from "@/lib/runbooks";
import { runbookHistory } from "@/lib/runbooks/exercises";
import { Forbidden, Panel } from "@/components/ui/page";
import { RunbookArticle } from "@/components/runbooks/runbook-article";
import { ExerciseForm } from "@/components/runbooks/exercise-form";

export const metadata: Metadata = { title: "Runbook" };

const notice =
  "mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100";

export default async function RunbookPage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, denied } = await pageAccess("runbooks");
  if (denied) return <Forbidden what={denied} />;
  const runbook = await loadRunbook((await params).slug);
  if (!runbook) notFound();
  const history = await runbookHistory(runbook.slug);
  const names = await userNames(
    [history.last_exercised_by, ...history.exercises.map((x) => x.by), ...history.deviations.map((d) => d.by)].filter(
      (x): x is string => !!x,
    ),
  );
  const who = (id: string | null) => (id ? (names.get(id) ?? id) : "—");
  const used = history.exercises.filter((x) => x.incident);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Panel className="p-6">
        {runbook.problems.length > 0 && (
          <p role="status" className={notice}>
            This runbook does not meet the standard yet: it lacks {runbook.problems.join(", ")}. Pages that link to it
            arrive as tickets until it does.
          </p>
        )}
        {history.untested && (
          <p role="status" className={notice}>
            Untested:{" "}
            {history.last_exercised_at ? `last exercised ${history.last_exercised_at.slice(0, 10)}` : "never exercised"}{" "}
            — runbooks are exercised at least every {history.test_days} days, in staging or in an incident.
          </p>
        )}
        <RunbookArticle blocks={runbook.blocks} />
      </Panel>
      <Panel className="p-4 text-sm">
        <h2 className="font-medium">Exercised</h2>
        <p className="mt-1">
          {history.last_exercised_at
            ? `Last exercised ${history.last_exercised_at.slice(0, 16).replace("T", " ")} UTC by ${who(history.last_exercised_by)}.`
            : "Never exercised."}
        </p>
        {used.length > 0 && (
          <>
            <h3 className="mt-3 text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">
              Incidents that used it
            </h3>
            <ul className="mt-1 space-y-1">
              {used.map((x) => (
                <li key={x.id}>
                  <Link
                    className="tap text-indigo-700 hover:underline dark:text-indigo-400"
                    href={`/incidents/${x.incident}`}
                  >
                    {x.incident}
                  </Link>{" "}
                  {x.at.slice(0, 10)}
                </li>
              ))}
            </ul>
          </>
        )}
        {history.deviations.length > 0 && (
          <>
            <h3 className="mt-3 text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">Deviations noted</h3>
            <ul className="mt-1 space-y-1">
              {history.deviations.map((d, i) => (
                <li key={i}>
                  <Link
                    className="tap text-indigo-700 hover:underline dark:text-indigo-400"
                    href={`/incidents/${d.incident}`}
                  >
                    {d.incident}
                  </Link>{" "}
                  {who(d.by)}: {d.body}
                </li>
              ))}
            </ul>
          </>
        )}
        {holds(actor.grants, "incidents:write") && <ExerciseForm slug={runbook.slug} />}
      </Panel>
    </div>
  );
}
