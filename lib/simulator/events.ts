// The platform's events, from the same model, scenarios and workloads as its metrics, logs and changes:
// - every release boundary (RELEASE_EVERY_MS, the ids the tenant lines carry) each env's rollout: the
//   release created and activated, new instances allocated → booted → ready on hosts of the env's region,
//   the old ones stopped for the upgrade, the routes bound to the new backends and applied on every edge
//   node of the region;
// - a host failure wave loses the instances on the hosts it takes down (host_lost, the hosts the model's
//   host_state says are down) and reschedules them elsewhere, re-binding their routes;
// - acme/api/production's web instance 1 is killed for memory every few minutes and restarts (OOM_LOOP);
// - globex/billing/staging's web process never passes its health check, so the env serves nothing
//   (BROKEN_ENV);
// - an edge config push fails to apply on the worst eu-west nodes as the SEV1 starts, and the rollback
//   applies node by node (changes.ts' push and rollback);
// - every 30 s the consumers report their cursors (scheduler and projections per region; agents and edge
//   nodes every fifth minute); a projection-lag scenario's projection stalls and catches up after the fix.
//
// Pure and deterministic: `eventPosts(p, from, to)` gives the events whose ts is in [from, to), each with
// a stable event_id, the same however the window is cut.
import type { PlatformEventBody } from "@/lib/events/contract";
import type { ConsumerKind, TerminationReason } from "@/lib/vocabulary";
import { edgeConfigVersion, recovery } from "./changes";
import type { Platform, Series } from "./model";
import type { Scenario } from "./scenarios";
import { EDGE_NODES_PER_REGION, HOSTS_PER_REGION, MIN, PROJECTIONS, REGIONS, hash32, stringHash } from "./shape";
import {
  BROKEN_ENV,
  ENVS,
  OOM_LOOP,
  RELEASE_EVERY_MS,
  WORKLOADS,
  demoInstanceId,
  demoReleaseId,
  instancesIn,
  oomKills,
} from "./tenant-logs";

type Event = PlatformEventBody;

const SEC = 1000;
const R = RELEASE_EVERY_MS;
/** How often the consumers report their cursors. */
export const CURSOR_EVERY_MS = 30 * SEC;
/** Agents and edge nodes report every this many rounds; a sparse history has only these rounds. */
const SPARSE_ROUNDS = 10;
const MIB = 1024 * 1024;
/** A broken instance is tried again this long after it failed. */
const RETRY_MS = 5 * MIN;

// The tenants' envs on the platform.

export interface SimEnv {
  org: string;
  app: string;
  env: string;
  region: string;
  processes: { type: string; instances: number }[];
  /** The host names its web process serves; none without a web process. */
  routes: string[];
}

const HOMES: Record<string, { production: string; staging: string }> = {
  "acme/web": { production: "eu-west", staging: "us-east" },
  "acme/api": { production: "us-east", staging: "us-east" },
  "acme/worker": { production: "us-east", staging: "us-east" },
  "globex/shop": { production: "ap-south", staging: "ap-south" },
  "globex/billing": { production: "eu-west", staging: "ap-south" },
};
const DOMAINS: Record<string, string> = { acme: "acme.app", globex: "globex.com" };

function routesOf(org: string, app: string, env: string): string[] {
  const domain = DOMAINS[org] ?? `${org}.app`;
  if (env === "production" && org === "acme" && app === "web") return [domain, `www.${domain}`];
  return [`${app}.${env === "production" ? "" : `${env}.`}${domain}`];
}

export const SIM_ENVS: SimEnv[] = WORKLOADS.flatMap((w) =>
  ENVS.map(({ id: env }) => ({
    org: w.org,
    app: w.app,
    env,
    region: HOMES[`${w.org}/${w.app}`]?.[env === "production" ? "production" : "staging"] ?? "us-east",
    processes: w.processes.map((p) => ({ type: p.type, instances: instancesIn(env, p.instances) })),
    routes: w.processes.some((p) => p.type === "web") ? routesOf(w.org, w.app, env) : [],
  })),
);

const iso = (t: number) => new Date(t).toISOString();
const frac = (p: Platform, key: string, n = 0) => hash32(p.seed ^ stringHash(key), n) / 4294967296;
const hostName = (region: string, n: number) => `${region}-h${String(n).padStart(3, "0")}`;
const regionIndex = (region: string) =>
  Math.max(
    0,
    REGIONS.findIndex((r) => r === region),
  );
