// Dashboards and SLOs from the configured metrics source: panels evaluated over a range (time series) or
// now (stat, status grid, table), each panel's failure kept on that panel, and SLO burn rates.
import "server-only";
import { checkRegions, metricsRegions } from "./known-regions";
import { ApiError, badRequest } from "@/lib/http/errors";
import { parseInstant } from "@/lib/http/time";
import { env } from "@/lib/env";
import { DASHBOARDS, findDashboard, levelOf, panelServices, stateLevelOf, type Dashboard, type Level, type Panel } from "./dashboards";
import { compile, type Query, type QueryOptions, type Sample } from "./query";
import { activeExceptions, exceptionFor } from "./budget";
import { ruleStates } from "./rule-state";
import { alertState, budgetRemaining, budgetTier, burnRate, burnWindowSeconds, BURN_WINDOWS, SLOS, timeToExhaustion, WINDOW_SECONDS, type BurnWindow } from "./slo";
import { CHANGE_LEAD_MS, changesHref, platformLogsHref } from "./investigate";
import { findChanges } from "@/lib/changes";
import type { Change } from "@/lib/changes/contract";
import { MetricsError, metricsSource, type MetricsSource, type SeriesData } from "./sources";

export { metricsRegions } from "./known-regions";

function checkRegion(region: string | undefined): void {
  if (region !== undefined) checkRegions([region], "query.region");
}
export const MAX_RANGE_DAYS = 31;
const MAX_POINTS = 1000;
const TARGET_POINTS = 240;
const NICE_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
const INSTANT_WINDOW = 300;
const runbookUrl = (slug: string | undefined) => (slug ? `/runbooks/${slug}` : undefined);

const INSTANT_KINDS = new Set(["stat", "status-grid", "table"]);

/** A step that keeps a series near TARGET_POINTS (and never over MAX_POINTS, far under Prometheus's 11,000). */
export function chooseStep(rangeS: number, requested?: number): number {
  const floor = Math.ceil(rangeS / MAX_POINTS);
  if (requested !== undefined) return Math.max(requested, floor);
  return NICE_STEPS.find((s) => s >= rangeS / TARGET_POINTS) ?? Math.max(86400, floor);
}

export function parseStep(v: string): number {
  const m = /^(\d{1,6})(s|m|h|d)?$/.exec(v.trim());
  if (!m || Number(m[1]) === 0) throw badRequest("query.step", "must be a positive duration like 60, 30s, 5m or 1h");
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s"];
}

export interface RangeQuery {
  from?: string;
  to?: string;
  region?: string;
  step?: string;
}

export function resolveRange(q: RangeQuery, now = Date.now()) {
  const to = q.to ? parseInstant(q.to, "query.to", now) : now;
  const from = q.from ? parseInstant(q.from, "query.from", now) : to - 6 * 3_600_000;
  if (from >= to) throw badRequest("query.from", "must be before to");
  if (to - from > MAX_RANGE_DAYS * 86_400_000) throw badRequest("query.from", `the range is longer than ${MAX_RANGE_DAYS} days; narrow from/to`);
  const rangeS = (to - from) / 1000;
  const step = chooseStep(rangeS, q.step ? parseStep(q.step) : undefined);
  // Points fall on `to`, to - step, …: the newest point is now, not up to a step ago.
  const start = to - Math.floor(rangeS / step) * step * 1000;
  return { from: start, to, step };
}

function panelMeta(d: Dashboard, p: Panel) {
  return {
    id: p.id,
    services: panelServices(d, p),
    title: p.title,
    description: p.description,
    unit: p.unit,
    kind: p.kind,
    thresholds: p.thresholds ?? null,
    runbook_url: runbookUrl(p.runbook) ?? null,
    grid: p.grid ?? null,
    promql: compile(p.query, { window: panelWindow(p) }),
  };
}

const minWindow = () => env().METRICS_MIN_RATE_WINDOW_SECONDS;

/** Stat, status-grid and table panels show now (one instant query); time series a range. */
export const isInstantPanel = (p: Pick<Panel, "kind">) => INSTANT_KINDS.has(p.kind);

