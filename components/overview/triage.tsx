// The top of the overview for the people who answer pages: who is on call now, the open incidents and
// their ICs, the open pages — before any chart. (Server-rendered with the page.)
import Link from "next/link";
import type { Alert, PipelineState } from "@/lib/alerts/contract";
import type { Incident } from "@/lib/incidents/contract";
import type { ShiftView } from "@/lib/oncall/contract";
import { age } from "@/lib/incidents/rules";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { Panel } from "@/components/ui/page";
import { Time } from "@/components/ui/time";

const link = "tap text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-400";

export function Triage({
  onCall,
  teams,
  incidents,
  pages,
  people,
  pipeline,
}: {
  onCall: { id: string; name: string; since: string; handoff_id: string } | null;
  /** Each team with its rotation's primary now and next. */
  teams: { id: string; name: string; on_call: ShiftView[]; next_primary: ShiftView | null }[];
  incidents: (Incident & { ref: string })[];
  pages: { alerts: Alert[]; totals: { page: number } } | null;
  people: Record<string, string>;
  pipeline: PipelineState | null;
}) {
  return (
    <section aria-label="Now" className="mb-6 grid gap-4 lg:grid-cols-3">
      {pipeline && <Pipeline p={pipeline} />}
      <Panel className="p-4">
        <h2 className="font-medium">
          On call now{" "}
          <Link className={`text-sm font-normal ${link}`} href="/oncall">
            rotation
          </Link>
        </h2>
        <ul className="mt-1 space-y-1 text-sm" aria-label="On call now">
          {teams.map((t) => {
            const primary = t.on_call.find((x) => x.layer === "primary");
            return (
              <li key={t.id} data-team={t.id}>
                <span className="text-muted">{t.name}</span>{" "}
                {primary ? (
                  <>
                    primary <span className="font-medium">{primary.user.name}</span>
                    {primary.override_id ? <span className="text-muted"> (override)</span> : null}
                  </>
                ) : (
                  <span className="text-muted">no rotation set up</span>
                )}
                {t.next_primary && (
                  <span className="block text-xs text-muted">
                    next {t.next_primary.user.name} from <Time iso={t.next_primary.start} compact />
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        {onCall ? (
          <p className="mt-1 text-xs text-muted">
            Last shift change: {onCall.name} took over <Time iso={onCall.since} />{" "}
            <Link className={`${link} underline`} href={`/handoffs/${onCall.handoff_id}`}>
              handoff
            </Link>
          </p>
        ) : null}
      </Panel>
      <Panel className="p-4 lg:col-span-2">
        <h2 className="font-medium">
          Open incidents ({incidents.length}){" "}
          <Link className={`text-sm font-normal ${link}`} href="/incidents">
            all
          </Link>
        </h2>
        {incidents.length === 0 ? (
          <p className="mt-1 text-sm text-muted">None open.</p>
        ) : (
          <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">
            {incidents.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-2 py-1.5 text-sm">
                <SeverityBadge severity={i.severity} />
                <Link
                  href={`/incidents/${i.ref}`}
                  className={`order-first min-w-0 basis-full truncate-wide font-medium sm:order-none sm:basis-0 sm:flex-1 ${link}`}
                >
                  {i.ref} {i.title}
                </Link>
                <StatusBadge status={i.status} />
                <span className="text-xs text-muted">
                  IC {i.commander_id ? (people[i.commander_id] ?? i.commander_id) : "none"}
                </span>
                <span className="text-xs text-muted">{age(i.declared_at)}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {pages && (
        <Panel className="p-4 lg:col-span-3">
          <h2 className="font-medium">
            Open pages ({pages.totals.page}){" "}
            <Link className={`text-sm font-normal ${link}`} href="/alerts?kind=page">
              all
            </Link>
          </h2>
          {pages.alerts.length === 0 ? (
            <p className="mt-1 text-sm text-muted">Nothing paging.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm">
              {pages.alerts.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-2">
                  <span className="font-medium break-all">{a.name}</span>
                  <span className="order-last min-w-0 basis-full text-muted sm:order-none sm:basis-0 sm:flex-1">
                    {a.annotations.summary}
                  </span>
                  <span className="text-xs text-muted">{a.status}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      )}
    </section>
  );
}

/** Whether alerts can reach anyone: the Watchdog's last arrival. Silent or never heard from is not OK. */
function Pipeline({ p }: { p: PipelineState }) {
  if (p.state === "ok")
    return (
      <p className="text-xs text-muted lg:col-span-3" data-pipeline="ok">
        Alerting pipeline working: its Watchdog last arrived <Time iso={p.last_watchdog_at} compact />.
      </p>
    );
  return (
    <div
      role={p.state === "silent" ? "alert" : "status"}
      data-pipeline={p.state}
      className={`rounded-md border p-3 text-sm lg:col-span-3 ${p.state === "silent" ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100" : "border-zinc-300 bg-zinc-100 text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"}`}
    >
      {p.state === "silent" ? (
        <>
          <span className="font-medium">The alerting pipeline is silent:</span>{" "}
          {p.pipelines
            .filter((x) => x.state === "silent")
            .map((x, i) => (
              <span key={x.source}>
                {i > 0 && "; "}
                <code className="break-all">{x.source}</code> since <Time iso={x.last_watchdog_at} compact />
              </span>
            ))}
          . No Watchdog for over {Math.round(p.missing_after_s / 60)} minute{p.missing_after_s === 60 ? "" : "s"}, so no
          other alert can reach anyone through it. The primary has been paged.{" "}
          <Link className={link} href="/runbooks/alerting-pipeline-silent">
            Runbook
          </Link>
        </>
      ) : (
        <>
          <span className="font-medium">The alerting pipeline has never been heard from:</span> no Watchdog alert has
          arrived from Alertmanager, so the console cannot tell whether alerts reach anyone. Load the rule file (
          <code>/api/v1/alert-rules</code>) into Prometheus and route Watchdog to the console.
        </>
      )}
    </div>
  );
}
