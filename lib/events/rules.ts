// The platform's events as plain functions: what each kind must carry, which of two events is later (the
// order every projection keeps), what a tenant may see of an event, and whether an env serves what it
// should — the verdict and its reasons in plain words. Browser-safe.
import {
  UNPLANNED_REASONS,
  type InstanceState,
  type PlatformEventKind,
  type ServingVerdict,
  type TerminationReason,
} from "@/lib/vocabulary";

// What each kind carries.

type Field =
  | "org_id"
  | "app_id"
  | "env_id"
  | "process_type"
  | "release_id"
  | "instance_id"
  | "node_id"
  | "route"
  | "reason"
  | "health_check"
  | "backends"
  | "config_version"
  | "error"
  | "consumer";

const WORKLOAD: readonly Field[] = ["org_id", "app_id", "env_id"];
const INSTANCE: readonly Field[] = [...WORKLOAD, "process_type", "instance_id"];
const EDGE: readonly Field[] = ["node_id", "route", "config_version"];

/** The fields each kind must carry (beside event_id, ts, kind and region). */
export const REQUIRED_FIELDS: Record<PlatformEventKind, readonly Field[]> = {
  "release.created": ["org_id", "app_id", "release_id"],
  "release.activated": [...WORKLOAD, "process_type", "release_id"],
  "instance.allocated": INSTANCE,
  "instance.booted": INSTANCE,
  "instance.ready": INSTANCE,
  "instance.stopping": INSTANCE,
  "instance.stopped": [...INSTANCE, "reason"],
  "instance.failed": [...INSTANCE, "reason"],
  "health_check.passed": ["org_id", "instance_id", "health_check"],
  "health_check.failed": ["org_id", "instance_id", "health_check"],
  "route.bound": [...WORKLOAD, "route", "backends"],
  "route.unbound": [...WORKLOAD, "route"],
  "edge.config_applied": EDGE,
  "edge.apply_failed": [...EDGE, "error"],
  "consumer.cursor": ["consumer"],
};

export interface EventFields {
  kind: PlatformEventKind;
  reason?: TerminationReason | null;
  exit_code?: number | null;
  [field: string]: unknown;
}

/** Every field the event's kind needs and lacks, and a crash without its exit code. */
export function requirementProblems(e: EventFields): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = REQUIRED_FIELDS[e.kind]
    .filter((f) => e[f] === undefined || e[f] === null)
    .map((field) => ({ field, message: `is required for ${e.kind}` }));
  if (e.reason === "crashed" && (e.exit_code === undefined || e.exit_code === null))
    problems.push({ field: "exit_code", message: "is required when the reason is crashed" });
  return problems;
}

// Order: every projection keeps the latest event by (ts, event_id), so any order of arrival gives one state.

export interface Version {
  /** Milliseconds since the epoch. */
  ts: number;
  event_id: string;
}

/** Is `a` later than `b`? Ties in time are broken by event id (ASCII, so JavaScript and Postgres agree). */
export function isLater(a: Version, b: Version | null | undefined): boolean {
  if (!b) return true;
  if (a.ts !== b.ts) return a.ts > b.ts;
  return a.event_id > b.event_id;
}

/** The latest of each key's events. */
export function latestBy<T extends Version>(events: readonly T[], key: (e: T) => string | null): Map<string, T> {
  const out = new Map<string, T>();
  for (const e of events) {
    const k = key(e);
    if (k === null) continue;
    if (isLater(e, out.get(k))) out.set(k, e);
  }
  return out;
}

/** The state an instance.* event leaves its instance in. */
export const stateOf = (kind: PlatformEventKind): InstanceState | null =>
  kind.startsWith("instance.") ? (kind.slice("instance.".length) as InstanceState) : null;

/** States an instance is gone in. */
export const isGone = (s: InstanceState) => s === "stopped" || s === "failed";

// What a tenant sees.

interface Shown {
  host_id?: string | null;
  node_id?: string | null;
  details: Record<string, unknown>;
}

/** Platform internals never shown to a tenant: the details beside the ids the event names. */
const INTERNAL_DETAILS = ["error", "message", "consumer"];

