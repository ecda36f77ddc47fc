// Demo tenant workloads: acme and globex apps writing realistic lines (requests, jobs, cron runs,
// releases every six hours that replace instances, error bursts). Pure and deterministic: the same
// second always gives the same lines, so the embedded demo and `npm run simulate` agree.
import type { LogEntry } from "@/lib/logs/kind";
import { seededRandom } from "@/lib/random";

export interface Workload {
  org: string;
  app: string;
  processes: { type: "web" | "worker" | "cron"; instances: number }[];
  weight: number;
}

export const WORKLOADS: Workload[] = [
  {
    org: "acme",
    app: "web",
    processes: [
      { type: "web", instances: 3 },
      { type: "worker", instances: 1 },
    ],
    weight: 5,
  },
  {
    org: "acme",
    app: "api",
    processes: [
      { type: "web", instances: 2 },
      { type: "worker", instances: 2 },
    ],
    weight: 4,
  },
  {
    org: "acme",
    app: "worker",
    processes: [
      { type: "worker", instances: 2 },
      { type: "cron", instances: 1 },
    ],
    weight: 2,
  },
  {
    org: "globex",
    app: "shop",
    processes: [
      { type: "web", instances: 2 },
      { type: "worker", instances: 1 },
    ],
    weight: 4,
  },
  {
    org: "globex",
    app: "billing",
    processes: [
      { type: "web", instances: 1 },
      { type: "worker", instances: 1 },
      { type: "cron", instances: 1 },
    ],
    weight: 2,
  },
];
export const ENVS = [
  { id: "production", weight: 4 },
  { id: "staging", weight: 1 },
];
/** Staging runs one instance of each process type. */
export const instancesIn = (env: string, instances: number) => (env === "staging" ? 1 : instances);
export const RELEASE_EVERY_MS = 6 * 3_600_000;
const PATHS = [
  "/",
  "/api/orders",
  "/api/orders/:id",
  "/api/cart",
  "/checkout",
  "/api/search",
  "/login",
  "/api/users/me",
  "/healthz",
];
const JOBS = ["email.send", "invoice.render", "webhook.deliver", "image.resize", "search.reindex", "payment.capture"];
const CRONS = ["nightly-report", "cleanup-sessions", "sync-exchange-rates"];

/** Error bursts (UTC minute-of-day windows) when one production app misbehaves, like an incident would. */
const BURSTS = [
  {
    org: "acme",
    app: "web",
    startMin: 2 * 60 + 10,
    minutes: 12,
    message: "upstream connect error or disconnect/reset before headers. reset reason: connection timeout",
    status: 503,
  },
  {
    org: "acme",
    app: "api",
    startMin: 9 * 60 + 40,
    minutes: 8,
    message: "pq: canceling statement due to statement timeout (orders_by_customer)",
    status: 500,
  },
  {
    org: "globex",
    app: "shop",
    startMin: 15 * 60 + 5,
    minutes: 10,
    message: "payment provider returned 502 Bad Gateway",
    status: 502,
  },
];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function weighted<T extends { weight: number }>(r: () => number, items: readonly T[]): T {
  const total = items.reduce((a, i) => a + i.weight, 0);
  let x = r() * total;
  for (const i of items) if ((x -= i.weight) < 0) return i;
  return items[items.length - 1]!;
}

/** The release an app runs at `ts`: a new one every six hours. */
export function demoReleaseId(ts: number, app: string): string {
  return `v${Math.floor(ts / RELEASE_EVERY_MS) % 1000}.${app.length}`;
}

/** The `n`th instance of an app's process in an env at `ts` (instances are replaced with each release). */
export function demoInstanceId(ts: number, app: string, processType: string, n: number, env = "production"): string {
  const release = Math.floor(ts / RELEASE_EVERY_MS);
  const hex = (release * 2654435761 + app.length).toString(16).slice(-5);
  return `${app}-${processType}-${env === "production" ? "" : "stg-"}${hex}-${n}`;
}

// Two workloads misbehave all the time, and the platform's events (./events) tell why.

/** acme/api/production: web instance 1 runs out of memory every OOM_LOOP.everyMs and restarts on its host. */
export const OOM_LOOP = {
  org: "acme",
  app: "api",
  env: "production",
  processType: "web",
  n: 1,
  everyMs: 7 * 60_000,
  /** From the kill to the boot: the instance writes nothing. */
  bootMs: 20_000,
} as const;

/** The OOM kills in [from, to): every few minutes, none within five minutes of a release boundary. */
export function oomKills(from: number, to: number): number[] {
  const out: number[] = [];
  const phase = 150_000;
  for (let k = Math.floor((from - phase) / OOM_LOOP.everyMs); k * OOM_LOOP.everyMs + phase < to; k++) {
    const t = k * OOM_LOOP.everyMs + phase;
    const sinceRelease = t % RELEASE_EVERY_MS;
    if (t >= from && sinceRelease > 5 * 60_000 && sinceRelease < RELEASE_EVERY_MS - 5 * 60_000) out.push(t);
  }
  return out;
}

/** Whether the looping instance is down (killed, not booted yet) at `ts`. */
export function oomDown(ts: number): boolean {
  return oomKills(ts - OOM_LOOP.bootMs + 1, ts + 1).length > 0;
}

