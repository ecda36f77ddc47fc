// SLOs and the arithmetic of error budgets and burn rates (SRE workbook, "Alerting on SLOs"). Browser-safe.
import type { Service } from "./services";
import type { Query } from "./query";
import { sel } from "./dashboards/types";

export interface SloDefinition {
  id: string;
  name: string;
  description: string;
  objective: number;
  periodDays: number;
  /** The error ratio (bad / total) by region. */
  errorRatio: Query;
  runbook: string;
  dashboard: string;
  /** The service whose logs and changes explain a burn. */
  service: Service;
}

export const SLOS: SloDefinition[] = [
  {
    id: "api-availability",
    service: "control-plane",
    name: "API availability",
    description: "API requests that do not fail with a 5xx.",
    objective: 0.999,
    periodDays: 30,
    errorRatio: {
      kind: "ratio",
      num: sel("http_requests_total", { service: "api", code: ["=~", "5.."] }),
      den: sel("http_requests_total", { service: "api" }),
      by: ["region"],
    },
    runbook: "api-availability",
    dashboard: "control-plane",
  },
  {
    id: "edge-connect",
    service: "edge",
    name: "Edge connect success",
    description: "Client connections the edge completes.",
    objective: 0.999,
    periodDays: 30,
    errorRatio: {
      kind: "ratio",
      num: sel("edge_connect_failures_total"),
      den: sel("edge_connect_attempts_total"),
      by: ["region"],
    },
    runbook: "edge-connect-failures",
    dashboard: "edge",
  },
  {
    id: "api-latency",
    service: "control-plane",
    name: "API latency under 500 ms",
    description: "API requests answered within 500 ms.",
    objective: 0.99,
    periodDays: 30,
    errorRatio: {
      kind: "ratio",
      num: sel("http_request_duration_seconds_bucket", { service: "api", le: "0.5" }),
      den: sel("http_request_duration_seconds_bucket", { service: "api", le: "+Inf" }),
      by: ["region"],
      complement: true,
    },
    runbook: "api-availability",
    dashboard: "control-plane",
  },
  {
    id: "volume-attach",
    service: "storage",
    name: "Volume attach success",
    description: "Volume attaches that succeed.",
    objective: 0.995,
    periodDays: 30,
    errorRatio: {
      kind: "ratio",
      num: sel("volume_attach_failures_total"),
      den: sel("volume_attach_attempts_total"),
      by: ["region"],
    },
    runbook: "volume-attach-failures",
    dashboard: "storage",
  },
];

export const BURN_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];
export const WINDOW_SECONDS: Record<BurnWindow, number> = {
  "5m": 300,
  "30m": 1800,
  "1h": 3600,
  "2h": 7200,
  "6h": 21600,
  "1d": 86400,
  "3d": 259200,
};

export type AlertState = "ok" | "ticket" | "page";

/**
 * The multiwindow, multi-burn-rate table: page at 14.4× over 1h and 5m, or 6× over 6h and 30m; ticket at
 * 3× over 1d and 2h, or 1× over 3d and 6h. Both windows of a pair must burn faster than the factor.
 */
export const BURN_RULES: { state: Exclude<AlertState, "ok">; factor: number; long: BurnWindow; short: BurnWindow }[] = [
  { state: "page", factor: 14.4, long: "1h", short: "5m" },
  { state: "page", factor: 6, long: "6h", short: "30m" },
  { state: "ticket", factor: 3, long: "1d", short: "2h" },
  { state: "ticket", factor: 1, long: "3d", short: "6h" },
];

/** How many times faster than "exactly spend the budget over the period" errors arrive. 0 with no traffic. */
export function burnRate(errorRatio: number | null, objective: number): number {
  if (errorRatio === null || !Number.isFinite(errorRatio)) return 0;
  return Math.max(0, errorRatio) / (1 - objective);
}

/** Share of the period's budget left: 1 untouched, 0 spent, negative overspent. Null with no traffic. */
export function budgetRemaining(periodErrorRatio: number | null, objective: number): number | null {
  if (periodErrorRatio === null || !Number.isFinite(periodErrorRatio)) return null;
  return 1 - Math.max(0, periodErrorRatio) / (1 - objective);
}

/** Seconds until the remaining budget is gone at `burn`; 0 when already spent, null when it never will be. */
export function timeToExhaustion(remaining: number | null, burn: number, periodDays: number): number | null {
  if (remaining === null) return null;
  if (remaining <= 0) return 0;
  if (burn <= 0) return null;
  return Math.round((remaining * periodDays * 86400) / burn);
}

export function alertState(burns: Record<BurnWindow, number>): AlertState {
  let state: AlertState = "ok";
  for (const r of BURN_RULES) {
    if (burns[r.long] > r.factor && burns[r.short] > r.factor) {
      if (r.state === "page") return "page";
      state = "ticket";
    }
  }
  return state;
}

/**
 * The window an investigation of a burn looks at: the long window of the fastest-burning page rule that
 * fires (1 h or 6 h); a ticket or no alert looks at the last 6 h or the last hour.
 */
export function burnWindowSeconds(burns: Record<BurnWindow, number>): number {
  const firing = BURN_RULES.filter((r) => burns[r.long] > r.factor && burns[r.short] > r.factor);
  const page = firing.filter((r) => r.state === "page").map((r) => WINDOW_SECONDS[r.long]);
  if (page.length) return Math.max(...page);
  return firing.length ? WINDOW_SECONDS["6h"] : WINDOW_SECONDS["1h"];
}

/** The observability guide's error budget policy: how a team ships with what is left of the budget. */
export const BUDGET_TIERS = ["ship", "balanced", "slow_down", "freeze"] as const;
export type BudgetTier = (typeof BUDGET_TIERS)[number];

/** Over 80 % left: ship; 50–80 %: balanced; under 50 %: slow down; spent: freeze. Null without data. */
export function budgetTier(remaining: number | null): BudgetTier | null {
  if (remaining === null) return null;
  if (remaining <= 0) return "freeze";
  if (remaining < 0.5) return "slow_down";
  if (remaining <= 0.8) return "balanced";
  return "ship";
}

/** A value for each burn window, in BURN_WINDOWS order. */
export const perWindow = <T>(f: (w: BurnWindow) => T): Record<BurnWindow, T> => ({
  "5m": f("5m"),
  "30m": f("30m"),
  "1h": f("1h"),
  "2h": f("2h"),
  "6h": f("6h"),
  "1d": f("1d"),
  "3d": f("3d"),
});

/** Each burn window's value from a list in BURN_WINDOWS order (one per window, as a query per window returns). */
export function byWindow<T>(list: readonly T[]): Record<BurnWindow, T> {
  return perWindow((w) => {
    const value = list[BURN_WINDOWS.indexOf(w)];
    if (value === undefined)
      throw new Error(`Expected a value for each of the ${BURN_WINDOWS.length} burn windows, got ${list.length}.`);
    return value;
  });
}