const edgeNodes = (region: string) =>
  Array.from({ length: EDGE_NODES_PER_REGION }, (_, i) => ({ n: i + 1, node: `edge-${region}-${i + 1}` }));
const byTime = (a: Event, b: Event) =>
  a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;

// The fleet, as the model's host_state series say.

interface Fleet {
  ready: Map<string, Series>;
  down: Map<string, Series>;
  doomed: Map<string, string[]>;
}
const fleets = new WeakMap<Platform, Fleet>();

function fleet(p: Platform): Fleet {
  let f = fleets.get(p);
  if (!f) {
    const states = p.byMetric.get("host_state") ?? [];
    const of = (state: string) =>
      new Map(states.filter((s) => s.labels.state === state).map((s) => [s.labels.host!, s] as const));
    f = { ready: of("ready"), down: of("down"), doomed: new Map() };
    fleets.set(p, f);
  }
  return f;
}

const hostIs = (p: Platform, state: "ready" | "down", host: string, t: number) => {
  const s = fleet(p)[state].get(host);
  return s !== undefined && p.value(s, t) === 1;
};

/** The hosts a wave takes down at some minute. */
function doomedBy(p: Platform, wave: Scenario): string[] {
  const f = fleet(p);
  let list = f.doomed.get(wave.id);
  if (!list) {
    list = [...f.down.entries()]
      .filter(([, s]) => s.labels.region === wave.region)
      .filter(([host]) => {
        for (let t = wave.start; t < wave.end; t += MIN) if (hostIs(p, "down", host, t)) return true;
        return false;
      })
      .map(([host]) => host)
      .sort();
    f.doomed.set(wave.id, list);
  }
  return list;
}

/** A ready host of the region for `key` at `t`, by the scheduler's (seeded) choice. */
function place(p: Platform, region: string, key: string, t: number, avoid: readonly string[] = []): string {
  const hosts = HOSTS_PER_REGION[regionIndex(region)]!;
  const k = stringHash(key);
  for (let a = 0; a < 64; a++) {
    const host = hostName(region, 1 + (hash32(p.seed ^ k, a) % hosts));
    if (hostIs(p, "ready", host, t) && !avoid.includes(host)) return host;
  }
  return hostName(region, 1 + (hash32(p.seed ^ k, 0) % hosts));
}

/** When a wave takes `host` down between `from` and `to` (its agent missed heartbeats), if it does. */
function lossOf(p: Platform, host: string, from: number, to: number, waves: readonly Scenario[]): number | null {
  for (const w of waves)
    for (let m = Math.floor(Math.max(from, w.start) / MIN); m * MIN < Math.min(to, w.end); m++)
      if (hostIs(p, "down", host, m * MIN)) {
        const t = Math.max(from + SEC, m * MIN + 20 * SEC + Math.floor(frac(p, `loss:${host}`, m) * 30) * SEC);
        if (t < to) return t;
      }
  return null;
}

const wavesIn = (p: Platform, region: string, from: number, to: number) =>
  p.scenarios.filter((s) => s.kind === "host-failure-wave" && s.region === region && s.start < to && s.end > from);

// The edge: which nodes fail to apply a config, and when.

interface EdgeIncident {
  scenario: Scenario;
  push: number;
  /** When each node applies the rollback. */
  rollback: (n: number) => number;
  begins: number;
}

/** The nodes a bad push fails on: the ones the model makes fail the most (edge.ts: nodes 3 and 7). */
const BAD_NODES = [3, 7];
const APPLY_ERROR =
  "partial reload: the TLS listener took the new cipher list, the upstream pools were rejected (max_conns 0); node left half-applied";

function edgeIncidents(p: Platform): EdgeIncident[] {
  return p.scenarios
    .filter((s) => s.kind === "edge-connect-degradation")
    .map((s) => {
      const { begins, done } = recovery(s);
      const step = (done - begins) / EDGE_NODES_PER_REGION;
      return { scenario: s, push: s.start - 2 * MIN, begins, rollback: (n) => begins + Math.round((n - 1) * step) };
    });
}

/** Whether edge node `n` of `region` fails every apply at `t` (after a bad push, before its rollback). */
function nodeBroken(p: Platform, region: string, n: number, t: number): boolean {
  return edgeIncidents(p).some(
    (x) => x.scenario.region === region && BAD_NODES.includes(n) && t >= x.push && t < x.rollback(n),
  );
}