/** A panel's rate window: 5 minutes for a value now; for a range, the step and never under the minimum. */
export function panelWindow(p: Pick<Panel, "kind">, step = 0): number {
  return isInstantPanel(p) ? INSTANT_WINDOW : Math.max(step, minWindow());
}

function sampleLevel(p: Panel, s: Sample): Level | "no_data" {
  if (p.grid?.state) return stateLevelOf(s.labels[p.grid.state]);
  return levelOf(Number.isFinite(s.value) ? s.value : null, p.thresholds);
}

/** A dashboard's (or a finding's) state: a level, or what the console cannot tell: no data, or a source that failed. */
export type DataState = Level | "no_data" | "error";
const RANK: Record<DataState, number> = { ok: 0, no_data: 1, error: 2, warn: 3, critical: 4 };
const worst = (levels: DataState[]): DataState => levels.reduce<DataState>((a, b) => (RANK[b] > RANK[a] ? b : a), "ok");

const LOOKBACK_MS = 3_600_000;

/**
 * When `p` last had data in `region` (or at all), looking back an hour from `now`; null when not within it.
 * Asked only of a panel that has none now.
 */
const lastData = (p: Panel, source: MetricsSource, now: number, region?: string) => lastSeen(p.query, source, now, region);

async function lastSeen(query: Query, source: MetricsSource, now: number, region?: string): Promise<string | null> {
  try {
    const series = await source.range(query, { window: INSTANT_WINDOW, region }, { from: now - LOOKBACK_MS, to: now, step: 60 });
    let last = -Infinity;
    for (const s of series) for (const [t, v] of s.points) if (v !== null && t > last) last = t;
    return Number.isFinite(last) ? new Date(last).toISOString() : null;
  } catch (err) {
    if (err instanceof MetricsError) return null;
    throw err;
  }
}

/** The regions a by-region panel's samples leave out (each is a region the console knows nothing about now). */
function missingRegions(p: Panel, regions: string[], samples: { labels: Record<string, string> }[]): string[] {
  if (!p.query.by?.includes("region")) return [];
  const seen = new Set(samples.map((s) => s.labels.region));
  return regions.filter((r) => !seen.has(r));
}

interface Finding {
  panel: string;
  level: Exclude<DataState, "ok">;
  labels: Record<string, string>;
  value: number | null;
  /** For no data: when it last had data (within the hour), else null. */
  since?: string | null;
}

/** The dashboard's state now: the worst of its panels with thresholds — what is wrong, and what the console cannot see. */
async function dashboardStatus(d: Dashboard, source: MetricsSource, now: number) {
  const findings: Finding[] = [];
  let errors = 0;
  const regions = metricsRegions();
  await Promise.all(
    d.panels
      .filter((p) => p.thresholds || p.grid?.state)
      .map(async (p) => {
        try {
          const samples = (await source.instant(p.query, { window: INSTANT_WINDOW }, now)).filter((s) => Number.isFinite(s.value) || p.grid?.state);
          for (const s of samples) {
            const level = sampleLevel(p, s);
            if (level !== "ok") findings.push({ panel: p.title, level, labels: s.labels, value: Number.isFinite(s.value) ? s.value : null });
          }
          // Nothing, or nothing from a region: no data, and since when.
          const missing = samples.length ? missingRegions(p, regions, samples) : [undefined];
          for (const region of missing) findings.push({ panel: p.title, level: "no_data", labels: region ? { region } : {}, value: null, since: await lastData(p, source, now, region) });
        } catch (err) {
          if (!(err instanceof MetricsError)) throw err;
          errors++;
          findings.push({ panel: p.title, level: "error", labels: {}, value: null });
        }
      }),
  );
  findings.sort((a, b) => RANK[b.level] - RANK[a.level] || a.panel.localeCompare(b.panel));
  return { state: worst(findings.map((f) => f.level)), findings: findings.slice(0, 5), finding_count: findings.length, panel_errors: errors };
}

