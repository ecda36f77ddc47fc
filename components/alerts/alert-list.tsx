"use client";

// Pages and tickets from Alertmanager: dedup counts, age, runbook links, not-pager-eligible flags,
// acknowledge, resolve, declare an incident.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { alertsQuery, useAlertAction } from "@/lib/client/queries/alerts";
import { age } from "@/lib/incidents/rules";
import { Badge } from "@/components/ui/badge";
import { SelectField } from "@/components/ui/select-field";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";


export function AlertList() {
  const router = useRouter();
  const { params, set } = useUrlFilters();
  const state = params.get("state") ?? "open";
  const kind = params.get("kind") ?? "";
  const q = useQuery(alertsQuery({ state: state === "all" ? undefined : state, kind: kind || undefined }));
  const act = useAlertAction();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        <SelectField label="State" value={state} onChange={(v) => set("state", v)} options={["open", "firing", "acknowledged", "resolved", "all"]} />
        <SelectField label="Kind" value={kind} onChange={(v) => set("kind", v)} options={[["", "pages and tickets"], ["page", "pages"], ["ticket", "tickets"]]} />
      </div>
      {act.isError && <ErrorNotice message={act.error.message} />}
      <Panel>
        {q.isPending ? (
          <Skeleton rows={5} />
        ) : q.isError ? (
          <div className="p-4">
            <ErrorNotice message={q.error.message} />
          </div>
        ) : q.data.alerts.length === 0 ? (
          <EmptyState title="No alerts">Alertmanager posts to /api/v1/alerts/alertmanager with a token holding alerts:write.</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {q.data.alerts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-alert={a.name}>
                <Badge tone={a.kind === "page" ? "bad" : "warn"}>{a.kind}</Badge>
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">
                    {a.name} <span className="font-normal text-zinc-500">{a.annotations.summary}</span>
                  </p>
                  <p className="text-xs text-zinc-500">
                    {Object.entries(a.labels)
                      .filter(([k]) => k !== "alertname")
                      .map(([k, v]) => `${k}=${v}`)
                      .join(" ")}
                  </p>
                  {!a.pager_eligible && a.not_eligible_reason && <p className="text-xs text-amber-700 dark:text-amber-400">not pager-eligible: {a.not_eligible_reason}</p>}
                </div>
                {a.count > 1 && <Badge>×{a.count}</Badge>}
                <span className="w-16 text-zinc-500" title={a.first_seen}>
                  {age(a.first_seen)}
                </span>
                <Badge tone={a.status === "resolved" ? "good" : a.status === "acknowledged" ? "info" : "bad"}>{a.status}</Badge>
                {a.annotations.runbook_url && (
                  <a className="text-indigo-600 hover:underline dark:text-indigo-400" href={a.annotations.runbook_url} target="_blank" rel="noreferrer">
                    runbook
                  </a>
                )}
                {a.incident_id ? (
                  <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/incidents/${a.incident_id}`}>
                    incident
                  </Link>
                ) : (
                  a.status !== "resolved" && (
                    <Button variant="ghost" disabled={act.isPending} onClick={() => act.mutate({ id: a.id, action: "incident" }, { onSuccess: (r) => r.incident && router.push(`/incidents/${r.incident.ref}`) })}>
                      Declare incident
                    </Button>
                  )
                )}
                {a.status === "firing" && (
                  <Button variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ id: a.id, action: "ack" })}>
                    Ack
                  </Button>
                )}
                {a.status !== "resolved" && (
                  <Button variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ id: a.id, action: "resolve" })}>
                    Resolve
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
