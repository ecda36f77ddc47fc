// A deterministic, seeded model of the platform: three regions, the control plane, edge nodes and
// endpoints, ~200 hosts with states, microVMs, WireGuard peers, volumes and backup jobs — with a daily
// traffic shape, noise, and the scripted scenarios in ./scenarios.
//
// Every series is a pure function of (seed, minute): a counter's per-second rate or a gauge's value is
// constant within a UTC minute. A counter's increase over any window is the exact integral of that rate,
// so the in-process source and a Prometheus scraping `npm run simulate` measure the same thing.
// Labels are bounded: region, service, node, endpoint, host, backup, projection, code, le — no request or
// user labels. (`backup`, not `job`: Prometheus owns `job` for the scrape target.)
import { REGIONS } from "@/lib/metrics/regions";
import { intensity, type Scenario, type ScenarioKind } from "./scenarios";

export { REGIONS };

export type Labels = Record<string, string>;

export interface Series {
  index: number;
  /** Sample name as exposed (e.g. http_request_duration_seconds_bucket). */
  metric: string;
  /** Family for # TYPE lines (e.g. http_request_duration_seconds) and its type. */
  family: string;
  familyType: "counter" | "gauge" | "histogram";
  help: string;
  counter: boolean;
  labels: Labels;
  /** Per-second rate (counters) or value (gauges) during UTC minute `m`. */
  at: (m: number) => number;
}

export const HOST_STATES = ["ready", "cordoned", "draining", "drained", "down"] as const;
export const MICROVM_OPS = ["start", "stop", "snapshot_restore"] as const;
export const BACKUP_JOBS = ["postgres-wal", "postgres-base", "volume-snapshots"] as const;
export const PROJECTIONS = ["apps", "machines", "routes"] as const;
export const EDGE_ENDPOINTS = ["api", "registry", "apps-http", "apps-tcp", "websockets", "metrics"] as const;
const HOSTS_PER_REGION = [67, 67, 66];
const EDGE_NODES_PER_REGION = 8;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LOOP_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const CONVERGE_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const PG_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

const MIN = 60_000;
const API_RPS: Record<string, number> = { "us-east": 420, "eu-west": 310, "ap-south": 160 };
const PEAK_HOUR: Record<string, number> = { "us-east": 18, "eu-west": 13, "ap-south": 8 };
const RTT: Record<string, number> = { "us-east|eu-west": 0.075, "us-east|ap-south": 0.21, "eu-west|ap-south": 0.13 };

function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

function stringHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface PlatformOptions {
  seed: number;
  scenarios: Scenario[];
}

