// What every subsystem of the model builds with: typed series constructors over one Platform, the
// per-minute noise and the daily traffic shape, and the signals a region's subsystems share (its
// traffic shape, the scenarios active in it, the noise of its API and microVM rates).
import type { Labels, SeriesHost } from "../series";
import type { ScenarioKind } from "../scenarios";
import { normalCdf, PEAK_HOUR, stringHash } from "../shape";

export interface Builder {
  p: SeriesHost;
  counter(metric: string, help: string, labels: Labels, at: (m: number) => number): void;
  gauge(metric: string, help: string, labels: Labels, at: (m: number) => number): void;
  /** A histogram of a log-normal distribution with the given median and spread, observed at `rate`/s. */
  histogram(
    family: string,
    help: string,
    labels: Labels,
    buckets: number[],
    rate: (m: number) => number,
    median: (m: number) => number,
    sigma: number,
  ): void;
  /** 1 ± spread, fixed per (key, minute). */
  wobble(key: string, spread: number): (m: number) => number;
}

export function builder(p: SeriesHost): Builder {
  const wobble = (key: string, spread: number) => {
    const k = stringHash(key);
    return (m: number) => 1 - spread + 2 * spread * p.noise(k, m);
  };
  return {
    p,
    counter: (metric, help, labels, at) =>
      p.add({ metric, family: metric.replace(/_total$/, ""), familyType: "counter", help, counter: true, labels, at }),
    gauge: (metric, help, labels, at) =>
      p.add({ metric, family: metric, familyType: "gauge", help, counter: false, labels, at }),
    histogram(family, help, labels, buckets, rate, median, sigma) {
      const add = (metric: string, extra: Labels, at: (m: number) => number) =>
        p.add({ metric, family, familyType: "histogram", help, counter: true, labels: { ...labels, ...extra }, at });
      for (const le of buckets)
        add(`${family}_bucket`, { le: String(le) }, (m) => rate(m) * normalCdf(Math.log(le / median(m)) / sigma));
      add(`${family}_bucket`, { le: "+Inf" }, rate);
      add(`${family}_count`, {}, rate);
      add(`${family}_sum`, {}, (m) => rate(m) * median(m) * Math.exp((sigma * sigma) / 2));
    },
    wobble,
  };
}

/** What a region's subsystems share. */
export interface RegionSignals {
  region: string;
  /** The region's position in REGIONS (host counts differ by region). */
  index: number;
  /** The daily traffic shape, 0.6 at night to 1.0 at the region's peak hour. */
  shape: (m: number) => number;
  hostWave: (m: number) => number;
  edgeBad: (m: number) => number;
  /** Strongest intensity of any scenario of `kind` in this region during minute `m` (on `target`, when given). */
  effect: (kind: ScenarioKind, m: number, target?: string) => number;
  apiNoise: (m: number) => number;
  latNoise: (m: number) => number;
  vmNoise: (m: number) => number;
}

export function regionSignals(b: Builder, region: string, index: number): RegionSignals {
  return {
    region,
    index,
    shape: (m) => {
      const hour = (((m / 60) % 24) + 24) % 24;
      return 0.6 + 0.4 * (0.5 + 0.5 * Math.cos(((hour - PEAK_HOUR[region]!) / 24) * 2 * Math.PI));
    },
    hostWave: (m) => b.p.effect("host-failure-wave", region, m),
    edgeBad: (m) => b.p.effect("edge-connect-degradation", region, m),
    effect: (kind, m, target) => b.p.effect(kind, region, m, target),
    apiNoise: b.wobble(`api:${region}`, 0.05),
    latNoise: b.wobble(`lat:${region}`, 0.08),
    vmNoise: b.wobble(`vm:${region}`, 0.04),
  };
}