export async function listDashboards(opts: { status: boolean }) {
  const source = await metricsSource();
  const now = Date.now();
  const dashboards = await Promise.all(
    DASHBOARDS.map(async (d) => ({
      slug: d.slug,
      title: d.title,
      description: d.description,
      panels: d.panels.map((p) => panelMeta(d, p)),
      status: opts.status ? await dashboardStatus(d, source, now) : null,
    })),
  );
  return { source: source.name, dashboards };
}

/**
 * A panel's data over the range, and what it lacks: `no_data_since` when it has had nothing for more than
 * two steps at the range's end (the last time it had, within the hour, or null), and the regions a
 * by-region panel shows nothing for.
 */
async function evaluatePanel(p: Panel, source: MetricsSource, o: QueryOptions, range: { from: number; to: number; step: number }, regions: string[]): Promise<{ series: SeriesData[]; error?: string; no_data_since?: string | null; missing_regions?: string[] }> {
  try {
    const series = isInstantPanel(p)
      ? (await source.instant(p.query, { ...o, window: panelWindow(p) }, range.to)).map((s) => ({ labels: s.labels, points: [[range.to, Number.isFinite(s.value) ? s.value : null]] as [number, number | null][] }))
      : await source.range(p.query, { ...o, window: panelWindow(p, range.step) }, range);
    const latest = Math.max(-Infinity, ...series.flatMap((s) => s.points.filter(([, v]) => v !== null).map(([t]) => t)));
    const stale = latest < range.to - 2 * range.step * 1000 - 60_000;
    const current = series.filter((s) => s.points.some(([t, v]) => v !== null && t >= range.to - 2 * range.step * 1000 - 60_000));
    const missing = stale ? [] : missingRegions(p, o.region ? [o.region] : regions, current.map((s) => ({ labels: s.labels })));
    return {
      series,
      ...(stale ? { no_data_since: Number.isFinite(latest) ? new Date(latest).toISOString() : await lastData(p, source, range.to, o.region) } : {}),
      ...(missing.length ? { missing_regions: missing } : {}),
    };
  } catch (err) {
    if (err instanceof MetricsError) return { series: [], error: err.message };
    throw err;
  }
}

export async function getDashboard(slug: string, q: RangeQuery) {
  const d = findDashboard(slug);
  if (!d) throw new ApiError("not_found", `No dashboard '${slug}'. Dashboards: ${DASHBOARDS.map((x) => x.slug).join(", ")}.`);
  checkRegion(q.region);
  const range = resolveRange(q);
  const source = await metricsSource();
  const o: QueryOptions = { window: minWindow(), region: q.region };
  const regions = metricsRegions();
  const [changes, ...evaluated] = await Promise.all([dashboardChanges(d, range, q.region), ...d.panels.map((p) => evaluatePanel(p, source, o, range, regions))]);
  const panels = d.panels.map((p, i) => {
    const { series, error, no_data_since, missing_regions } = evaluated[i]!;
    const services = panelServices(d, p);
    const annotations = changes.list.filter((c) => (services as readonly string[]).includes(c.service)).map(annotation);
    return {
      ...panelMeta(d, p),
      promql: compile(p.query, { ...o, window: panelWindow(p, range.step) }),
      series,
      annotations,
      ...(error ? { error } : {}),
      ...(no_data_since !== undefined ? { no_data_since } : {}),
      ...(missing_regions ? { missing_regions } : {}),
    };
  });
  return {
    slug: d.slug,
    title: d.title,
    description: d.description,
    source: source.name,
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    step: range.step,
    region: q.region ?? null,
    changes: changes.list,
    changes_truncated: changes.truncated,
    panels,
  };
}

const MAX_DASHBOARD_CHANGES = 200;

/** The changes under way in the range to any of the dashboard's services, in the region when it has one. */
async function dashboardChanges(d: Dashboard, range: { from: number; to: number }, region: string | undefined) {
  const services = [...new Set(d.panels.flatMap((p) => panelServices(d, p)))];
  const list = await findChanges({ services, regions: region ? [region] : undefined, from: new Date(range.from), to: new Date(range.to) }, MAX_DASHBOARD_CHANGES + 1);
  return { list: list.slice(0, MAX_DASHBOARD_CHANGES), truncated: list.length > MAX_DASHBOARD_CHANGES };
}

