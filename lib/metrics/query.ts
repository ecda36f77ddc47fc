// Typed metric queries: one definition per panel, compiled to PromQL for Prometheus and evaluated
// directly against the simulator. Browser-safe for the types and `compile`.

export type MatchOp = "=" | "!=" | "=~" | "!~";
export type Matchers = Record<string, string | [MatchOp, string]>;

export interface Selector {
  metric: string;
  match?: Matchers;
}

export type Query =
  /** sum by (by) (rate(metric[w])) — per second. */
  | { kind: "rate"; sel: Selector; by?: string[] }
  /** sum by (by) (rate(num[w])) / sum by (by) (rate(den[w])); `complement` gives 1 - that. */
  | { kind: "ratio"; num: Selector; den: Selector; by?: string[]; complement?: boolean }
  /** histogram_quantile(q, sum by (le, by) (rate(histogram_bucket[w]))). */
  | { kind: "quantile"; q: number; histogram: string; match?: Matchers; by?: string[] }
  /** agg by (by) (metric); `nonzero` keeps only groups above 0. */
  | { kind: "gauge"; sel: Selector; agg: "sum" | "max" | "min" | "avg"; by?: string[]; nonzero?: boolean }
  /** max by (by) (time() - metric): how old a timestamp gauge is, in seconds (oldest in the group). */
  | { kind: "age"; sel: Selector; by?: string[] };

export interface QueryOptions {
  /** Rate window in seconds. */
  window: number;
  /** Restrict every selector to one region. */
  region?: string;
  /** Read the data this many seconds ago (PromQL's `offset`). */
  offset?: number;
}

export function duration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function matchers(match: Matchers | undefined, region: string | undefined): [string, MatchOp, string][] {
  const list: [string, MatchOp, string][] = Object.entries(match ?? {}).map(([k, v]) =>
    typeof v === "string" ? [k, "=", v] : [k, v[0], v[1]],
  );
  if (region) list.push(["region", "=", region]);
  return list;
}

const quote = (v: string) => JSON.stringify(v);

function selector(metric: string, match: Matchers | undefined, region: string | undefined): string {
  const m = matchers(match, region);
  return m.length ? `${metric}{${m.map(([k, op, v]) => `${k}${op}${quote(v)}`).join(",")}}` : metric;
}

const by = (labels: string[] | undefined) => `by (${(labels ?? []).join(", ")})`;

/** The PromQL for a query. */
export function compile(q: Query, o: QueryOptions): string {
  const w = duration(o.window);
  const off = o.offset ? ` offset ${duration(o.offset)}` : "";
  const sumRate = (s: Selector, extra: string[] = []) =>
    `sum ${by([...extra, ...(q.by ?? [])])} (rate(${selector(s.metric, s.match, o.region)}[${w}]${off}))`;
  switch (q.kind) {
    case "rate":
      return sumRate(q.sel);
    case "ratio": {
      const r = `${sumRate(q.num)} / ${sumRate(q.den)}`;
      return q.complement ? `1 - (${r})` : r;
    }
    case "quantile":
      return `histogram_quantile(${q.q}, ${sumRate({ metric: `${q.histogram}_bucket`, match: q.match }, ["le"])})`;
    case "gauge": {
      const g = `${q.agg} ${by(q.by)} (${selector(q.sel.metric, q.sel.match, o.region)}${off})`;
      return q.nonzero ? `${g} > 0` : g;
    }
    case "age":
      return `max ${by(q.by)} (time() - ${selector(q.sel.metric, q.sel.match, o.region)}${off})`;
  }
}

// --- evaluation against labelled samples (the simulator source)

export type Labels = Record<string, string>;

export function matches(labels: Labels, match: Matchers | undefined, region: string | undefined): boolean {
  for (const [k, op, v] of matchers(match, region)) {
    const have = labels[k] ?? "";
    const ok =
      op === "=" ? have === v : op === "!=" ? have !== v : new RegExp(`^(?:${v})$`).test(have) === (op === "=~");
    if (!ok) return false;
  }
  return true;
}

const keyCache = new WeakMap<Labels, Map<string, string>>();

/** The group a series falls in under `by (keys)`; cached per label set (series are evaluated many times). */
export function groupKey(labels: Labels, keys: string[]): string {
  const k = keys.join(",");
  let byKeys = keyCache.get(labels);
  if (!byKeys) keyCache.set(labels, (byKeys = new Map()));
  let key = byKeys.get(k);
  if (key === undefined) {
    key = keys.map((x) => `${x}\u0000${labels[x] ?? ""}`).join("\u0001");
    byKeys.set(k, key);
  }
  return key;
}

export function pick(labels: Labels, keys: string[]): Labels {
  const out: Labels = {};
  for (const k of keys) if (labels[k]) out[k] = labels[k];
  return out;
}