/** globex/billing/staging: its web process never passes its health check (the database it needs is gone). */
export const BROKEN_ENV = {
  org: "globex",
  app: "billing",
  env: "staging",
  processType: "web",
  check: "GET /health",
  status: 503,
  message: 'pq: database "billing_staging" does not exist',
} as const;

export const demoHex = (r: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");

/** One line at time `ts`, deterministic for a given seed. */
export function demoLine(ts: number, seed: number): LogEntry {
  const r = seededRandom(seed);
  const w = weighted(r, WORKLOADS);
  const env = weighted(r, ENVS);
  const proc = pick(r, w.processes);
  const releaseId = demoReleaseId(ts, w.app);
  let n = Math.floor(r() * instancesIn(env.id, proc.instances)) + 1;
  const looping = w.org === OOM_LOOP.org && w.app === OOM_LOOP.app && env.id === OOM_LOOP.env;
  // While the looping instance is down its requests go to the other one.
  if (looping && proc.type === OOM_LOOP.processType && n === OOM_LOOP.n && oomDown(ts)) n = OOM_LOOP.n + 1;
  const instance = demoInstanceId(ts, w.app, proc.type, n, env.id);
  const minuteOfDay = Math.floor((ts % 86_400_000) / 60_000);
  const burst =
    env.id === "production" &&
    BURSTS.find(
      (b) => b.org === w.org && b.app === w.app && minuteOfDay >= b.startMin && minuteOfDay < b.startMin + b.minutes,
    );
  const requestId = demoHex(r, 16);
  const traceId = demoHex(r, 32);
  let level: LogEntry["level"] = "info";
  let message: string;
  let attrs: Record<string, unknown> | null = null;
  if (proc.type === "web") {
    const path = pick(r, PATHS).replace(":id", String(Math.floor(r() * 90_000) + 10_000));
    const method = path.startsWith("/checkout") || r() < 0.15 ? "POST" : "GET";
    const ms = Math.round(5 + r() * r() * 400);
    if (burst && r() < 0.6) {
      level = "error";
      message = `${method} ${path} ${burst.status} ${ms * 20}ms — ${burst.message}`;
      attrs = { status: burst.status, duration_ms: ms * 20, path };
    } else {
      const status = r() < 0.01 ? 500 : r() < 0.04 ? 404 : method === "POST" ? 201 : 200;
      level = status >= 500 ? "error" : ms > 300 ? "warn" : "info";
      message = `${method} ${path} ${status} ${ms}ms${ms > 300 ? " (slow)" : ""}`;
      attrs = { status, duration_ms: ms, path };
    }
  } else if (proc.type === "worker") {
    const job = pick(r, JOBS);
    const ms = Math.round(20 + r() * 900);
    if (burst && r() < 0.5) {
      level = "error";
      message = `job ${job} failed after ${ms}ms: ${burst.message}; retrying in 30s`;
    } else if (r() < 0.02) {
      level = "warn";
      message = `job ${job} retry 1/5 after timeout (${ms}ms)`;
    } else {
      level = r() < 0.1 ? "debug" : "info";
      message = `job ${job} id=${demoHex(r, 8)} done in ${ms}ms`;
    }
    attrs = { job, duration_ms: ms };
  } else {
    const cron = pick(r, CRONS);
    level = r() < 0.03 ? "warn" : "info";
    message =
      level === "warn"
        ? `cron ${cron} ran long: ${Math.round(60 + r() * 240)}s`
        : `cron ${cron} finished: ${Math.floor(r() * 5000)} rows in ${Math.round(r() * 40)}s`;
  }
  const broken =
    w.org === BROKEN_ENV.org && w.app === BROKEN_ENV.app && env.id === BROKEN_ENV.env && proc.type === "web";
  if (broken) {
    // Only the platform's health checks reach it, and they fail.
    level = "error";
    message = `${BROKEN_ENV.check} ${BROKEN_ENV.status} 3ms — ${BROKEN_ENV.message}`;
    attrs = { status: BROKEN_ENV.status, duration_ms: 3, path: "/health" };
  }
  return {
    ts: new Date(ts).toISOString(),
    org_id: w.org,
    app_id: w.app,
    env_id: env.id,
    process_type: proc.type,
    instance_id: instance,
    release_id: releaseId,
    host_id: `host-${(seed % 200).toString().padStart(3, "0")}`,
    level,
    message,
    request_id: proc.type === "web" ? requestId : null,
    trace_id: proc.type === "cron" ? null : traceId,
    attrs,
  };
}

/** Lines for [from, to): `perSecond` on average, a little denser during the day (UTC). */
export function demoLines(from: number, to: number, perSecond: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let s = Math.ceil(from / 1000); s * 1000 < to; s++) {
    const hour = new Date(s * 1000).getUTCHours();
    const shape = 0.6 + 0.8 * Math.sin(((hour - 6) / 24) * Math.PI * 2) ** 2;
    const r = seededRandom(s);
    const n = Math.floor(perSecond * shape + r());
    for (let i = 0; i < n; i++) out.push(demoLine(s * 1000 + Math.floor(r() * 1000), s * 97 + i));
  }
  return out.sort((a, b) => a.ts.localeCompare(b.ts));
}
