// Overdue postmortems (draft past its deadline) and overdue action items, for the overview and the handoff.
import Link from "next/link";
import { Panel } from "@/components/ui/page";

export interface OverdueLists {
  postmortems: {
    incident_id: string;
    ref: string;
    title: string;
    severity: string;
    owner_id: string | null;
    status: string;
    draft_due_at: string;
  }[];
  actionItems: { id: string; ref: string; title: string; owner_id: string | null; due: string | null }[];
}

export function OverduePanel({ lists, people }: { lists: OverdueLists; people: Record<string, string> }) {
  const who = (id: string | null) => (id ? (people[id] ?? id) : "no owner");
  if (!lists.postmortems.length && !lists.actionItems.length) return null;
  return (
    <Panel className="mb-6 p-4">
      <h2 className="font-medium">After incidents: overdue</h2>
      <div className="mt-2 grid gap-4 text-sm md:grid-cols-2">
        <section aria-label="Overdue postmortems">
          <h3 className="text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">
            Postmortems ({lists.postmortems.length})
          </h3>
          {lists.postmortems.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">None overdue.</p>
          ) : (
            <ul className="mt-1 space-y-1">
              {lists.postmortems.slice(0, 10).map((p) => (
                <li key={p.incident_id}>
                  <Link
                    className="tap text-indigo-700 underline dark:text-indigo-400"
                    href={`/incidents/${p.ref}/postmortem`}
                  >
                    {p.ref} {p.title}
                  </Link>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400">
                    {p.severity.toUpperCase()} · {p.status} · due {p.draft_due_at.slice(0, 16).replace("T", " ")} UTC ·{" "}
                    {who(p.owner_id)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Overdue action items">
          <h3 className="text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">
            Action items ({lists.actionItems.length})
          </h3>
          {lists.actionItems.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">None overdue.</p>
          ) : (
            <ul className="mt-1 space-y-1">
              {lists.actionItems.slice(0, 10).map((a) => (
                <li key={a.id}>
                  <Link
                    className="tap text-indigo-700 underline dark:text-indigo-400"
                    href={`/incidents/${a.ref}/postmortem`}
                  >
                    {a.title}
                  </Link>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400">
                    {a.ref} · due {a.due} · {who(a.owner_id)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Panel>
  );
}