/** A config version: the second it was generated (increasing, and it fits the API's 32-bit field). */
const versionAt = (t: number) => Math.floor(t / SEC);

function applies(p: Platform, route: string, region: string, gen: number, message: string): Event[] {
  return edgeNodes(region).map(({ n, node }) => {
    const at = gen + 2 * SEC + n * SEC;
    const failed = nodeBroken(p, region, n, at);
    return {
      event_id: `sim-edge-${route}-${node}-${at}`,
      ts: iso(at),
      kind: failed ? "edge.apply_failed" : "edge.config_applied",
      region,
      node_id: node,
      route,
      config_version: versionAt(gen),
      ...(failed ? { error: APPLY_ERROR } : {}),
      message,
    };
  });
}

/** A push's applies on every route of its region, and the rollback's node by node. */
function incidentEvents(p: Platform, x: EdgeIncident): Event[] {
  const region = x.scenario.region;
  const routes = SIM_ENVS.filter((e) => e.region === region).flatMap((e) => e.routes);
  const pushed = `edge config ${edgeConfigVersion(x.push)}`;
  const out = routes.flatMap((route) => applies(p, route, region, x.push, pushed));
  for (const route of routes)
    for (const { n, node } of edgeNodes(region)) {
      const at = x.rollback(n);
      // The rollback carries the route's latest config (a release may have bound it since the push).
      const bound = Math.floor((at + 10 * SEC) / R) * R - 10 * SEC;
      out.push({
        event_id: `sim-edge-${route}-${node}-${at}`,
        ts: iso(at),
        kind: "edge.config_applied",
        region,
        node_id: node,
        route,
        config_version: versionAt(Math.max(x.begins, bound)),
        message: `rolled back to edge config ${edgeConfigVersion(x.push - 6 * 60 * MIN)}`,
      });
    }
  return out;
}

// A release's rollout and its instances' lives until the next release.

interface Instance {
  env: SimEnv;
  type: string;
  n: number;
  id: string;
  release: string;
  born: number;
  dies: number;
}

interface Life {
  host: string;
  allocated: number;
  ready: number | null;
  end: number;
  reason: TerminationReason;
}

const isOomLoop = (x: Instance) =>
  x.env.org === OOM_LOOP.org &&
  x.env.app === OOM_LOOP.app &&
  x.env.env === OOM_LOOP.env &&
  x.type === OOM_LOOP.processType &&
  x.n === OOM_LOOP.n;
const isBroken = (x: Instance) =>
  x.env.org === BROKEN_ENV.org &&
  x.env.app === BROKEN_ENV.app &&
  x.env.env === BROKEN_ENV.env &&
  x.type === BROKEN_ENV.processType;

function workload(x: Instance) {
  return {
    region: x.env.region,
    org_id: x.env.org,
    app_id: x.env.app,
    env_id: x.env.env,
    process_type: x.type,
    release_id: x.release,
    instance_id: x.id,
  };
}

const checkOf = (x: Instance) => (x.type === "web" ? "GET /health" : `${x.type} process alive`);

