"use client";

// Per-region SLO cards: objective, SLI, budget left with its policy tier (ship, balanced, slow down,
// freeze), burn-rate sparkline (1h burn, last 24 h), alert state and time to exhaustion. An SLO with no
// data over the last five minutes says so, in grey, with since when — never "ok". A spent budget freezes
// its service's deploys; the owner's exception shows on the card. Worst first within each region.
import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { slosQuery, useBudgetException } from "@/lib/client/queries/dashboards";
import { InputField } from "@/components/ui/input-field";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { declareHref } from "@/lib/metrics/investigate";
import type { Slo } from "@/lib/metrics/contract";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, Skeleton } from "@/components/ui/page";
import { formatDuration, formatValue } from "./format";

const STATE_TONE = { ok: "good", ticket: "warn", page: "bad", no_data: "neutral" } as const;
const STATE_TEXT = { ok: "ok", ticket: "ticket", page: "page", no_data: "no data" } as const;
const RANK = { page: 0, ticket: 1, no_data: 2, ok: 3 } as const;
const TIER_TEXT = { ship: "ship", balanced: "balanced", slow_down: "slow down", freeze: "freeze" } as const;
const TIER_TONE = { ship: "good", balanced: "neutral", slow_down: "warn", freeze: "bad" } as const;

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
    <svg
      width={W}
      height={H}
      role="img"
      aria-label={`Burn rate over the last 24 hours for ${slo.name} in ${slo.region}: now ${slo.burn_rates["1h"].toFixed(1)}×`}
    >
      <line x1={0} x2={W} y1={y(1)} y2={y(1)} stroke="#a1a1aa" strokeDasharray="2 2" strokeWidth={1} />
      <polyline
        fill="none"
        stroke={color}
        strokeWidth={1.5}
        points={points.map(([, v], i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}
      />
    </svg>
  );
}

/** Nothing over the last five minutes: the console does not know how the SLO does now (not "ok"). */
const noData = (slo: Slo) => slo.data_state === "no_data";

/** Declare from a burning SLO: its service and region, impact since the burn window's start. */
function declareFromSlo(slo: Slo): string {
  return declareHref({
    title: `${slo.name} burning in ${slo.region}`,
    services: [slo.service],
    regions: [slo.region],
    from: Date.parse(slo.burn_window.start),
    to: Date.parse(slo.burn_window.end),
  });
}

function SloCard({ slo, canWrite }: { slo: Slo; canWrite: boolean }) {
  const budget = slo.error_budget_remaining;
  const empty = noData(slo);
  const tier = slo.policy.tier;
  return (
    <li
      className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      data-slo={slo.id}
      data-state={empty ? "no-data" : slo.alert_state}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <Link href={slo.dashboard_url} className="tap text-sm font-medium hover:underline">
            {slo.name}
          </Link>
          <p className="text-xs text-muted">
            objective {formatValue(slo.objective, "percent")} over {slo.period_days} days
          </p>
        </div>
        <Badge tone={STATE_TONE[slo.alert_state]}>{STATE_TEXT[slo.alert_state]}</Badge>
      </div>
      {empty && (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" role="status">
          No data{" "}
          {slo.no_data_since ? (
            <>
              since <Time iso={slo.no_data_since} compact />
            </>
          ) : (
            "for over an hour"
          )}
          : the console cannot tell how it does.
        </p>
      )}
      <div className="mt-2 flex items-end justify-between gap-2">
        <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs">
          <dt className="text-muted">SLI</dt>
          <dd className="tabular-nums">{formatValue(slo.sli, "percent")}</dd>
          <dt className="text-muted">Budget left</dt>
          <dd
            className={`tabular-nums ${budget !== null && budget < 0.25 ? "font-medium text-red-600 dark:text-red-400" : ""}`}
          >
            {budget === null ? "no data" : `${(budget * 100).toFixed(1)} %`}{" "}
            {tier && <Badge tone={TIER_TONE[tier]}>{TIER_TEXT[tier]}</Badge>}
          </dd>
          <dt className="text-muted">Burn 1h / 5m</dt>
          <dd className="tabular-nums">
            {empty ? "—" : `${slo.burn_rates["1h"].toFixed(1)}× / ${slo.burn_rates["5m"].toFixed(1)}×`}
          </dd>
          <dt className="text-muted">Exhausted in</dt>
          <dd className="tabular-nums">
            {empty
              ? "—"
              : slo.time_to_exhaustion_s === null
                ? "never at this rate"
                : slo.time_to_exhaustion_s === 0
                  ? "spent"
                  : formatDuration(slo.time_to_exhaustion_s)}
          </dd>
        </dl>
        <Sparkline slo={slo} />
      </div>
      {slo.policy.exception ? (
        <p className="mt-1 text-xs text-amber-800 dark:text-amber-300" data-exception={slo.policy.exception.id}>
          Freeze exception by {slo.policy.exception.by.name} until{" "}
          <Time iso={slo.policy.exception.expires_at} compact />: {slo.policy.exception.reason}
        </p>
      ) : tier === "freeze" ? (
        <FreezeNotice slo={slo} canWrite={canWrite} />
      ) : null}
      {slo.alert_state !== "ok" && slo.alert_state !== "no_data" && (
        <nav aria-label={`Investigate ${slo.name} in ${slo.region}`} className="mt-1 flex flex-wrap gap-x-3 text-xs">
          <Link href={slo.logs_url} className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400">
            Logs
          </Link>
          <Link href={slo.changes_url} className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400">
            Changes
          </Link>
          <Link href={declareFromSlo(slo)} className="tap font-medium text-red-700 hover:underline dark:text-red-400">
            Declare incident
          </Link>
          <Link href={slo.runbook_url} className="tap text-indigo-700 hover:underline dark:text-indigo-400">
            Runbook
          </Link>
        </nav>
      )}
    </li>
  );
}