/** An event as a tenant sees it: no host, no node, no backend addresses, no platform errors. */
export function forTenant<E extends Shown>(e: E): Omit<E, "host_id" | "node_id"> {
  const { host_id: _host, node_id: _node, ...rest } = e;
  const details = Object.fromEntries(Object.entries(e.details).filter(([k]) => !INTERNAL_DETAILS.includes(k)));
  if (Array.isArray(details.backends))
    details.backends = details.backends.map((b: unknown) =>
      typeof b === "object" && b !== null && "instance_id" in b ? { instance_id: b.instance_id } : b,
    );
  return { ...rest, details };
}

// Whether an env serves: the verdict.

export type View = "operator" | "tenant";

export interface InstanceFacts {
  instance_id: string;
  release_id: string | null;
  state: InstanceState;
  since: string;
  reason: TerminationReason | null;
  exit_code: number | null;
  resources: Record<string, number> | null;
  health: { passed: boolean; at: string; check: Record<string, unknown> | null } | null;
}

export interface StopFacts {
  instance_id: string;
  at: string;
  reason: TerminationReason | null;
  exit_code: number | null;
  resources?: Record<string, number> | null;
}

export interface ProcessFacts {
  process_type: string;
  desired: { release_id: string; desired_instances: number | null } | null;
  instances: InstanceFacts[];
  /** Stops in the last hour, newest first. */
  stops: StopFacts[];
}

export interface EdgeNodeFacts {
  node_id: string;
  region: string;
  config_version: number;
  applied: boolean;
  error: string | null;
}

export interface RouteFacts {
  route: string;
  bound: boolean;
  backends: { instance_id: string }[];
  edge: EdgeNodeFacts[];
}

export interface Finding {
  /** down: this part serves nothing; degraded: it serves, not as it should. */
  severity: "down" | "degraded";
  /** A route's finding, or a process type's. */
  route?: string;
  text: string;
}

/** Restarts an hour may hold before they are a reason of their own (a crash loop). */
export const RESTART_ALERT = 3;

/** An instance is ready and its last health check, if taken since, passed. */
export function isServing(i: InstanceFacts): boolean {
  if (i.state !== "ready") return false;
  return !i.health || i.health.passed || Date.parse(i.health.at) < Date.parse(i.since);
}

// Stops and checks in words (the verdict's reasons, the pages and the CLI say the same).

/** Why an instance stopped, as its owner would say it. */
export const REASON_WORDS: Record<TerminationReason, string> = {
  oom_killed: "out of memory",
  crashed: "crashed",
  health_check_failed: "failed its health check",
  operator_stop: "stopped by an operator",
  upgrade: "replaced by a new release",
  evicted: "evicted",
  host_lost: "its host was lost",
  scaled_down: "scaled down",
};

const MIB = 1024 * 1024;
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
export const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
export const rec = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Memory as a person reads it: "512 MiB", "1.5 GiB". */
export function bytesText(n: number): string {
  if (n >= 1024 * MIB) return `${Number((n / (1024 * MIB)).toFixed(1))} GiB`;
  return `${Math.round(n / MIB)} MiB`;
}

/** Resources near death: "512 MiB of 512 MiB, CPU throttled 40 % of the time". */
export function resourcesText(r: Record<string, unknown> | null | undefined): string {
  if (!r) return "";
  const peak = num(r.memory_peak_bytes);
  const cap = num(r.memory_limit_bytes);
  const cpu = num(r.cpu_throttled_share);
  const parts = [
    peak !== null && cap !== null
      ? `${bytesText(peak)} of ${bytesText(cap)}`
      : peak !== null
        ? `peak ${bytesText(peak)}`
        : "",
    cpu !== null && cpu > 0 ? `CPU throttled ${Math.round(cpu * 100)} % of the time` : "",
  ];
  return parts.filter(Boolean).join(", ");
}

/** Why it stopped, with the exit code and the resources when known: "out of memory — 512 MiB of 512 MiB". */
export function stopWords(s: {
  reason: TerminationReason | null;
  exit_code?: number | null;
  resources?: Record<string, unknown> | null;
}): string {
  if (!s.reason) return "stopped";
  const why =
    s.reason === "crashed" && s.exit_code !== null && s.exit_code !== undefined
      ? `crashed with exit code ${s.exit_code}`
      : REASON_WORDS[s.reason];
  const res = resourcesText(s.resources);
  return res ? `${why} — ${res}` : why;
}

