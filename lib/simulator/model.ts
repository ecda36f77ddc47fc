// A deterministic, seeded model of the platform: three regions, the control plane, edge nodes and
// endpoints, ~200 hosts with states, microVMs, WireGuard peers, volumes and backup jobs — with a daily
// traffic shape, noise, and the scripted scenarios in ./scenarios.
//
// Every series is a pure function of (seed, minute): a counter's per-second rate or a gauge's value is
// constant within a UTC minute. A counter's increase over any window is the exact integral of that rate,
// so the in-process source and a Prometheus scraping `npm run simulate` measure the same thing.
// Labels are bounded: region, service, node, endpoint, host, backup, projection, code, le — no request or
// user labels. (`backup`, not `job`: Prometheus owns `job` for the scrape target.)
import { intensity, type Scenario, type ScenarioKind } from "./scenarios";
import { hash32, MIN, REGIONS } from "./shape";
import { builder, regionSignals } from "./subsystems/builder";
import type { Series, SeriesHost } from "./series";
import { controlPlane } from "./subsystems/control-plane";
import { edge } from "./subsystems/edge";
import { hostFleet } from "./subsystems/hosts";
import { overlay } from "./subsystems/overlay";
import { storage } from "./subsystems/storage";
import { serviceOfMetric } from "@/lib/metrics/signals";

export { REGIONS, HOST_STATES, MICROVM_OPS, BACKUP_JOBS, PROJECTIONS, EDGE_ENDPOINTS, normalCdf } from "./shape";

export type { Labels, Series } from "./series";

export interface PlatformOptions {
  seed: number;
  scenarios: Scenario[];
}

export class Platform implements SeriesHost {
  readonly series: Series[] = [];
  readonly byMetric = new Map<string, Series[]>();
  readonly scenarios: Scenario[];
  readonly seed: number;
  private hourCache = new Map<number, number>();
  private dayCache = new Map<number, Float64Array>();

  constructor(opts: PlatformOptions) {
    this.seed = opts.seed >>> 0;
    this.scenarios = opts.scenarios;
    build(this);
  }

  /** Uniform 0..1, fixed for (key, minute) under this seed. */
  noise(key: number, m: number): number {
    return hash32(this.seed ^ key, m) / 4294967296;
  }

  /** Strongest intensity of scenarios of `kind` in `region` (and on `target`) during minute `m`. */
  effect(kind: ScenarioKind, region: string, m: number, target?: string): number {
    let v = 0;
    for (const s of this.scenarios) {
      if (
        s.kind !== kind ||
        s.region !== region ||
        (target !== undefined && s.target !== undefined && s.target !== target)
      )
        continue;
      v = Math.max(v, intensity(s, m * MIN + MIN / 2));
    }
    return v;
  }

  /** Start of the scenario of `kind` in `region` active during minute `m`, if any. */
  activeSince(kind: ScenarioKind, region: string, m: number, target?: string): number | null {
    const t = m * MIN + MIN / 2;
    const s = this.scenarios.find(
      (x) =>
        x.kind === kind &&
        x.region === region &&
        (target === undefined || x.target === undefined || x.target === target) &&
        t >= x.start &&
        t < x.end,
    );
    return s ? s.start : null;
  }

  add(s: Omit<Series, "index" | "service">): void {
    const series = { ...s, index: this.series.length, service: serviceOfMetric(s.metric) };
    this.series.push(series);
    const list = this.byMetric.get(s.metric) ?? [];
    list.push(series);
    this.byMetric.set(s.metric, list);
  }

  /**
   * Whether the series reports nothing at `t`: its service's metrics are silenced in its region by a
   * "metrics-silent" scenario. A silent series has no sample; what it counts goes on underneath.
   */
  silent(s: Series, t: number): boolean {
    if (!s.service) return false;
    for (const x of this.scenarios)
      if (
        x.kind === "metrics-silent" &&
        x.target === s.service &&
        (s.labels.region === undefined || x.region === s.labels.region) &&
        t >= x.start &&
        t < x.end
      )
        return true;
    return false;
  }

  /** A counter's exact increase over [from, to) ms. */
  increase(s: Series, from: number, to: number): number {
    if (to <= from) return 0;
    let total = 0;
    let t = from;
    const HOUR = 60 * MIN;
    while (t < to) {
      const m = Math.floor(t / MIN);
      if (t % HOUR === 0 && t + HOUR <= to) {
        total += this.hour(s, t / HOUR);
        t += HOUR;
        continue;
      }
      const next = Math.min((m + 1) * MIN, to);
      total += this.minute(s, m) * ((next - t) / 1000);
      t = next;
    }
    return total;
  }

  private hour(s: Series, h: number): number {
    const key = s.index * 1e7 + h;
    const hit = this.hourCache.get(key);
    if (hit !== undefined) return hit;
    let sum = 0;
    // Straight from the model: hour sums are cached themselves, and long windows (30-day SLOs) would
    // otherwise fill the minute cache with a month of every series they touch.
    for (let m = h * 60; m < h * 60 + 60; m++) sum += s.at(m) * 60;
    if (this.hourCache.size > 500_000) this.hourCache.clear();
    this.hourCache.set(key, sum);
    return sum;
  }

  /** A counter's average per-second rate over [from, to), or a gauge's value at `to`. */
  rate(s: Series, from: number, to: number): number {
    return this.increase(s, from, to) / ((to - from) / 1000);
  }

  value(s: Series, t: number): number {
    return this.minute(s, Math.floor(t / MIN));
  }

  /** s.at(m), computed once per series and minute (kept a UTC day at a time, bounded). */
  minute(s: Series, m: number): number {
    const day = Math.floor(m / 1440);
    const key = s.index * 1e6 + day;
    let block = this.dayCache.get(key);
    if (!block) {
      if (this.dayCache.size >= 8000) {
        // Drop the oldest half (a Map iterates in insertion order), not everything at once.
        let n = 0;
        for (const k of this.dayCache.keys()) {
          if (n++ >= 4000) break;
          this.dayCache.delete(k);
        }
      }
      block = new Float64Array(1440).fill(NaN);
      this.dayCache.set(key, block);
    }
    const i = m - day * 1440;
    let v = block[i]!;
    if (Number.isNaN(v)) {
      v = s.at(m);
      block[i] = v;
    }
    return v;
  }
}

function build(p: Platform): void {
  const b = builder(p);
  for (const [index, region] of REGIONS.entries()) {
    const s = regionSignals(b, region, index);
    controlPlane(b, s);
    edge(b, s);
    hostFleet(b, s);
    overlay(b, s);
    storage(b, s);
  }
}
