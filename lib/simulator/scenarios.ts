// Scripted platform scenarios: what goes wrong, where, from when to when, and how hard (keyframes of
// intensity 0..1 against minutes since the start). Times are absolute ms; the defaults are placed around
// an anchor (the moment the demo was seeded) so the demo always has something true to show.
import { z } from "zod";

export const SCENARIO_KINDS = [
  "edge-connect-degradation",
  "projection-lag",
  "host-failure-wave",
  "late-backup",
  /** The control plane API stops answering its health probe and fails most requests. */
  "api-outage",
  /** The region's Postgres primary is down. */
  "postgres-down",
  /** The replicas disconnect and fall behind. */
  "replication-broken",
  /** Appends to the event log fail. */
  "event-append-errors",
  /** The scheduler loop stops running. */
  "scheduler-stall",
  /** Edge nodes cannot reach their backends. */
  "edge-backends-unreachable",
  /** One host in ten runs out of CPU, memory and disk. */
  "host-resource-pressure",
  /** The control plane's work queues back up. */
  "queue-backlog",
  /** API traffic falls to a third of normal (clients cannot reach it, or stopped calling). */
  "traffic-drop",
  /** A service's metrics vanish (its exporter or the service itself died): `target` is the service. */
  "metrics-silent",
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

export interface Scenario {
  id: string;
  kind: ScenarioKind;
  title: string;
  region: string;
  /** For late-backup: the job; for projection-lag: the projection. */
  target?: string;
  start: number;
  end: number;
  /** [minutes since start, intensity]; linear in between. Default: ramp up 3 min, hold, ramp down 3 min. */
  keyframes?: [number, number][];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The demo's scenarios around `anchor`: the edge degradation behind the demo SEV1 is active at the anchor. */
export function demoScenarios(anchor: number): Scenario[] {
  return [
    {
      id: "edge-eu-west",
      kind: "edge-connect-degradation",
      title: "Edge connect failures in eu-west after a config push",
      region: "eu-west",
      // The demo SEV1's impact starts 61 minutes before the anchor; the rollback halves the failures from
      // -12 min; eu-west keeps paging for about 45 minutes after the anchor, then burns slowly (a ticket).
      start: anchor - 62 * MIN,
      end: anchor + 6 * HOUR,
      keyframes: [
        [0, 0],
        [3, 1],
        [50, 0.95],
        [56, 0.5],
        [107, 0.5],
        [137, 0.15],
        [357, 0.15],
        [360, 0],
      ],
    },
    {
      id: "projection-lag",
      kind: "projection-lag",
      title: "Projection consumer stalled on a poison event",
      region: "us-east",
      target: "apps",
      start: anchor - 3 * DAY - 215 * MIN,
      end: anchor - 3 * DAY - 190 * MIN,
    },
    {
      id: "host-wave",
      kind: "host-failure-wave",
      title: "Host failure wave in ap-south (kernel panic on one hardware generation)",
      region: "ap-south",
      start: anchor - 9 * DAY - 10 * MIN,
      end: anchor - 9 * DAY + 80 * MIN,
    },
    {
      // The overlay's exporter in ap-south went quiet: its panels read "no data" (never ok), and the
      // absent-signal rule raises ServiceMetricsMissing for it.
      id: "overlay-exporter-silent",
      kind: "metrics-silent",
      title: "The WireGuard overlay's exporter in ap-south stopped reporting",
      region: "ap-south",
      target: "overlay",
      start: anchor - 25 * MIN,
      end: anchor + 4 * HOUR,
    },
    {
      id: "late-backup",
      kind: "late-backup",
      title: "Volume snapshot backups in ap-south are late",
      region: "ap-south",
      target: "volume-snapshots",
      start: anchor - 26 * HOUR,
      end: anchor + 7 * DAY,
    },
  ];
}

/** Intensity 0..1 of a scenario at `t`. */
export function intensity(s: Scenario, t: number): number {
  if (t < s.start || t >= s.end) return 0;
  const m = (t - s.start) / MIN;
  const total = (s.end - s.start) / MIN;
  const frames = s.keyframes ?? [
    [0, 0],
    [Math.min(3, total / 2), 1],
    [Math.max(total - 3, total / 2), 1],
    [total, 0],
  ];
  let prev: [number, number] | undefined;
  for (const frame of frames) {
    const [m1, v1] = frame;
    if (prev) {
      const [m0, v0] = prev;
      if (m <= m1) return m1 === m0 ? v1 : v0 + ((v1 - v0) * (m - m0)) / (m1 - m0);
    }
    prev = frame;
  }
  if (!prev) throw new Error(`Scenario ${s.id} has an empty list of keyframes.`);
  return prev[1];
}

const isScenarioKind = (kind: unknown): kind is ScenarioKind => SCENARIO_KINDS.some((k) => k === kind);

function scenarioKind(kind: unknown, i: number): ScenarioKind {
  if (!isScenarioKind(kind))
    throw new Error(`SIMULATOR_SCENARIOS: [${i}].kind must be one of ${SCENARIO_KINDS.join(", ")}`);
  return kind;
}

/** One scenario as written in SIMULATOR_SCENARIOS: an object, its fields read one by one below. */
const scenarioEntry = z.record(z.string(), z.unknown());
const keyframesSchema = z.array(z.tuple([z.number(), z.number()]));
const OFFSET_UNIT_MS = new Map([
  ["s", 1000],
  ["m", MIN],
  ["h", HOUR],
  ["d", DAY],
]);

/** A scenario's keyframes: [minute from its start, intensity 0..1] pairs. */
function keyframes(v: unknown, i: number): [number, number][] {
  const frames = keyframesSchema.safeParse(v);
  if (!frames.success) throw new Error(`SIMULATOR_SCENARIOS: [${i}].keyframes must be [minute, intensity] pairs`);
  return frames.data;
}

/**
 * Scenarios from SIMULATOR_SCENARIOS: a JSON list of {id, kind, region, target?, start, end} where
 * start/end are ISO times or offsets from now like "-10m", "+90s", "+2h", and optional keyframes.
 */
export function parseScenarios(json: string, now = Date.now()): Scenario[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error("SIMULATOR_SCENARIOS must be a JSON list");
  const list = parsed.map((s: unknown, i) => {
    const entry = scenarioEntry.safeParse(s);
    if (!entry.success) throw new Error(`SIMULATOR_SCENARIOS: [${i}] must be an object`);
    return entry.data;
  });
  const time = (v: unknown, field: string): number => {
    if (typeof v === "number") return v;
    if (typeof v === "string") {
      const rel = /^([+-])(\d+)(s|m|h|d)$/.exec(v);
      const unitMs = rel ? OFFSET_UNIT_MS.get(rel[3] ?? "") : undefined;
      if (rel && unitMs) return now + (rel[1] === "-" ? -1 : 1) * Number(rel[2]) * unitMs;
      const abs = Date.parse(v);
      if (!Number.isNaN(abs)) return abs;
    }
    throw new Error(`SIMULATOR_SCENARIOS: ${field} must be an ISO time or an offset like -10m`);
  };
  return list.map((s, i) => ({
    id: String(s.id ?? `scenario-${i}`),
    kind: scenarioKind(s.kind, i),
    title: String(s.title ?? s.kind),
    region: String(s.region),
    target: s.target === undefined ? undefined : String(s.target),
    start: time(s.start, `[${i}].start`),
    end: time(s.end, `[${i}].end`),
    keyframes: Array.isArray(s.keyframes) ? keyframes(s.keyframes, i) : undefined,
  }));
}