/** A health check's outcome: "GET /health answered 503: connection refused". */
export function checkWords(check: Record<string, unknown> | null | undefined): string {
  if (!check) return "";
  const what = str(check.check) ?? "health check";
  const status = num(check.status);
  const message = str(check.message);
  return `${what}${status !== null ? ` answered ${status}` : ""}${message ? `: ${message}` : ""}`;
}

/** Counts by reason of the unplanned stops (restarts). */
export function restartsOf(stops: readonly StopFacts[]): { count: number; reasons: Record<string, number> } {
  const reasons: Record<string, number> = {};
  let count = 0;
  for (const s of stops.filter(isRestart)) {
    count++;
    reasons[s.reason!] = (reasons[s.reason!] ?? 0) + 1;
  }
  return { count, reasons };
}

/** A stop nobody asked for (a restart), not an upgrade, a scale-down or an operator's stop. */
export const isRestart = (s: { reason: TerminationReason | null }): boolean =>
  s.reason !== null && UNPLANNED_REASONS.includes(s.reason);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How many instances of the desired release should run, and how many serve. */
export function readiness(p: ProcessFacts): { ready: number; wanted: number } {
  const release = p.desired?.release_id;
  const ofRelease = p.instances.filter((i) => i.release_id === release && !isGone(i.state));
  const ready = ofRelease.filter(isServing).length;
  const wanted = p.desired?.desired_instances ?? Math.max(1, ofRelease.length);
  return { ready: p.desired ? ready : 0, wanted: p.desired ? wanted : 0 };
}

/** Why the desired release's instances are not ready: a failing check, the latest unplanned stop, or starting. */
function whyNotReady(p: ProcessFacts, release: string): string {
  const mine = p.instances.filter((i) => i.release_id === release);
  // The newest failing check: what the platform saw last, whichever order its events arrived in.
  const failing = mine
    .filter((i) => i.health && !i.health.passed)
    .sort((a, b) => b.health!.at.localeCompare(a.health!.at) || a.instance_id.localeCompare(b.instance_id))[0];
  if (failing) return ` — health check failing: ${checkWords(failing.health!.check) || "failing"}`;
  const stop = p.stops.find((s) => s.reason && UNPLANNED_REASONS.includes(s.reason));
  if (stop) {
    const inst = p.instances.find((i) => i.instance_id === stop.instance_id);
    return ` — last stop: ${stopWords({ ...stop, resources: inst?.resources })}`;
  }
  const starting = mine.filter((i) => !isGone(i.state) && i.state !== "ready").length;
  if (starting) return ` — ${plural(starting, "instance")} starting`;
  return "";
}

