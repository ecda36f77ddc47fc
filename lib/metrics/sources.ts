// Where dashboard data comes from: Prometheus (any engine with its HTTP API — Thanos, Mimir,
// VictoriaMetrics) when PROMETHEUS_URL is set, otherwise the built-in platform simulator.
import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { env } from "@/lib/env";
import { db } from "@/lib/db/client";
import { incidents } from "@/lib/db/schema";
import { createPlatform, type Platform } from "@/lib/simulator";
import { inSpan, withTraceHeaders, type Span } from "@/lib/telemetry/tracing";
import { answerData, MetricsError, queryData, type QueryData } from "./prometheus-api";
import {
  compile,
  evaluate,
  groupKey,
  matches,
  pick,
  type Labels,
  type Matchers,
  type Query,
  type QueryOptions,
  type Sample,
  type SampleReader,
} from "./query";

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

export { MetricsError } from "./prometheus-api";

export interface MetricsSource {
  readonly name: "simulator" | "prometheus";
  instant(q: Query, o: QueryOptions, at: number): Promise<Sample[]>;
  range(q: Query, o: QueryOptions, r: Range): Promise<SeriesData[]>;
}

/**
 * Which source this is, by its name. Not `instanceof`: the source is one per process, shared through globalThis,
 * and a class from another bundle of the same process (Next builds several) is not the same class.
 */
export const isSimulator = (s: MetricsSource): s is SimulatorSource => s.name === "simulator";
export const isPrometheus = (s: MetricsSource): s is PrometheusSource => s.name === "prometheus";

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function labelKey(l: Labels): string {
  return JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)));
}

/** A gauge's group while a range is folded: its series' values at one point, summed (or the max, or the min) and counted. */
type GaugeGroup = SeriesData & { acc: number; n: number };

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
    const index = new Map<string, GaugeGroup>();
    const groups: GaugeGroup[] = [];
    const members = list.map((series) => {
      const k = groupKey(series.labels, keys);
      let group = index.get(k);
      if (!group) {
        group = { labels: pick(series.labels, keys), points: [], acc: 0, n: 0 };
        index.set(k, group);
        groups.push(group);
      }
      return { series, group };
    });
    for (let t = r.from; t <= r.to; t += r.step * 1000) {
      for (const group of groups) {
        group.acc = q.agg === "max" ? -Infinity : q.agg === "min" ? Infinity : 0;
        group.n = 0;
      }
      for (const { series, group } of members) {
        if (this.platform.silent(series, t)) continue;
        const v = this.platform.value(series, t);
        group.acc = q.agg === "max" ? Math.max(group.acc, v) : q.agg === "min" ? Math.min(group.acc, v) : group.acc + v;
        group.n++;
      }
      for (const group of groups) {
        if (group.n === 0) continue; // every series of the group silent: no point, as Prometheus gives none
        const v = q.agg === "avg" ? group.acc / group.n : group.acc;
        if (!q.nonzero || v > 0) group.points.push([t, finite(v)]);
      }
    }
    return groups.filter((g) => g.points.length > 0).map(({ labels, points }) => ({ labels, points }));
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