/** A change as a chart marker: when, what, by whom, how it went, where to read more. */
const annotation = (c: Change) => ({ change_id: c.id, time: Date.parse(c.started_at), end: c.finished_at ? Date.parse(c.finished_at) : null, kind: c.kind, service: c.service, regions: c.regions, summary: c.summary, actor: c.actor, status: c.status, url: c.url, freeze_violation: c.freeze_violation });

/** Every SLO per region: SLI and budget over the period, burn rates over the seven windows, alert state. */
export async function listSlos(q: { region?: string; history: boolean }, now = Date.now()) {
  checkRegion(q.region);
  const [source, exceptions] = await Promise.all([metricsSource(), activeExceptions(now)]);
  const regions = q.region ? [q.region] : metricsRegions();
  const out = await Promise.all(
    SLOS.map(async (slo) => {
      const o: QueryOptions = { window: 0, region: q.region };
      const byRegion = (samples: Sample[]) => new Map(samples.map((s) => [s.labels.region ?? "", Number.isFinite(s.value) ? s.value : null]));
      const [period, ...windows] = await Promise.all([
        source.instant(slo.errorRatio, { ...o, window: slo.periodDays * 86400 }, now).then(byRegion),
        ...BURN_WINDOWS.map((w) => source.instant(slo.errorRatio, { ...o, window: WINDOW_SECONDS[w] }, now).then(byRegion)),
      ]);
      const history = q.history
        ? await source.range(slo.errorRatio, { ...o, window: 3600 }, { from: now - 24 * 3_600_000, to: now, step: 3600 })
        : [];
      return Promise.all(regions.map(async (region) => {
        const burns = Object.fromEntries(BURN_WINDOWS.map((w, i) => [w, burnRate(windows[i]!.get(region) ?? null, slo.objective)])) as Record<BurnWindow, number>;
        const periodError = period.get(region) ?? null;
        const remaining = budgetRemaining(periodError, slo.objective);
        // No sample over the last five minutes: the console does not know how the SLO does now.
        const noData = (windows[0]!.get(region) ?? null) === null;
        const hist = history.find((s) => s.labels.region === region);
        const scope = { services: [slo.service], regions: [region], from: now - burnWindowSeconds(burns) * 1000, to: now };
        return {
          id: `${slo.id}:${region}`,
          slo: slo.id,
          name: slo.name,
          description: slo.description,
          region,
          objective: slo.objective,
          period_days: slo.periodDays,
          sli: periodError === null ? null : 1 - periodError,
          error_budget_remaining: remaining,
          time_to_exhaustion_s: timeToExhaustion(remaining, burns["1h"], slo.periodDays),
          burn_rates: burns,
          alert_state: noData ? ("no_data" as const) : alertState(burns),
          data_state: noData ? ("no_data" as const) : ("ok" as const),
          ...(noData ? { no_data_since: await lastSeen(slo.errorRatio, source, now, region) } : {}),
          policy: { tier: budgetTier(remaining), exception: exceptionFor(exceptions, slo.id, region) },
          runbook_url: runbookUrl(slo.runbook)!,
          dashboard_url: `/dashboards/${slo.dashboard}?region=${region}`,
          service: slo.service,
          burn_window: { start: new Date(scope.from).toISOString(), end: new Date(scope.to).toISOString() },
          logs_url: platformLogsHref(scope),
          changes_url: changesHref({ ...scope, from: scope.from - CHANGE_LEAD_MS }),
          burn_history: hist ? hist.points.map(([t, v]) => [t, v === null ? null : burnRate(v, slo.objective)] as [number, number | null]) : [],
        };
      }));
    }),
  );
  return { source: source.name, slos: out.flat() };
}

/** Every alerting rule with its state now, from the configured source. */
export async function listRuleStates() {
  const source = await metricsSource();
  return { source: source.name, rules: await ruleStates(source) };
}