/** The releases `instances` run, in one order whatever order their events arrived in. */
function releaseList(instances: readonly { release_id: string | null }[]): string {
  const known = [...new Set(instances.flatMap((i) => (i.release_id ? [i.release_id] : [])))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  return [...known, ...(instances.some((i) => !i.release_id) ? ["an unknown release"] : [])].join(", ");
}

function processFindings(p: ProcessFacts): Finding[] {
  const out: Finding[] = [];
  if (!p.desired) return out;
  const { release_id: release } = p.desired;
  const { ready, wanted } = readiness(p);
  if (ready < wanted) {
    const older = p.instances.filter((i) => i.release_id !== release && isServing(i));
    const still = older.length ? `; ${plural(older.length, "instance")} of ${releaseList(older)} still serving` : "";
    out.push({
      severity: ready === 0 && !older.length ? "down" : "degraded",
      text: `${p.process_type}: ${ready} of ${wanted} instances of release ${release} ready${whyNotReady(p, release)}${still}`,
    });
  }
  const restarts = restartsOf(p.stops);
  if (restarts.count >= RESTART_ALERT) {
    const by = Object.entries(restarts.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `${n} ${REASON_WORDS[r as TerminationReason]}`)
      .join(", ");
    out.push({ severity: "degraded", text: `${p.process_type}: ${restarts.count} restarts in the last hour (${by})` });
  }
  return out;
}

/** An edge's apply of a route's config over its nodes: the newest version, and who applied, failed or lags. */
export function edgeStatus(nodes: readonly EdgeNodeFacts[]) {
  const version = nodes.length ? Math.max(...nodes.map((n) => n.config_version)) : null;
  const failed = nodes.filter((n) => !n.applied);
  const behind = nodes.filter((n) => n.applied && n.config_version < (version ?? 0));
  return {
    config_version: version,
    locations: nodes.length,
    applied: nodes.length - failed.length - behind.length,
    failed: failed.length,
    behind: behind.length,
    failedNodes: failed,
  };
}

/** A route's findings: no backends, backends not serving, its edge config failing. */
export function routeFindings(r: RouteFacts, instances: ReadonlyMap<string, InstanceFacts>, view: View): Finding[] {
  if (!r.bound) return [];
  const out: Finding[] = [];
  const serving = r.backends.filter((b) => {
    const i = instances.get(b.instance_id);
    return i !== undefined && isServing(i);
  }).length;
  if (!r.backends.length) out.push({ severity: "down", route: r.route, text: `route ${r.route}: no backends` });
  else if (serving === 0)
    out.push({
      severity: "down",
      route: r.route,
      text: `route ${r.route}: none of its ${plural(r.backends.length, "backend")} is ready`,
    });
  else if (serving < r.backends.length)
    out.push({
      severity: "degraded",
      route: r.route,
      text: `route ${r.route}: ${r.backends.length - serving} of ${r.backends.length} backends not ready`,
    });
  const edge = edgeStatus(r.edge);
  if (edge.failed) {
    const where =
      view === "tenant"
        ? `failing in ${edge.failed} of ${plural(edge.locations, "location")}`
        : `failed on ${[...new Set(edge.failedNodes.map((n) => n.region))].sort().join(", ")} (${edge.failed} of ${plural(edge.locations, "node")})`;
    out.push({
      severity: edge.failed === edge.locations ? "down" : "degraded",
      route: r.route,
      text: `route ${r.route}: edge config v${edge.config_version} ${where}`,
    });
  }
  return out;
}

/**
 * Does the env serve what it should? serving: nothing differs from the desired state; not_serving: nothing
 * serves (every route is down, or without routes every process type is); partially_serving: in between.
 */
export function verdict(
  processes: readonly ProcessFacts[],
  routes: readonly RouteFacts[],
  view: View,
): { verdict: ServingVerdict; reasons: string[] } {
  if (!processes.some((p) => p.desired) && !routes.some((r) => r.bound))
    return { verdict: "not_serving", reasons: ["no release is activated and no route is bound"] };
  const instances = new Map(processes.flatMap((p) => p.instances.map((i) => [i.instance_id, i] as const)));
  const perProcess = processes.map(processFindings);
  const bound = routes.filter((r) => r.bound);
  const perRoute = bound.map((r) => routeFindings(r, instances, view));
  const findings = [...perProcess.flat(), ...perRoute.flat()];
  if (!findings.length) return { verdict: "serving", reasons: [] };
  const down = (fs: Finding[]) => fs.some((f) => f.severity === "down");
  const nothingServes = bound.length
    ? perRoute.every(down)
    : perProcess.filter((_, i) => processes[i]!.desired).every(down);
  return { verdict: nothingServes ? "not_serving" : "partially_serving", reasons: findings.map((f) => f.text) };
}

/** One route's verdict: serving, or what its findings say. */
export function routeVerdict(
  r: RouteFacts,
  instances: ReadonlyMap<string, InstanceFacts>,
  view: View,
): { verdict: ServingVerdict; reasons: string[] } {
  if (!r.bound) return { verdict: "not_serving", reasons: [`route ${r.route}: not bound`] };
  const findings = routeFindings(r, instances, view);
  if (!findings.length) return { verdict: "serving", reasons: [] };
  return {
    verdict: findings.some((f) => f.severity === "down") ? "not_serving" : "partially_serving",
    reasons: findings.map((f) => f.text),
  };
}

// An instance's story.

/** A timeline's health checks only where they change (passed → failed, failed → passed); other events all kept. */
export function collapseHealth<T extends { kind: PlatformEventKind }>(events: readonly T[]): T[] {
  let last: PlatformEventKind | null = null;
  return events.filter((e) => {
    if (!e.kind.startsWith("health_check.")) return true;
    const changed = e.kind !== last;
    last = e.kind;
    return changed;
  });
}

/** The log window of a stop: from 5 minutes before to 1 minute after. */
export function stopWindow(at: string): { start: string; end: string } {
  const t = Date.parse(at);
  return { start: new Date(t - 5 * 60_000).toISOString(), end: new Date(t + 60_000).toISOString() };
}
