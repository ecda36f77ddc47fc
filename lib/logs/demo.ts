// Demo tenant workloads for the embedded default: acme and globex apps writing realistic lines
// (requests, jobs, cron runs, releases that replace instances, error bursts), backfilled for the last
// day and then written continuously, through the same ingest path a platform agent uses.
import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import type { LogEntry } from "./contract";
import { ingestLogs } from "./ingest";
import { refreshStatistics } from "./retention";
import { seededRandom } from "@/lib/random";

interface Workload {
  org: string;
  app: string;
  processes: { type: "web" | "worker" | "cron"; instances: number }[];
  weight: number;
}

const WORKLOADS: Workload[] = [
  { org: "acme", app: "web", processes: [{ type: "web", instances: 3 }, { type: "worker", instances: 1 }], weight: 5 },
  { org: "acme", app: "api", processes: [{ type: "web", instances: 2 }, { type: "worker", instances: 2 }], weight: 4 },
  { org: "acme", app: "worker", processes: [{ type: "worker", instances: 2 }, { type: "cron", instances: 1 }], weight: 2 },
  { org: "globex", app: "shop", processes: [{ type: "web", instances: 2 }, { type: "worker", instances: 1 }], weight: 4 },
  { org: "globex", app: "billing", processes: [{ type: "web", instances: 1 }, { type: "worker", instances: 1 }, { type: "cron", instances: 1 }], weight: 2 },
];
const ENVS = [
  { id: "production", weight: 4 },
  { id: "staging", weight: 1 },
];
const RELEASE_EVERY_MS = 6 * 3_600_000;
const PATHS = ["/", "/api/orders", "/api/orders/:id", "/api/cart", "/checkout", "/api/search", "/login", "/api/users/me", "/healthz"];
const JOBS = ["email.send", "invoice.render", "webhook.deliver", "image.resize", "search.reindex", "payment.capture"];
const CRONS = ["nightly-report", "cleanup-sessions", "sync-exchange-rates"];

/** Error bursts (UTC minute-of-day windows) when one production app misbehaves, like an incident would. */
const BURSTS = [
  { org: "acme", app: "web", startMin: 2 * 60 + 10, minutes: 12, message: "upstream connect error or disconnect/reset before headers. reset reason: connection timeout", status: 503 },
  { org: "acme", app: "api", startMin: 9 * 60 + 40, minutes: 8, message: "pq: canceling statement due to statement timeout (orders_by_customer)", status: 500 },
  { org: "globex", app: "shop", startMin: 15 * 60 + 5, minutes: 10, message: "payment provider returned 502 Bad Gateway", status: 502 },
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

const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");

/** One line at time `ts`, deterministic for a given seed. */
export function demoLine(ts: number, seed: number): LogEntry {
  const r = seededRandom(seed);
  const w = weighted(r, WORKLOADS);
  const env = weighted(r, ENVS);
  const proc = pick(r, w.processes);
  const release = Math.floor(ts / RELEASE_EVERY_MS);
  const releaseId = `v${release % 1000}.${w.app.length}`;
  const instance = `${w.app}-${proc.type}-${(release * 2654435761 + w.app.length).toString(16).slice(-5)}-${Math.floor(r() * (env.id === "staging" ? 1 : proc.instances)) + 1}`;
  const minuteOfDay = Math.floor((ts % 86_400_000) / 60_000);
  const burst = env.id === "production" && BURSTS.find((b) => b.org === w.org && b.app === w.app && minuteOfDay >= b.startMin && minuteOfDay < b.startMin + b.minutes);
  const requestId = hex(r, 16);
  const traceId = hex(r, 32);
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
      message = `job ${job} id=${hex(r, 8)} done in ${ms}ms`;
    }
    attrs = { job, duration_ms: ms };
  } else {
    const cron = pick(r, CRONS);
    level = r() < 0.03 ? "warn" : "info";
    message = level === "warn" ? `cron ${cron} ran long: ${Math.round(60 + r() * 240)}s` : `cron ${cron} finished: ${Math.floor(r() * 5000)} rows in ${Math.round(r() * 40)}s`;
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

async function write(lines: LogEntry[]) {
  for (let i = 0; i < lines.length; i += 5000) {
    const batch = lines.slice(i, i + 5000);
    await ingestLogs(JSON.stringify(batch), "application/json");
  }
}

const g = globalThis as unknown as { __opsConsoleDemoLogs?: boolean };

/** Backfills what the demo missed (up to `hours`), then keeps writing once a second. */
export async function startDemoLogs(hours: number, perSecond: number): Promise<void> {
  if (g.__opsConsoleDemoLogs || perSecond <= 0) return;
  g.__opsConsoleDemoLogs = true;
  const now = Date.now();
  const res = await db().execute<{ last: string | null }>(sql`select max(ts)::text as last from log_lines where org_id in ('acme', 'globex')`);
  const last = (res as unknown as { rows: { last: string | null }[] }).rows[0]?.last;
  const from = Math.max(now - hours * 3_600_000, last ? Date.parse(last) + 1 : 0);
  const started = Date.now();
  if (from < now) {
    const lines = demoLines(from, now, perSecond);
    await write(lines);
    console.log(`Demo logs: wrote ${lines.length} lines of history in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
    await refreshStatistics();
  }
  let cursor = now;
  const tick = async () => {
    const to = Date.now();
    try {
      await write(demoLines(cursor, to, perSecond));
      cursor = to;
    } catch (err) {
      console.error("demo logs:", (err as Error).message);
    }
    setTimeout(tick, 1000).unref();
  };
  setTimeout(tick, 1000).unref();
}