/** One instance from its allocation before the release boundary to its stop at the next (or its last failure). */
function instanceStory(p: Platform, x: Instance, first: string, doomed: string[]): { events: Event[]; lives: Life[] } {
  const events: Event[] = [];
  const lives: Life[] = [];
  const waves = wavesIn(p, x.env.region, x.born, x.dies);
  const ev = (kind: Event["kind"], at: number, host: string, extra: Partial<Event> = {}): Event => ({
    event_id: `sim-${x.id}-${kind.split(".")[1]}-${at}`,
    ts: iso(at),
    kind,
    ...workload(x),
    host_id: host,
    ...extra,
  });
  let t = x.born;
  let host = first;
  for (;;) {
    const booted = t + 15 * SEC;
    const lost = lossOf(p, host, t, x.dies - 10 * SEC, waves);
    const planned: Event[] = [
      ev("instance.allocated", t, host, { message: `placed on ${host}` }),
      ev("instance.booted", booted, host),
    ];
    let ready: number | null = null;
    let end: { at: number; reason: TerminationReason; event: Event } | null = null;
    if (isBroken(x)) {
      const check = { check: BROKEN_ENV.check, status: BROKEN_ENV.status, message: BROKEN_ENV.message, duration_ms: 4 };
      for (const after of [10, 20, 30])
        planned.push(ev("health_check.failed", booted + after * SEC, host, { health_check: check }));
      const at = booted + 31 * SEC;
      end = {
        at,
        reason: "health_check_failed",
        event: ev("instance.failed", at, host, {
          reason: "health_check_failed",
          message: `${BROKEN_ENV.check} failed 3 times in a row (${BROKEN_ENV.status}); giving up on this boot`,
        }),
      };
    } else {
      ready = t + 30 * SEC;
      planned.push(ev("instance.ready", ready, host));
      const check = { check: checkOf(x), status: x.type === "web" ? 200 : null, duration_ms: 3 };
      planned.push(ev("health_check.passed", ready + SEC, host, { health_check: check }));
      const kill = isOomLoop(x) ? oomKills(ready + MIN, x.dies - 10 * SEC)[0] : undefined;
      if (kill !== undefined) {
        const throttled = Math.round((0.55 + 0.4 * frac(p, `oom:${x.id}`, kill / SEC)) * 100) / 100;
        end = {
          at: kill,
          reason: "oom_killed",
          event: ev("instance.stopped", kill, host, {
            reason: "oom_killed",
            exit_code: 137,
            resources: { memory_peak_bytes: 512 * MIB, memory_limit_bytes: 512 * MIB, cpu_throttled_share: throttled },
            message: "Out of memory: Killed process 412 (node) anon-rss:524288kB; restarting in place",
          }),
        };
      }
    }
    if (lost !== null && (end === null || lost < end.at))
      end = {
        at: lost,
        reason: "host_lost",
        event: ev("instance.failed", lost, host, {
          reason: "host_lost",
          message: `host ${host} stopped sending heartbeats; rescheduling`,
        }),
      };
    if (!end) {
      events.push(...planned);
      const stopping = x.dies - 5 * SEC;
      events.push(ev("instance.stopping", stopping, host, { message: "replaced by the next release" }));
      events.push(ev("instance.stopped", x.dies, host, { reason: "upgrade", exit_code: 0 }));
      lives.push({ host, allocated: t, ready, end: x.dies, reason: "upgrade" });
      break;
    }
    const endAt = end.at;
    events.push(...planned.filter((e) => Date.parse(e.ts) < endAt), end.event);
    lives.push({
      host,
      allocated: t,
      ready: ready !== null && ready < endAt ? ready : null,
      end: endAt,
      reason: end.reason,
    });
    // What comes next: a restart in place, a reschedule elsewhere, or another try after a while.
    if (end.reason === "oom_killed") t = endAt + 3 * SEC;
    else if (end.reason === "host_lost") {
      t = endAt + 30 * SEC;
      host = place(p, x.env.region, `${x.id}:${endAt}`, t, [...doomed, host]);
    } else t = endAt + RETRY_MS;
    if (t > x.dies - 3 * MIN) break;
  }
  return { events, lives };
}

/** Where a backend answers: its host's overlay address. */
function address(host: string, id: string): string {
  const [region = "", n = "0"] = host.split(/-h(?=\d+$)/);
  return `10.${regionIndex(region) + 1}.${Number(n)}.${20 + (stringHash(id) % 200)}:8080`;
}

/** Route bindings of an env's web instances: at the rollout, and around each host loss. */
function routeEvents(p: Platform, env: SimEnv, web: { x: Instance; lives: Life[] }[], b: number): Event[] {
  if (!env.routes.length || !web.length) return [];
  const binds = new Set([b - 10 * SEC]);
  for (const { lives } of web)
    for (const [i, l] of lives.entries())
      if (l.reason === "host_lost") {
        binds.add(l.end + 2 * SEC);
        const next = lives[i + 1];
        if (next?.ready != null) binds.add(next.ready + 2 * SEC);
      }
  const out: Event[] = [];
  for (const at of [...binds].sort((a, c) => a - c)) {
    const backends = web.flatMap(({ x, lives }) => {
      const life = lives.filter((l) => l.allocated <= at).at(-1) ?? lives[0];
      if (!life || (life.reason === "host_lost" && life.end <= at)) return [];
      return [{ instance_id: x.id, address: address(life.host, x.id) }];
    });
    for (const route of env.routes) {
      out.push({
        event_id: `sim-route-${route}-${at}`,
        ts: iso(at),
        kind: "route.bound",
        region: env.region,
        org_id: env.org,
        app_id: env.app,
        env_id: env.env,
        route,
        backends,
        message: `${backends.length} backends of release ${web[0]!.x.release}`,
      });
      out.push(...applies(p, route, env.region, at, `route ${route}: ${backends.length} backends`));
    }
  }
  return out;
}

