"use client";

// Every alerting rule the console ships, with its state now: firing (and where), pending, ok, no data (the
// rule cannot tell), an evaluation error, or not loaded into Prometheus. Firing and unknown first.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ruleStatesQuery } from "@/lib/client/queries/dashboards";
import type { alertRulesEndpoint, RuleStatusView } from "@/lib/metrics/contract";
import { pathOf } from "@/lib/client/api";
import { Badge, type Tone } from "@/components/ui/badge";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { seriesName } from "@/components/dashboards/format";

const STATE: Record<RuleStatusView["state"], { tone: Tone; text: string; rank: number }> = {
  firing: { tone: "bad", text: "firing", rank: 0 },
  error: { tone: "bad", text: "error", rank: 1 },
  not_loaded: { tone: "warn", text: "not loaded", rank: 2 },
  pending: { tone: "warn", text: "pending", rank: 3 },
  no_data: { tone: "neutral", text: "no data", rank: 4 },
  ok: { tone: "good", text: "ok", rank: 5 },
  not_applicable: { tone: "neutral", text: "Prometheus only", rank: 6 },
};

const minutes = (s: number) => (s === 0 ? "at once" : s >= 60 ? `for ${Math.round(s / 60)} min` : `for ${s} s`);

export function RuleStates() {
  const q = useQuery(ruleStatesQuery());
  if (q.isPending) return <Skeleton rows={6} />;
  if (q.isError) return <ErrorNotice title="Alert rules could not load" message={q.error.message} />;
  const rules = [...q.data.rules].sort(
    (a, b) => STATE[a.state].rank - STATE[b.state].rank || a.name.localeCompare(b.name),
  );
  const counts = new Map<RuleStatusView["state"], number>();
  for (const r of rules) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  return (
    <Panel>
      <div className="border-b border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
        {rules.length} rules, evaluated by{" "}
        {q.data.source === "prometheus" ? "Prometheus" : "the console on the simulator"}:{" "}
        {[...counts].map(([s, n]) => `${n} ${STATE[s].text}`).join(", ")}.{" "}
        <Link
          className="tap text-indigo-700 underline dark:text-indigo-400"
          href={pathOf<typeof alertRulesEndpoint>("GET /api/v1/alert-rules")}
          prefetch={false}
        >
          Rule file (YAML)
        </Link>
      </div>
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Alert rules">
        {rules.map((r) => (
          <li
            key={`${r.name}|${r.service}|${r.slo}|${r.severity}`}
            className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-2 text-sm"
            data-rule={r.name}
            data-state={r.state}
          >
            <Badge tone={STATE[r.state].tone}>{STATE[r.state].text}</Badge>
            <div className="min-w-0 flex-1">
              <p>
                <span className="font-medium">{r.name}</span>
                <span className="text-muted">
                  {" "}
                  · {r.severity}
                  {r.priority ? ` (${r.priority})` : ""} · {r.slo ?? r.service} · {minutes(r.for_s)}
                </span>
              </p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">{r.summary}</p>
              {r.alerts.length > 0 && (
                <p className="text-xs">{r.alerts.map((a) => `${seriesName(a.labels)} (${a.state})`).join(", ")}</p>
              )}
              {r.detail && <p className="text-xs text-muted">{r.detail}</p>}
            </div>
            <Link
              className="min-h-11 py-2 text-xs text-indigo-700 hover:underline md:min-h-0 md:py-0 dark:text-indigo-400"
              href={r.runbook_url}
            >
              runbook
            </Link>
            <Link
              className="min-h-11 py-2 text-xs text-indigo-700 hover:underline md:min-h-0 md:py-0 dark:text-indigo-400"
              href={r.dashboard_url}
            >
              dashboard
            </Link>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
