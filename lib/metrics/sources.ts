// Where dashboard data comes from: Prometheus (any engine with its HTTP API — Thanos, Mimir,
// VictoriaMetrics) when PROMETHEUS_URL is set, otherwise the built-in platform simulator.
import "server-only";
import { eq } from "drizzle-orm";
import { env } from "@/lib/env";
import { db } from "@/lib/db/client";
import { incidents } from "@/lib/db/schema";
import { createPlatform, type Platform } from "@/lib/simulator";
import { compile, evaluate, groupKey, matches, pick, type Labels, type Matchers, type Query, type QueryOptions, type Sample, type SampleReader } from "./query";

export type Point = [number, number | null];
export interface SeriesData {
  labels: Labels;
  points: Point[];
}

export interface Range {
  from: number;
  to: number;
  step: number;
}

/** A query that failed at the source (Prometheus error, timeout, unreachable): shown on its panel. */
export class MetricsError extends Error {}

export interface MetricsSource {
  readonly name: "simulator" | "prometheus";
  instant(q: Query, o: QueryOptions, at: number): Promise<Sample[]>;
  range(q: Query, o: QueryOptions, r: Range): Promise<SeriesData[]>;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function labelKey(l: Labels): string {
  return JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)));
}

export class SimulatorSource implements MetricsSource, SampleReader {
  readonly name = "simulator" as const;
  private selected = new Map<string, ReturnType<Platform["series"]["filter"]>>();

  constructor(readonly platform: Platform) {}

  private select(metric: string, match: Matchers | undefined, region: string | undefined) {
    const key = JSON.stringify([metric, match, region]);
    let list = this.selected.get(key);
    if (!list) {
      list = (this.platform.byMetric.get(metric) ?? []).filter((s) => matches(s.labels, match, region));
      this.selected.set(key, list);
    }
    return list;
  }

  // A silenced series has no sample, as a series Prometheus stopped scraping has none.
  rates(metric: string, match: Matchers | undefined, region: string | undefined, t: number, windowS: number): Sample[] {
    return this.select(metric, match, region)
      .filter((s) => !this.platform.silent(s, t))
      .map((s) => ({ labels: s.labels, value: this.platform.rate(s, t - windowS * 1000, t) }));
  }

  values(metric: string, match: Matchers | undefined, region: string | undefined, t: number): Sample[] {
    return this.select(metric, match, region)
      .filter((s) => !this.platform.silent(s, t))
      .map((s) => ({ labels: s.labels, value: this.platform.value(s, t) }));
  }

  async instant(q: Query, o: QueryOptions, at: number): Promise<Sample[]> {
    return evaluate(q, this, o, at);
  }

  /**
   * A gauge over a range without building a sample per series per point: each series' group is found once,
   * then every point folds values straight into its group (the host grid has 1,000 series).
   */
  private gaugeRange(q: Extract<Query, { kind: "gauge" }>, o: QueryOptions, r: Range): SeriesData[] {
    const list = this.select(q.sel.metric, q.sel.match, o.region);
    const keys = q.by ?? [];
    const index = new Map<string, number>();
    const groups: SeriesData[] = [];
    const groupOf = list.map((s) => {
      const k = groupKey(s.labels, keys);
      let i = index.get(k);
      if (i === undefined) {
        index.set(k, (i = groups.length));
        groups.push({ labels: pick(s.labels, keys), points: [] });
      }
      return i;
    });
    const acc = new Float64Array(groups.length);
    const n = new Uint32Array(groups.length);
    for (let t = r.from; t <= r.to; t += r.step * 1000) {
      acc.fill(q.agg === "max" ? -Infinity : q.agg === "min" ? Infinity : 0);
      n.fill(0);
      for (let j = 0; j < list.length; j++) {
        if (this.platform.silent(list[j]!, t)) continue;
        const v = this.platform.value(list[j]!, t);
        const g = groupOf[j]!;
        acc[g] = q.agg === "max" ? Math.max(acc[g]!, v) : q.agg === "min" ? Math.min(acc[g]!, v) : acc[g]! + v;
        n[g]!++;
      }
      for (let g = 0; g < groups.length; g++) {
        if (n[g] === 0) continue; // every series of the group silent: no point, as Prometheus gives none
        const v = q.agg === "avg" ? acc[g]! / n[g]! : acc[g]!;
        if (!q.nonzero || v > 0) groups[g]!.points.push([t, finite(v)]);
      }
    }
    return groups.filter((g) => g.points.length > 0);
  }

  async range(q: Query, o: QueryOptions, r: Range): Promise<SeriesData[]> {
    if (q.kind === "gauge") return this.gaugeRange(q, o, r);
    const series = new Map<string, SeriesData>();
    for (let t = r.from; t <= r.to; t += r.step * 1000) {
      for (const s of evaluate(q, this, o, t)) {
        const k = labelKey(s.labels);
        let d = series.get(k);
        if (!d) series.set(k, (d = { labels: s.labels, points: [] }));
        d.points.push([t, finite(s.value)]);
      }
    }
    return [...series.values()];
  }
}