export class PrometheusSource implements MetricsSource {
  readonly name = "prometheus" as const;

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs = 10_000,
  ) {}

  /** One HTTP API call; Prometheus's own error message when it refuses, a clear one when it is unreachable. */
  async call(path: "query" | "query_range", params: Record<string, string>): Promise<QueryData> {
    return this.request(
      path,
      "POST",
      queryData,
      new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s` }),
    );
  }

  /** A read-only API call (rules, alerts, targets), its answer read by `schema`. */
  get<T>(path: "rules" | "targets", schema: z.ZodType<T>, params: Record<string, string> = {}): Promise<T> {
    return this.request(`${path}?${new URLSearchParams(params)}`, "GET", schema);
  }

  private async request<T>(
    path: string,
    method: "GET" | "POST",
    schema: z.ZodType<T>,
    body?: URLSearchParams,
  ): Promise<T> {
    const endpoint = path.split("?")[0];
    // A span under the active one ("prometheus query_range"; never the query or its parameters), whose
    // `traceparent` the request carries.
    return inSpan(`prometheus ${endpoint}`, { "http.request.method": method, "ops.prometheus.api": endpoint }, (span) =>
      this.send(path, method, schema, body, span),
    );
  }

  private async send<T>(
    path: string,
    method: "GET" | "POST",
    schema: z.ZodType<T>,
    body: URLSearchParams | undefined,
    span: Span | undefined,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(`api/v1/${path}`, this.baseUrl.endsWith("/") ? this.baseUrl : `${this.baseUrl}/`), {
        method,
        body,
        headers: withTraceHeaders(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
        cache: "no-store",
      });
      span?.setAttribute("http.response.status_code", res.status);
    } catch (err) {
      const name = err instanceof Error ? err.name : undefined;
      throw new MetricsError(
        name === "TimeoutError"
          ? `Prometheus did not answer within ${this.timeoutMs} ms`
          : `Prometheus is unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    let raw: unknown;
    try {
      raw = await res.json();
    } catch {
      throw new MetricsError(`Prometheus answered ${res.status} without a JSON body`);
    }
    return answerData(raw, res.status, path, schema);
  }

  async instant(q: Query, o: QueryOptions, at: number): Promise<Sample[]> {
    const data = await this.call("query", { query: compile(q, o), time: String(at / 1000) });
    return data.result.map((r) => ({ labels: r.metric, value: Number(r.value?.[1]) }));
  }

  async range(q: Query, o: QueryOptions, r: Range): Promise<SeriesData[]> {
    const data = await this.call("query_range", {
      query: compile(q, o),
      start: String(r.from / 1000),
      end: String(r.to / 1000),
      step: String(r.step),
    });
    return data.result.map((s) => ({
      labels: s.metric,
      points: (s.values ?? []).map(([t, v]): Point => [Math.round(t * 1000), finite(Number(v))]),
    }));
  }
}

declare global {
  /** The configured metrics source, shared by every bundle of this process. */
  var __opsConsoleMetricsSource: { key: string; source: Promise<MetricsSource> } | undefined;
}

/** When the demo was seeded: the demo SEV1's impact began 61 minutes before. Otherwise now. */
async function demoAnchor(): Promise<number> {
  try {
    const [row] = await db()
      .select({ at: incidents.impactStartedAt })
      .from(incidents)
      .where(eq(incidents.id, "inc_demo_edge"))
      .limit(1);
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
  if (isSimulator(source)) return source.platform;
  const e = env();
  return createPlatform({
    seed: e.SIMULATOR_SEED,
    anchor: e.SIMULATOR_ANCHOR ? Date.parse(e.SIMULATOR_ANCHOR) : await demoAnchor(),
    scenariosJson: e.SIMULATOR_SCENARIOS,
  });
}

/** The configured source, built once per configuration (tests switch between them). */
export function metricsSource(): Promise<MetricsSource> {
  const e = env();
  const key = JSON.stringify([
    e.PROMETHEUS_URL,
    e.PROMETHEUS_TIMEOUT_MS,
    e.SIMULATOR_SEED,
    e.SIMULATOR_ANCHOR,
    e.SIMULATOR_SCENARIOS,
  ]);
  const cached = globalThis.__opsConsoleMetricsSource;
  if (cached?.key === key) return cached.source;
  const source = (async (): Promise<MetricsSource> => {
    if (e.PROMETHEUS_URL) return new PrometheusSource(e.PROMETHEUS_URL, e.PROMETHEUS_TIMEOUT_MS);
    const anchor = e.SIMULATOR_ANCHOR ? Date.parse(e.SIMULATOR_ANCHOR) : await demoAnchor();
    return new SimulatorSource(
      createPlatform({ seed: e.SIMULATOR_SEED, anchor, scenariosJson: e.SIMULATOR_SCENARIOS }),
    );
  })();
  globalThis.__opsConsoleMetricsSource = { key, source };
  return source;
}