export class Platform {
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
      if (s.kind !== kind || s.region !== region || (target !== undefined && s.target !== undefined && s.target !== target)) continue;
      v = Math.max(v, intensity(s, m * MIN + MIN / 2));
    }
    return v;
  }

  /** Start of the scenario of `kind` in `region` active during minute `m`, if any. */
  activeSince(kind: ScenarioKind, region: string, m: number, target?: string): number | null {
    const t = m * MIN + MIN / 2;
    const s = this.scenarios.find((x) => x.kind === kind && x.region === region && (target === undefined || x.target === undefined || x.target === target) && t >= x.start && t < x.end);
    return s ? s.start : null;
  }

  add(s: Omit<Series, "index">): void {
    const series = { ...s, index: this.series.length };
    this.series.push(series);
    const list = this.byMetric.get(s.metric) ?? [];
    list.push(series);
    this.byMetric.set(s.metric, list);
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
  const counter = (metric: string, help: string, labels: Labels, at: (m: number) => number) =>
    p.add({ metric, family: metric.replace(/_total$/, ""), familyType: "counter", help, counter: true, labels, at });
  const gauge = (metric: string, help: string, labels: Labels, at: (m: number) => number) =>
    p.add({ metric, family: metric, familyType: "gauge", help, counter: false, labels, at });
  /** A histogram of a log-normal distribution with the given median and spread, observed at `rate`/s. */
  const histogram = (family: string, help: string, labels: Labels, buckets: number[], rate: (m: number) => number, median: (m: number) => number, sigma: number) => {
    const add = (metric: string, extra: Labels, at: (m: number) => number) =>
      p.add({ metric, family, familyType: "histogram", help, counter: true, labels: { ...labels, ...extra }, at });
    for (const le of buckets) {
      add(`${family}_bucket`, { le: String(le) }, (m) => rate(m) * normalCdf(Math.log(le / median(m)) / sigma));
    }
    add(`${family}_bucket`, { le: "+Inf" }, rate);
    add(`${family}_count`, {}, rate);
    add(`${family}_sum`, {}, (m) => rate(m) * median(m) * Math.exp((sigma * sigma) / 2));
  };
  const wobble = (key: string, spread: number) => {
    const k = stringHash(key);
    return (m: number) => 1 - spread + 2 * spread * p.noise(k, m);
  };
  const daily = (region: string) => (m: number) => {
    const hour = ((m / 60) % 24 + 24) % 24;
    return 0.6 + 0.4 * (0.5 + 0.5 * Math.cos(((hour - PEAK_HOUR[region]!) / 24) * 2 * Math.PI));
  };

  for (const [ri, region] of REGIONS.entries()) {
    const shape = daily(region);
    const hostWave = (m: number) => p.effect("host-failure-wave", region, m);
    const edgeBad = (m: number) => p.effect("edge-connect-degradation", region, m);

    // --- control plane: API
    const apiNoise = wobble(`api:${region}`, 0.05);
    const apiRate = (m: number) => API_RPS[region]! * shape(m) * apiNoise(m);
    const err5 = wobble(`api5xx:${region}`, 0.5);
    const shares: Record<string, (m: number) => number> = {
      "400": () => 0.01,
      "404": () => 0.015,
      "429": () => 0.003,
      "500": (m) => 0.0002 * err5(m) * (1 + 20 * hostWave(m)),
      "503": (m) => 0.0002 * err5(m) * (1 + 10 * hostWave(m)),
    };
    for (const [code, share] of Object.entries(shares)) {
      counter("http_requests_total", "API requests by status code.", { service: "api", region, code }, (m) => apiRate(m) * share(m));
    }
    counter("http_requests_total", "API requests by status code.", { service: "api", region, code: "200" }, (m) =>
      apiRate(m) * (1 - Object.values(shares).reduce((a, f) => a + f(m), 0)),
    );
    const latNoise = wobble(`lat:${region}`, 0.08);
    histogram("http_request_duration_seconds", "API request duration.", { service: "api", region }, LATENCY_BUCKETS, apiRate, (m) => 0.045 * latNoise(m) * (1 + 3 * hostWave(m)), 0.9);

    // --- scheduler, reconciler, projections, Postgres
    const startRate = (m: number) => 2.2 * shape(m) * apiNoise(m);
    histogram("scheduler_loop_duration_seconds", "Scheduler loop duration.", { region }, LOOP_BUCKETS, () => 2, (m) => 0.08 * latNoise(m) * (1 + 4 * hostWave(m)), 0.6);
    counter("scheduler_placements_total", "Placement decisions by result.", { region, result: "placed" }, (m) => startRate(m) * (1 - 0.001 - 0.12 * hostWave(m)));
    counter("scheduler_placements_total", "Placement decisions by result.", { region, result: "failed" }, (m) => startRate(m) * (0.001 + 0.12 * hostWave(m)));
    counter("scheduler_backoff_total", "Placements deferred with backoff.", { region }, (m) => 0.05 + 1.5 * hostWave(m));
    const backlogNoise = wobble(`backlog:${region}`, 0.6);
    gauge("reconcile_backlog", "Objects waiting for the reconciler.", { region }, (m) => Math.round(12 * backlogNoise(m) + 450 * hostWave(m)));
    counter("reconcile_retries_total", "Reconciler retries.", { region }, (m) => 0.2 * backlogNoise(m) + 6 * hostWave(m));
    histogram("reconcile_converge_duration_seconds", "Time from desired-state change to converged.", { region }, CONVERGE_BUCKETS, () => 1.5, (m) => 2.5 * (1 + 5 * hostWave(m)), 0.7);
    for (const projection of PROJECTIONS) {
      const lagNoise = wobble(`lag:${region}:${projection}`, 0.8);
      const lag = (m: number) => {
        const since = p.activeSince("projection-lag", region, m, projection);
        return since === null ? Math.round(15 * lagNoise(m)) : Math.round(40 * Math.max(1, (m * MIN - since) / 1000));
      };
      gauge("projection_lag_events", "Events behind the event log head.", { region, projection }, lag);
      gauge("projection_last_applied_event_timestamp_seconds", "When the last applied event was written.", { region, projection }, (m) => {
        const since = p.activeSince("projection-lag", region, m, projection);
        return since === null ? m * 60 - 5 * lagNoise(m) : Math.floor(since / 1000);
      });
    }
    const pgNoise = wobble(`pg:${region}`, 0.2);
    gauge("pg_stat_activity_count", "Postgres connections by state.", { region, state: "active" }, (m) => Math.round(14 * shape(m) * pgNoise(m) + 60 * hostWave(m)));
    gauge("pg_stat_activity_count", "Postgres connections by state.", { region, state: "idle" }, (m) => Math.round(46 - 10 * shape(m) * pgNoise(m)));
    histogram("pg_query_duration_seconds", "Postgres statement latency.", { region }, PG_BUCKETS, (m) => 900 * shape(m), (m) => 0.0018 * pgNoise(m) * (1 + 2 * hostWave(m)), 0.8);

    // --- edge
    for (let n = 1; n <= EDGE_NODES_PER_REGION; n++) {
      const node = `edge-${region}-${n}`;
      const nodeNoise = wobble(`edge:${node}`, 0.06);
      const attempts = (m: number) => ((API_RPS[region]! * 6) / EDGE_NODES_PER_REGION) * shape(m) * nodeNoise(m);
      const weight = n === 3 || n === 7 ? 2.4 : 0.6;
      const failRatio = (m: number) => 0.0003 * (0.5 + nodeNoise(m)) + 0.032 * weight * edgeBad(m);
      counter("edge_connect_attempts_total", "Client connection attempts at the edge.", { region, node }, attempts);
      const split = { tls: [0.1, 0.6], reset: [0.5, 0.25], timeout: [0.4, 0.15] } as const;
      for (const [reason, [base, degraded]] of Object.entries(split)) {
        counter("edge_connect_failures_total", "Failed client connections at the edge by reason.", { region, node, reason }, (m) => {
          const bad = edgeBad(m);
          return attempts(m) * failRatio(m) * (bad > 0 ? degraded : base);
        });
      }
    }
    for (const endpoint of EDGE_ENDPOINTS) {
      const k = stringHash(`ep:${region}:${endpoint}`);
      gauge("edge_endpoint_up", "Endpoint health check (1 up, 0 down).", { region, endpoint }, (m) =>
        (endpoint === "apps-http" && edgeBad(m) > 0.5) || p.noise(k, m) < 0.001 ? 0 : 1,
      );
    }
    counter("edge_config_reloads_total", "Edge config reloads by result.", { region, result: "success" }, () => 1 / 600);
    counter("edge_config_reloads_total", "Edge config reloads by result.", { region, result: "failure" }, (m) => 0.004 * edgeBad(m));
    counter("edge_upstream_failures_total", "Edge requests whose upstream failed.", { region }, (m) => 0.4 * shape(m) * (1 + 12 * edgeBad(m)));

    // --- host fleet
    for (let h = 1; h <= HOSTS_PER_REGION[ri]!; h++) {
      const host = `${region}-h${String(h).padStart(3, "0")}`;
      const k = stringHash(`host:${host}`);
      const kind = p.noise(k, 0);
      const wave = p.noise(k, 1);
      const state = (m: number): (typeof HOST_STATES)[number] => {
        if (hostWave(m) > wave * 4) return "down";
        if (kind < 0.015) return "cordoned";
        if (ri === 0 && h === 17) return "down"; // a host that died overnight, waiting for hands
        // Rolling maintenance: a few hosts a day drain for a kernel update at an hour of their own.
        const day = Math.floor(m / 1440);
        if (p.noise(k, -day - 10) < 0.05) {
          const startMin = Math.floor(p.noise(k, -day - 1000) * 1200);
          const into = m - day * 1440 - startMin;
          if (into >= 0 && into < 30) return "draining";
          if (into >= 30 && into < 210) return "drained";
        }
        return "ready";
      };
      for (const s of HOST_STATES) gauge("host_state", "Host state (1 for the current state).", { region, host, state: s }, (m) => (state(m) === s ? 1 : 0));
      const base = 0.3 + 0.45 * kind + (kind > 0.97 ? 0.2 : 0);
      gauge("host_disk_used_ratio", "Share of the host's microVM disk pool in use.", { region, host }, (m) => Math.min(0.99, base + 0.03 * p.noise(k, m)));
      gauge("wireguard_peer_handshake_age_seconds", "Age of the oldest WireGuard handshake among the host's peers.", { region, host }, (m) => {
        if (state(m) === "down") {
          const since = p.activeSince("host-failure-wave", region, m);
          return since === null ? 3600 : Math.min(3600, 180 + (m * MIN - since) / 1000);
        }
        return Math.round(5 + 115 * p.noise(k + 1, m));
      });
    }
    const vmNoise = wobble(`vm:${region}`, 0.04);
    gauge("microvms_running", "Running microVMs.", { region }, (m) => Math.round(HOSTS_PER_REGION[ri]! * 38 * (0.8 + 0.2 * shape(m)) * vmNoise(m) * (1 - 0.25 * hostWave(m))));
    for (const op of MICROVM_OPS) {
      const rate = (m: number) => (op === "snapshot_restore" ? 0.6 : 2.2) * shape(m) * vmNoise(m);
      counter("microvm_lifecycle_operations_total", "microVM lifecycle operations.", { region, op }, rate);
      const failNoise = wobble(`vmfail:${region}:${op}`, 0.6);
      counter("microvm_lifecycle_failures_total", "microVM lifecycle failures.", { region, op }, (m) => rate(m) * (0.002 * failNoise(m) + (op === "stop" ? 0.02 : 0.15) * hostWave(m)));
    }

    // --- overlay network
    for (const peer of REGIONS) {
      const key = [region, peer].sort((a, b) => REGIONS.indexOf(a as never) - REGIONS.indexOf(b as never)).join("|");
      const base = region === peer ? 0.0008 : RTT[key]!;
      const rttNoise = wobble(`rtt:${region}:${peer}`, 0.05);
      const lossNoise = wobble(`loss:${region}:${peer}`, 0.7);
      gauge("overlay_rtt_seconds", "Overlay round-trip time between regions.", { region, peer_region: peer }, (m) => base * rttNoise(m) * (1 + 0.6 * hostWave(m)));
      gauge("overlay_packet_loss_ratio", "Overlay packet loss between regions.", { region, peer_region: peer }, (m) => 0.0002 * lossNoise(m) + 0.02 * hostWave(m));
    }
    counter("overlay_mtu_anomalies_total", "Packets dropped or fragmented for MTU on the overlay.", { region }, (m) => 0.002 + 0.3 * hostWave(m));

    // --- storage
    const attach = (m: number) => 1.4 * shape(m) * vmNoise(m);
    counter("volume_attach_attempts_total", "Volume attach attempts.", { region }, attach);
    const attachNoise = wobble(`attachfail:${region}`, 0.5);
    counter("volume_attach_failures_total", "Volume attach failures.", { region }, (m) => attach(m) * (0.0008 * attachNoise(m) + 0.09 * hostWave(m)));
    counter("volume_errors_total", "Volume I/O and checksum errors.", { region, kind: "io" }, (m) => 0.01 + 0.8 * hostWave(m));
    counter("volume_errors_total", "Volume I/O and checksum errors.", { region, kind: "checksum" }, () => 0.0005);
    const every: Record<(typeof BACKUP_JOBS)[number], number> = { "postgres-wal": 5, "postgres-base": 1440, "volume-snapshots": 360 };
    for (const job of BACKUP_JOBS) {
      const period = every[job];
      const offset = (ri * 97) % period;
      const lastRun = (m: number) => Math.floor((m - offset) / period) * period + offset;
      gauge("backup_job_last_success_timestamp_seconds", "When the backup job last succeeded.", { region, backup: job }, (m) => {
        const since = p.activeSince("late-backup", region, m, job);
        const last = since === null ? lastRun(m) : lastRun(Math.floor(since / MIN) - 1);
        return last * 60; // the run finishes within its minute; never later than now
      });
      gauge("backup_job_last_run_status", "Outcome of the backup job's last run (1 success, 0 failure).", { region, backup: job }, (m) =>
        p.activeSince("late-backup", region, m, job) === null ? 1 : 0,
      );
    }
  }
}