/** Prometheus's histogram_quantile over cumulative buckets (upper bound, count), same interpolation. */
export function histogramQuantile(q: number, buckets: [number, number][]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const b = [...buckets].sort((x, y) => x[0] - y[0]);
  const first = b.at(0);
  const last = b.at(-1);
  const beforeLast = b.at(-2);
  if (!first || !beforeLast || !last || last[0] !== Infinity) return NaN;
  // Counts never fall as bounds rise (Prometheus evens out a bucket scraped apart from the others).
  let prev = first;
  for (const x of b) {
    if (x[1] < prev[1]) x[1] = prev[1];
    prev = x;
  }
  const observations = last[1];
  if (observations === 0) return NaN;
  let rank = q * observations;
  // The first bucket whose count reaches the rank (or +Inf), and the one before it.
  let below: [number, number] | undefined;
  let bucket = first;
  let atEnd = false;
  for (const [i, x] of b.entries()) {
    bucket = x;
    atEnd = i === b.length - 1;
    if (atEnd || x[1] >= rank) break;
    below = x;
  }
  if (atEnd) return beforeLast[0];
  if (!below && bucket[0] <= 0) return bucket[0];
  let start = 0;
  let count = bucket[1];
  if (below) {
    start = below[0];
    count -= below[1];
    rank -= below[1];
  }
  return start + (bucket[0] - start) * (rank / count);
}

export interface Sample {
  labels: Labels;
  value: number;
}

/** Anything that can give per-series values at an instant: rates over a window and gauge values. */
export interface SampleReader {
  /** Per-second rate of every series of `metric` matching, over (t - window, t]. */
  rates(metric: string, match: Matchers | undefined, region: string | undefined, t: number, windowS: number): Sample[];
  /** Value of every gauge series of `metric` matching, at t. */
  values(metric: string, match: Matchers | undefined, region: string | undefined, t: number): Sample[];
}

function aggregate(samples: Sample[], keys: string[], agg: "sum" | "max" | "min" | "avg"): Map<string, Sample> {
  const groups = new Map<string, { labels: Labels; sum: number; min: number; max: number; n: number }>();
  for (const s of samples) {
    const k = groupKey(s.labels, keys);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { labels: pick(s.labels, keys), sum: 0, min: Infinity, max: -Infinity, n: 0 }));
    g.sum += s.value;
    if (s.value < g.min) g.min = s.value;
    if (s.value > g.max) g.max = s.value;
    g.n++;
  }
  const out = new Map<string, Sample>();
  for (const [k, g] of groups) {
    const v = agg === "sum" ? g.sum : agg === "max" ? g.max : agg === "min" ? g.min : g.sum / g.n;
    out.set(k, { labels: g.labels, value: v });
  }
  return out;
}

/** A query's result at instant `t` (ms), as Prometheus would give it. */
export function evaluate(q: Query, r: SampleReader, o: QueryOptions, at: number): Sample[] {
  const keys = q.by ?? [];
  const t = at - (o.offset ?? 0) * 1000;
  switch (q.kind) {
    case "rate":
      return [...aggregate(r.rates(q.sel.metric, q.sel.match, o.region, t, o.window), keys, "sum").values()];
    case "ratio": {
      const num = aggregate(r.rates(q.num.metric, q.num.match, o.region, t, o.window), keys, "sum");
      const den = aggregate(r.rates(q.den.metric, q.den.match, o.region, t, o.window), keys, "sum");
      const out: Sample[] = [];
      for (const [k, n] of num) {
        const d = den.get(k);
        if (!d) continue;
        const v = n.value / d.value;
        out.push({ labels: n.labels, value: q.complement ? 1 - v : v });
      }
      return out;
    }
    case "quantile": {
      const samples = r.rates(`${q.histogram}_bucket`, q.match, o.region, t, o.window);
      const groups = new Map<string, { labels: Labels; buckets: Map<number, number> }>();
      for (const s of samples) {
        const k = groupKey(s.labels, keys);
        const g = groups.get(k) ?? { labels: pick(s.labels, keys), buckets: new Map() };
        const le = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
        g.buckets.set(le, (g.buckets.get(le) ?? 0) + s.value);
        groups.set(k, g);
      }
      return [...groups.values()].map((g) => ({
        labels: g.labels,
        value: histogramQuantile(q.q, [...g.buckets.entries()]),
      }));
    }
    case "gauge": {
      const out = [...aggregate(r.values(q.sel.metric, q.sel.match, o.region, t), keys, q.agg).values()];
      return q.nonzero ? out.filter((s) => s.value > 0) : out;
    }
    case "age": {
      const now = at / 1000;
      const ages = r
        .values(q.sel.metric, q.sel.match, o.region, t)
        .map((s) => ({ labels: s.labels, value: now - s.value }));
      return [...aggregate(ages, keys, "max").values()];
    }
  }
}