/** Everything the release at boundary `b` brings, from its creation to its instances' stops at the next. */
function rollout(p: Platform, b: number): Event[] {
  const out: Event[] = [];
  for (const w of WORKLOADS) {
    const home = SIM_ENVS.find((e) => e.org === w.org && e.app === w.app)!;
    out.push({
      event_id: `sim-release-created-${w.app}-${b}`,
      ts: iso(b - 2 * MIN),
      kind: "release.created",
      region: home.region,
      org_id: w.org,
      app_id: w.app,
      release_id: demoReleaseId(b, w.app),
      message: `${w.app} ${demoReleaseId(b, w.app)} built by ${w.org}-ci`,
    });
  }
  for (const env of SIM_ENVS) {
    const release = demoReleaseId(b, env.app);
    const waves = wavesIn(p, env.region, b - 2 * MIN, b + R);
    const doomed = [...new Set(waves.flatMap((w) => doomedBy(p, w)))];
    const web: { x: Instance; lives: Life[] }[] = [];
    for (const [pi, proc] of env.processes.entries()) {
      out.push({
        event_id: `sim-release-activated-${env.app}-${env.env}-${proc.type}-${b}`,
        ts: iso(b - 90 * SEC),
        kind: "release.activated",
        region: env.region,
        org_id: env.org,
        app_id: env.app,
        env_id: env.env,
        process_type: proc.type,
        release_id: release,
        desired_instances: proc.instances,
      });
      for (let n = 1; n <= proc.instances; n++) {
        const id = demoInstanceId(b, env.app, proc.type, n, env.env);
        const x: Instance = {
          env,
          type: proc.type,
          n,
          id,
          release,
          born: b - 80 * SEC + (pi * 3 + n) * 2 * SEC,
          dies: b + R,
        };
        // A wave ahead: the scheduler packed the first instance of each process onto the hardware that will fail.
        const ready = doomed.filter((h) => hostIs(p, "ready", h, x.born));
        const first =
          n === 1 && ready.length
            ? ready[hash32(p.seed ^ stringHash(id), 1) % ready.length]!
            : place(p, env.region, id, x.born, doomed);
        const story = instanceStory(p, x, first, doomed);
        out.push(...story.events);
        if (proc.type === "web") web.push({ x, lives: story.lives });
      }
    }
    out.push(...routeEvents(p, env, web, b));
  }
  return out.sort(byTime);
}

const rollouts = new WeakMap<Platform, Map<number, Event[]>>();

function rolloutOf(p: Platform, b: number): Event[] {
  let cache = rollouts.get(p);
  if (!cache) rollouts.set(p, (cache = new Map()));
  let events = cache.get(b);
  if (!events) {
    events = rollout(p, b);
    if (cache.size >= 6) cache.delete(cache.keys().next().value!);
    cache.set(b, events);
  }
  return events;
}

// The consumers' cursors.

interface Consumer {
  name: string;
  kind: ConsumerKind;
  region: string;
  offset: number;
  sparse: boolean;
  host?: string;
  projection?: string;
}

function consumers(p: Platform): Consumer[] {
  return REGIONS.flatMap((region) => {
    const hosts = HOSTS_PER_REGION[regionIndex(region)]!;
    const agents = [1, 2].map((i) =>
      hostName(region, 1 + (hash32(p.seed ^ stringHash(`agent-cursor:${region}`), i) % hosts)),
    );
    return [
      { name: `scheduler-${region}`, kind: "scheduler" as const, region, offset: SEC, sparse: false },
      ...PROJECTIONS.map((projection, i) => ({
        name: `projection-${projection}-${region}`,
        kind: "projection" as const,
        region,
        offset: (2 + i) * SEC,
        sparse: false,
        projection,
      })),
      ...agents.map((host, i) => ({
        name: `agent-${host}`,
        kind: "agent" as const,
        region,
        offset: (6 + i) * SEC,
        sparse: true,
        host,
      })),
      ...edgeNodes(region).map(({ n, node }) => ({
        name: node,
        kind: "edge" as const,
        region,
        offset: (8 + n) * SEC,
        sparse: true,
      })),
    ];
  });
}

/** The event every consumer of a round reports having applied: the first of the round. */
const ANCHOR = "scheduler-us-east";
const anchorOf = (round: number) => ({
  applied_event_id: `sim-cursor-${ANCHOR}-${round}`,
  applied_ts: iso(round + SEC),
});