/** Regions with their SLOs, burning first: the region paging leads, and within it the SLO that pages. */
function byRegion(slos: Slo[]): [string, Slo[]][] {
  const regions = [...new Set(slos.map((s) => s.region))].map((r): [string, Slo[]] => [
    r,
    slos.filter((s) => s.region === r).sort((a, b) => RANK[a.alert_state] - RANK[b.alert_state]),
  ]);
  return regions.sort((a, b) => RANK[a[1][0]?.alert_state ?? "ok"] - RANK[b[1][0]?.alert_state ?? "ok"]);
}

/** A spent budget: deploys to the service are frozen; its owner may record an exception, with a reason. */
function FreezeNotice({ slo, canWrite }: { slo: Slo; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const record = useBudgetException(slo.slo);
  return (
    <div className="mt-1 text-xs">
      <p className="font-medium text-red-700 dark:text-red-400">
        Budget spent: deploys of {slo.service} in {slo.region} are frozen (rollbacks and config changes are not).
      </p>
      {canWrite &&
        (open ? (
          <form
            aria-label={`Freeze exception for ${slo.name} in ${slo.region}`}
            className="mt-1 flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              record.mutate({ region: slo.region, reason: reason.trim() }, { onSuccess: () => setOpen(false) });
            }}
          >
            <InputField
              label="Why deploys cannot wait"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
              className="min-w-0 flex-1"
            />
            <Button type="submit" variant="secondary" disabled={record.isPending}>
              Record exception (24 h)
            </Button>
            {record.isError && <span className="text-red-700 dark:text-red-400">{record.error.message}</span>}
          </form>
        ) : (
          <button
            type="button"
            className="mt-1 min-h-11 text-indigo-700 hover:underline md:min-h-0 dark:text-indigo-400"
            onClick={() => setOpen(true)}
          >
            Record an exception…
          </button>
        ))}
    </div>
  );
}

export function SloCards({ canWrite = false }: { canWrite?: boolean }) {
  const q = useQuery(slosQuery());
  if (q.isPending) return <Skeleton rows={4} />;
  if (q.isError) return <ErrorNotice title="SLOs could not load" message={q.error.message} />;
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {byRegion(q.data.slos).map(([region, list]) => {
        const worst = list[0]?.alert_state ?? "ok";
        return (
          <section
            key={region}
            aria-label={`SLOs in ${region}`}
            className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <header className="mb-2 flex items-center justify-between">
              <h2 className="font-medium">{region}</h2>
              <Badge tone={STATE_TONE[worst]}>{worst === "ok" ? "within budget" : STATE_TEXT[worst]}</Badge>
            </header>
            <ul className="space-y-2">
              {list.map((s) => (
                <SloCard key={s.id} slo={s} canWrite={canWrite} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
