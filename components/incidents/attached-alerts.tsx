"use client";

// The alerts attached to an incident: what fired, how often, whether it still fires, who acknowledged it.
import { useInfiniteQuery } from "@tanstack/react-query";
import { alertsQuery } from "@/lib/client/queries/alerts";
import { Badge } from "@/components/ui/badge";
import { Panel } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import type { People } from "./people";

export function AttachedAlerts({ id, people }: { id: string; people: People }) {
  const q = useInfiniteQuery(alertsQuery({ incident: id }));
  const list = q.data?.pages.flatMap((p) => p.alerts) ?? [];
  if (!list.length) return null;
  return (
    <Panel className="p-4 text-sm">
      <h2 className="font-medium">Alerts ({list.length})</h2>
      <ul className="mt-2 space-y-2">
        {list.map((a) => (
          <li key={a.id} data-alert={a.name}>
            <p className="flex flex-wrap items-center gap-1.5">
              <Badge tone={a.kind === "page" ? "bad" : "warn"}>{a.kind}</Badge>
              <span className="font-medium break-all">{a.name}</span>
              <Badge tone={a.status === "resolved" ? "good" : a.status === "acknowledged" ? "info" : "bad"}>
                {a.status}
              </Badge>
              {a.count > 1 && <span className="text-xs text-zinc-600 dark:text-zinc-400">×{a.count}</span>}
            </p>
            {a.annotations.summary && (
              <p className="text-xs text-zinc-600 dark:text-zinc-400">{a.annotations.summary}</p>
            )}
            {a.acked_by && (
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                acknowledged by {people[a.acked_by] ?? a.acked_by} at <Time iso={a.acked_at} />
              </p>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