/** Where a consumer stands in a round: caught up with the round, or stalled by a projection-lag scenario. */
function position(p: Platform, c: Consumer, round: number): NonNullable<Event["consumer"]> {
  const base = { name: c.name, kind: c.kind };
  const caughtUp = { ...base, ...(c.name === ANCHOR ? anchorOf(round - CURSOR_EVERY_MS) : anchorOf(round)) };
  if (!c.projection) return caughtUp;
  for (const s of p.scenarios) {
    if (s.kind !== "projection-lag" || s.region !== c.region || (s.target ?? "apps") !== c.projection) continue;
    const stall = Math.floor(s.start / CURSOR_EVERY_MS) * CURSOR_EVERY_MS;
    // The operator skips the poison event two minutes before the end (changes.ts); it catches up at 8x.
    const fix = s.end - 2 * MIN;
    if (round < s.start) continue;
    if (round < fix) {
      const tries = Math.floor((round - s.start) / CURSOR_EVERY_MS);
      return {
        ...base,
        ...anchorOf(stall),
        error: `apply failed for event after ${anchorOf(stall).applied_event_id}: invalid state transition stopped → stopped`,
        backoff_seconds: 2 ** Math.min(6, tries + 1),
      };
    }
    const applied = stall + (round - fix) * 8;
    if (applied < round) return { ...base, ...anchorOf(Math.floor(applied / CURSOR_EVERY_MS) * CURSOR_EVERY_MS) };
  }
  return caughtUp;
}

function cursorEvents(p: Platform, from: number, to: number, sparse: boolean): Event[] {
  const out: Event[] = [];
  const list = consumers(p);
  const last = 20 * SEC;
  for (let k = Math.floor((from - last) / CURSOR_EVERY_MS); k * CURSOR_EVERY_MS < to; k++) {
    const round = k * CURSOR_EVERY_MS;
    const full = k % SPARSE_ROUNDS === 0;
    if (sparse && !full) continue;
    for (const c of list) {
      const at = round + c.offset;
      if (at < from || at >= to || (c.sparse && !full)) continue;
      // An agent whose host is down reports nothing.
      if (c.host && hostIs(p, "down", c.host, at)) continue;
      out.push({
        event_id: `sim-cursor-${c.name}-${round}`,
        ts: iso(at),
        kind: "consumer.cursor",
        region: c.region,
        ...(c.host ? { host_id: c.host } : {}),
        ...(c.kind === "edge" ? { node_id: c.name } : {}),
        consumer: position(p, c, round),
      });
    }
  }
  return out;
}

// The feed.

export interface EventOptions {
  /** Cursors every fifth minute only (for a long history), not every 30 s. */
  sparseCursors?: boolean;
}

/** The platform's events whose ts is in [from, to), oldest first. */
export function eventPosts(p: Platform, from: number, to: number, o: EventOptions = {}): Event[] {
  const out: Event[] = [];
  // Every ts is toISOString's, so the strings order as the times do.
  const [lo, hi] = [iso(from), iso(to)];
  const keep = (e: Event) => {
    if (e.ts >= lo && e.ts < hi) out.push(e);
  };
  // A rollout's events run from 2 minutes before its boundary to the next boundary.
  for (let b = Math.floor((from - R - MIN) / R) * R; b - 2 * MIN < to; b += R)
    if (b + R + MIN > from) rolloutOf(p, b).forEach(keep);
  for (const x of edgeIncidents(p))
    if (x.push < to && x.rollback(EDGE_NODES_PER_REGION) + 20 * SEC >= from) incidentEvents(p, x).forEach(keep);
  out.push(...cursorEvents(p, from, to, o.sparseCursors ?? false));
  return out.sort(byTime);
}

/** Where a history of events ending at `from` starts: the rollout before it, so every env has its state. */
export const eventHistoryStart = (from: number) => Math.floor((from + 3 * MIN) / R) * R - 3 * MIN;

/** The stops at the release boundary after `at`: what closes the instances a window of history left running. */
export function closingEvents(p: Platform, at: number): Event[] {
  const next = Math.ceil(at / R) * R;
  return eventPosts(p, next - 10 * SEC, next + SEC).filter(
    (e) => e.kind === "instance.stopping" || (e.kind === "instance.stopped" && e.reason === "upgrade"),
  );
}
