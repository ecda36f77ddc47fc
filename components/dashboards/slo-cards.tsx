"use client";

// Per-region SLO cards: objective, SLI, budget left, burn-rate sparkline (1h burn, last 24 h), alert
// state and time to exhaustion. Worst first within each region.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { slosQuery } from "@/lib/client/queries/dashboards";
import { declareHref } from "@/lib/metrics/investigate";
import type { Slo } from "@/lib/metrics/contract";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, Skeleton } from "@/components/ui/page";
import { formatDuration, formatValue } from "./format";

const STATE_TONE = { ok: "good", ticket: "warn", page: "bad" } as const;
const RANK = { page: 0, ticket: 1, ok: 2 } as const;

/** A plain SVG sparkline of the 1h burn rate (the dashed line is 1×: spending exactly the budget). */
function Sparkline({ slo }: { slo: Slo }) {
  const W = 112;
  const H = 40;
  const points = slo.burn_history.filter((p): p is [number, number] => p[1] !== null);
  const max = Math.max(2, ...points.map(([, v]) => v));
  const x = (i: number) => (points.length > 1 ? (i / (points.length - 1)) * (W - 2) + 1 : W / 2);
  const y = (v: number) => H - 2 - (v / max) * (H - 4);
  const color = slo.alert_state === "page" ? "#ef4444" : slo.alert_state === "ticket" ? "#f59e0b" : "#10b981";
  return (
    <svg width={W} height={H} role="img" aria-label={`Burn rate over the last 24 hours for ${slo.name} in ${slo.region}: now ${slo.burn_rates["1h"].toFixed(1)}×`}>
      <line x1={0} x2={W} y1={y(1)} y2={y(1)} stroke="#a1a1aa" strokeDasharray="2 2" strokeWidth={1} />
      <polyline fill="none" stroke={color} strokeWidth={1.5} points={points.map(([, v], i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")} />
    </svg>
  );
}

/** No SLI over the whole period: the region has no data for this SLO (not "ok"). */
const noData = (slo: Slo) => slo.sli === null;

/** Declare from a burning SLO: its service and region, impact since the burn window's start. */
function declareFromSlo(slo: Slo): string {
  return declareHref({ title: `${slo.name} burning in ${slo.region}`, services: [slo.service], regions: [slo.region], from: Date.parse(slo.burn_window.start), to: Date.parse(slo.burn_window.end) });
}

function SloCard({ slo }: { slo: Slo }) {
  const budget = slo.error_budget_remaining;
  const empty = noData(slo);
  return (
    <li className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-slo={slo.id} data-state={empty ? "no-data" : slo.alert_state}>
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <Link href={slo.dashboard_url} className="text-sm font-medium hover:underline">
            {slo.name}
          </Link>
          <p className="text-xs text-muted">
            objective {formatValue(slo.objective, "percent")} over {slo.period_days} days
          </p>
        </div>
        {empty ? <Badge tone="neutral">no data</Badge> : <Badge tone={STATE_TONE[slo.alert_state]}>{slo.alert_state}</Badge>}
      </div>
      <div className="mt-2 flex items-end justify-between gap-2">
        <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs">
          <dt className="text-muted">SLI</dt>
          <dd className="tabular-nums">{formatValue(slo.sli, "percent")}</dd>
          <dt className="text-muted">Budget left</dt>
          <dd className={`tabular-nums ${budget !== null && budget < 0.25 ? "font-medium text-red-600 dark:text-red-400" : ""}`}>{budget === null ? "—" : `${(budget * 100).toFixed(1)} %`}</dd>
          <dt className="text-muted">Burn 1h / 5m</dt>
          <dd className="tabular-nums">{empty ? "—" : `${slo.burn_rates["1h"].toFixed(1)}× / ${slo.burn_rates["5m"].toFixed(1)}×`}</dd>
          <dt className="text-muted">Exhausted in</dt>
          <dd className="tabular-nums">{empty ? "—" : slo.time_to_exhaustion_s === null ? "never at this rate" : slo.time_to_exhaustion_s === 0 ? "spent" : formatDuration(slo.time_to_exhaustion_s)}</dd>
        </dl>
        <Sparkline slo={slo} />
      </div>
      {slo.alert_state !== "ok" && (
        <nav aria-label={`Investigate ${slo.name} in ${slo.region}`} className="mt-1 flex flex-wrap gap-x-3 text-xs">
          <Link href={slo.logs_url} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
            Logs
          </Link>
          <Link href={slo.changes_url} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
            Changes
          </Link>
          <Link href={declareFromSlo(slo)} className="font-medium text-red-700 hover:underline dark:text-red-400">
            Declare incident
          </Link>
          <Link href={slo.runbook_url} className="text-indigo-700 hover:underline dark:text-indigo-400">
            Runbook
          </Link>
        </nav>
      )}
    </li>
  );
}

/** Regions with their SLOs, burning first: the region paging leads, and within it the SLO that pages. */
function byRegion(slos: Slo[]): [string, Slo[]][] {
  const regions = [...new Set(slos.map((s) => s.region))].map((r) => [r, slos.filter((s) => s.region === r).sort((a, b) => RANK[a.alert_state] - RANK[b.alert_state])] as [string, Slo[]]);
  return regions.sort((a, b) => RANK[a[1][0]?.alert_state ?? "ok"] - RANK[b[1][0]?.alert_state ?? "ok"]);
}

export function SloCards() {
  const q = useQuery(slosQuery());
  if (q.isPending) return <Skeleton rows={4} />;
  if (q.isError) return <ErrorNotice title="SLOs could not load" message={q.error.message} />;
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {byRegion(q.data.slos).map(([region, list]) => {
        const worst = list[0]?.alert_state ?? "ok";
        return (
          <section key={region} aria-label={`SLOs in ${region}`} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
            <header className="mb-2 flex items-center justify-between">
              <h2 className="font-medium">{region}</h2>
              {list.every(noData) ? <Badge tone="neutral">no data</Badge> : <Badge tone={STATE_TONE[worst]}>{worst === "ok" ? "within budget" : worst}</Badge>}
            </header>
            <ul className="space-y-2">
              {list.map((s) => (
                <SloCard key={s.id} slo={s} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
