// One panel of a dashboard: what it shows, its rate window, its level, and its data over a range — with
// what it lacks (no data since when, regions missing) and a source's failure kept on the panel.
import "server-only";
import { env } from "@/lib/env";
import { levelOf, panelServices, stateLevelOf, type Dashboard, type Level, type Panel } from "./dashboards";
import { compile, type Query, type QueryOptions, type Sample } from "./query";
import { MetricsError, type MetricsSource, type SeriesData } from "./sources";

export const INSTANT_WINDOW = 300;
/** A runbook's page in the console. */
export function runbookUrl(slug: string): string;
export function runbookUrl(slug: string | undefined): string | undefined;
export function runbookUrl(slug: string | undefined) {
  return slug ? `/runbooks/${slug}` : undefined;
}

const INSTANT_KINDS = new Set(["stat", "status-grid", "table"]);

/** What the console shows of a panel besides its data. */
export function panelMeta(d: Dashboard, p: Panel) {
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

export const minWindow = () => env().METRICS_MIN_RATE_WINDOW_SECONDS;

/** Stat, status-grid and table panels show now (one instant query); time series a range. */
export const isInstantPanel = (p: Pick<Panel, "kind">) => INSTANT_KINDS.has(p.kind);

/** A panel's rate window: 5 minutes for a value now; for a range, the step and never under the minimum. */
export function panelWindow(p: Pick<Panel, "kind">, step = 0): number {
  return isInstantPanel(p) ? INSTANT_WINDOW : Math.max(step, minWindow());
}

export function sampleLevel(p: Panel, s: Sample): Level | "no_data" {
  if (p.grid?.state) return stateLevelOf(s.labels[p.grid.state]);
  return levelOf(Number.isFinite(s.value) ? s.value : null, p.thresholds);
}

/** A dashboard's (or a finding's) state: a level, or what the console cannot tell: no data, or a source that failed. */
export type DataState = Level | "no_data" | "error";
export const RANK: Record<DataState, number> = { ok: 0, no_data: 1, error: 2, warn: 3, critical: 4 };
export const worst = (levels: DataState[]): DataState =>
  levels.reduce<DataState>((a, b) => (RANK[b] > RANK[a] ? b : a), "ok");

const LOOKBACK_MS = 3_600_000;

/**
 * When `p` last had data in `region` (or at all), looking back an hour from `now`; null when not within it.
 * Asked only of a panel that has none now.
 */
export const lastData = (p: Panel, source: MetricsSource, now: number, region?: string) =>
  lastSeen(p.query, source, now, region);

export async function lastSeen(
  query: Query,
  source: MetricsSource,
  now: number,
  region?: string,
): Promise<string | null> {
  try {
    const series = await source.range(
      query,
      { window: INSTANT_WINDOW, region },
      { from: now - LOOKBACK_MS, to: now, step: 60 },
    );
    let last = -Infinity;
    for (const s of series) for (const [t, v] of s.points) if (v !== null && t > last) last = t;
    return Number.isFinite(last) ? new Date(last).toISOString() : null;
  } catch (err) {
    if (err instanceof MetricsError) return null;
    throw err;
  }
}

/** The regions a by-region panel's samples leave out (each is a region the console knows nothing about now). */
export function missingRegions(p: Panel, regions: string[], samples: { labels: Record<string, string> }[]): string[] {
  if (!p.query.by?.includes("region")) return [];
  const seen = new Set(samples.map((s) => s.labels.region));
  return regions.filter((r) => !seen.has(r));
}

/**
 * A panel's data over the range, and what it lacks: `no_data_since` when it has had nothing for more than
 * two steps at the range's end (the last time it had, within the hour, or null), and the regions a
 * by-region panel shows nothing for.
 */
export async function evaluatePanel(
  p: Panel,
  source: MetricsSource,
  o: QueryOptions,
  range: { from: number; to: number; step: number },
  regions: string[],
): Promise<{ series: SeriesData[]; error?: string; no_data_since?: string | null; missing_regions?: string[] }> {
  try {
    const series = isInstantPanel(p)
      ? (await source.instant(p.query, { ...o, window: panelWindow(p) }, range.to)).map((s): SeriesData => ({
          labels: s.labels,
          points: [[range.to, Number.isFinite(s.value) ? s.value : null]],
        }))
      : await source.range(p.query, { ...o, window: panelWindow(p, range.step) }, range);
    const latest = Math.max(
      -Infinity,
      ...series.flatMap((s) => s.points.filter(([, v]) => v !== null).map(([t]) => t)),
    );
    const stale = latest < range.to - 2 * range.step * 1000 - 60_000;
    const current = series.filter((s) =>
      s.points.some(([t, v]) => v !== null && t >= range.to - 2 * range.step * 1000 - 60_000),
    );
    const missing = stale
      ? []
      : missingRegions(
          p,
          o.region ? [o.region] : regions,
          current.map((s) => ({ labels: s.labels })),
        );
    return {
      series,
      ...(stale
        ? {
            no_data_since: Number.isFinite(latest)
              ? new Date(latest).toISOString()
              : await lastData(p, source, range.to, o.region),
          }
        : {}),
      ...(missing.length ? { missing_regions: missing } : {}),
    };
  } catch (err) {
    if (err instanceof MetricsError) return { series: [], error: err.message };
    throw err;
  }
}