type QueryData = { resultType: string; result: { metric: Labels; value?: [number, string]; values?: [number, string][] }[] };

interface PromResponse {
  status: "success" | "error";
  error?: string;
  errorType?: string;
  data?: unknown;
}

export class PrometheusSource implements MetricsSource {
  readonly name = "prometheus" as const;

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs = 10_000,
  ) {}

  /** One HTTP API call; Prometheus's own error message when it refuses, a clear one when it is unreachable. */
  async call(path: "query" | "query_range", params: Record<string, string>): Promise<QueryData> {
    return this.request(path, "POST", new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s` })) as Promise<QueryData>;
  }

  /** A read-only API call (rules, alerts, targets). */
  get(path: "rules" | "targets", params: Record<string, string> = {}): Promise<unknown> {
    return this.request(`${path}?${new URLSearchParams(params)}`, "GET");
  }

  private async request(path: string, method: "GET" | "POST", body?: URLSearchParams): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(new URL(`api/v1/${path}`, this.baseUrl.endsWith("/") ? this.baseUrl : `${this.baseUrl}/`), {
        method,
        body,
        headers: body ? { "content-type": "application/x-www-form-urlencoded" } : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
        cache: "no-store",
      });
    } catch (err) {
      const name = (err as Error).name;
      throw new MetricsError(name === "TimeoutError" ? `Prometheus did not answer within ${this.timeoutMs} ms` : `Prometheus is unreachable: ${(err as Error).message}`);
    }
    let json: PromResponse;
    try {
      json = (await res.json()) as PromResponse;
    } catch {
      throw new MetricsError(`Prometheus answered ${res.status} without a JSON body`);
    }
    if (json.status !== "success" || !json.data) throw new MetricsError(`Prometheus ${json.errorType ?? res.status}: ${json.error ?? "query failed"}`);
    return json.data;
  }

  async instant(q: Query, o: QueryOptions, at: number): Promise<Sample[]> {
    const data = await this.call("query", { query: compile(q, o), time: String(at / 1000) });
    return data.result.map((r) => ({ labels: r.metric, value: Number(r.value?.[1]) }));
  }

  async range(q: Query, o: QueryOptions, r: Range): Promise<SeriesData[]> {
    const data = await this.call("query_range", { query: compile(q, o), start: String(r.from / 1000), end: String(r.to / 1000), step: String(r.step) });
    return data.result.map((s) => ({ labels: s.metric, points: (s.values ?? []).map(([t, v]) => [Math.round(t * 1000), finite(Number(v))] as Point) }));
  }
}

const g = globalThis as unknown as { __opsConsoleMetricsSource?: { key: string; source: Promise<MetricsSource> } };

/** When the demo was seeded: the demo SEV1's impact began 61 minutes before. Otherwise now. */
async function demoAnchor(): Promise<number> {
  try {
    const [row] = await db().select({ at: incidents.impactStartedAt }).from(incidents).where(eq(incidents.id, "inc_demo_edge")).limit(1);
    if (row?.at) return row.at.getTime() + 61 * 60_000;
  } catch {
    // no database yet: place the scenarios around now
  }
  return Date.now();
}

/**
 * The simulated platform the demo runs on: the one the simulator source reads, or — when the console
 * reads a real Prometheus — one built the same way, so the demo's logs and changes tell the same story.
 */
export async function simulatorPlatform(): Promise<Platform> {
  const source = await metricsSource();
  if (source instanceof SimulatorSource) return source.platform;
  const e = env();
  return createPlatform({ seed: e.SIMULATOR_SEED, anchor: e.SIMULATOR_ANCHOR ? Date.parse(e.SIMULATOR_ANCHOR) : await demoAnchor(), scenariosJson: e.SIMULATOR_SCENARIOS });
}

/** The configured source, built once per configuration (tests switch between them). */
export function metricsSource(): Promise<MetricsSource> {
  const e = env();
  const key = JSON.stringify([e.PROMETHEUS_URL, e.PROMETHEUS_TIMEOUT_MS, e.SIMULATOR_SEED, e.SIMULATOR_ANCHOR, e.SIMULATOR_SCENARIOS]);
  if (g.__opsConsoleMetricsSource?.key !== key) {
    const source = (async (): Promise<MetricsSource> => {
      if (e.PROMETHEUS_URL) return new PrometheusSource(e.PROMETHEUS_URL, e.PROMETHEUS_TIMEOUT_MS);
      const anchor = e.SIMULATOR_ANCHOR ? Date.parse(e.SIMULATOR_ANCHOR) : await demoAnchor();
      return new SimulatorSource(createPlatform({ seed: e.SIMULATOR_SEED, anchor, scenariosJson: e.SIMULATOR_SCENARIOS }));
    })();
    g.__opsConsoleMetricsSource = { key, source };
  }
  return g.__opsConsoleMetricsSource.source;
}
