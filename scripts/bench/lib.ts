// What the benchmarks share: timing (warm up, run for a fixed count, report percentiles) and set-up (a
// seeded database, a session cookie, an API token).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { openDb, setDbHandle, type DbHandle } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { reloadEnv } from "../../lib/env";
import { seedDemo } from "../../lib/demo/seed";
import type { ClickHouseTarget } from "../../lib/kinds/clickhouse/sql";
import { type Scope } from "@/lib/vocabulary";
export interface Figures {
  name: string;
  n: number;
  opsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

function figures(name: string, samples: Float64Array, totalMs: number): Figures {
  const n = samples.length;
  samples.sort();
  const pct = (p: number) => samples[Math.min(n - 1, Math.floor(n * p))]!;
  return { name, n, opsPerSec: (n / totalMs) * 1000, p50Ms: pct(0.5), p95Ms: pct(0.95), p99Ms: pct(0.99) };
}

export async function measure(
  name: string,
  n: number,
  fn: () => Promise<unknown>,
  warmup = Math.min(50, n),
): Promise<Figures> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples[i] = performance.now() - t;
  }
  return figures(name, samples, performance.now() - start);
}

/**
 * Two cases measured in turns (A B B A …) so that both see the same machine: a comparison of one against
 * the other is not skewed by warm-up, caches or a neighbour's load that comes and goes during the run.
 */
export async function measurePair(
  names: [string, string],
  n: number,
  fns: [() => Promise<unknown>, () => Promise<unknown>],
  warmup = Math.min(20, n),
): Promise<[Figures, Figures]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const samples = [new Float64Array(n), new Float64Array(n)];
  const totals = [0, 0];
  for (let i = 0; i < n; i++) {
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const t = performance.now();
      await fns[k]!();
      const d = performance.now() - t;
      samples[k]![i] = d;
      totals[k]! += d;
    }
  }
  return [figures(names[0], samples[0]!, totals[0]!), figures(names[1], samples[1]!, totals[1]!)];
}

export function printTable(rows: Figures[]) {
  const head = ["case", "n", "ops/s", "p50 ms", "p95 ms", "p99 ms"];
  const body = rows.map((r) => [
    r.name,
    String(r.n),
    r.opsPerSec.toFixed(0),
    r.p50Ms.toFixed(3),
    r.p95Ms.toFixed(3),
    r.p99Ms.toFixed(3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  for (const b of body) console.log(line(b));
}

/** Which store the next call reads and writes (the console's database stays the same Postgres). */
export function switchLogStore(engine: "postgres" | "chdb") {
  process.env.LOG_STORE = engine;
  reloadEnv();
}

/**
 * Loads rows [0, total) of a day-partitioned table in `chunks` pieces, two at a time: its day partitions
 * over [start, start + days] first, then `insert(from, to)` per piece (a generate_series over the range).
 */
export async function loadInChunks(
  handle: DbHandle,
  table: string,
  start: number,
  days: number,
  total: number,
  chunks: number,
  insert: (from: number, to: number) => ReturnType<typeof sql>,
) {
  for (let d = 0; d <= days; d++)
    await handle.db.execute(
      sql`select ops_console_log_partition(${table}, ${new Date(start + d * 86_400_000).toISOString().slice(0, 10)}::date)`,
    );
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < chunks) {
        const c = next++;
        await handle.db.execute(insert(Math.floor((total * c) / chunks), Math.floor((total * (c + 1)) / chunks)));
      }
    }),
  );
}

/** A bench's own console database: migrated, seeded with the demo, installed as the process-wide handle. */
export async function benchDatabase(handle: DbHandle = openDb({})): Promise<DbHandle> {
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  setDbHandle(handle);
  await migrateDb(handle);
  await seedDemo(handle.db);
  return handle;
}

/** A signed-in person's session cookie, as the browser sends it. */
export async function benchCookie(userId: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

/** An API token of `userId`'s with `scopes`, minted as the console mints them. */
export async function benchToken(userId: string, scopes: Scope[], name = "bench"): Promise<string> {
  const { actorFromSessionToken } = await import("../../lib/auth/actor");
  const { createToken } = await import("../../lib/auth/tokens");
  const actor = (await actorFromSessionToken(`${(await benchCookie(userId)).split("=")[1]}`))!;
  return (await createToken(actor, { name, scopes }, { requestId: "bench", ip: null })).token.secret;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** A durable Postgres server of the bench's own (fsync on, shared_buffers 2 GB) in a scratch directory, and how to stop it. */
export async function benchPostgres(): Promise<{ url: string; dir: string; stop(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-bench-"));
  fs.chmodSync(dir, 0o755);
  const url = execFileSync(
    "bash",
    ["scripts/test/pg-cluster.sh", "start", path.join(dir, "pg"), String(await freePort())],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        PG_EXTRA_OPTS:
          "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=2GB -c max_wal_size=8GB -c work_mem=32MB",
      },
    },
  ).trim();
  return {
    url,
    dir,
    stop: () => {
      execFileSync("bash", ["scripts/test/pg-cluster.sh", "stop", path.join(dir, "pg")]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The log benches' org, and the token one line in 4,000,000 carries. */
export const LOG_BENCH_ORG = "bench-org";
export const RARE_TOKEN = "req_7f3a";

/**
 * Line g of n (g from `offset`): one org, four apps, two envs, eight instances per app; one line in ten a
 * warning with the word "timeout", one in 4,000,000 carrying the rare token. The same text in both SQL dialects.
 */
export const logShape = {
  pg: (start: number, span: number, n: number) => sql`
    select to_timestamp((${start}::bigint + (${span}::bigint * g / ${n}::bigint)) / 1000.0) as ts,
      ${LOG_BENCH_ORG}::text as org_id, (array['web','api','worker','billing'])[1 + (g * 3) % 4] as app_id,
      case when g % 5 = 0 then 'staging' else 'production' end as env_id, 'web'::text as process_type,
      (array['web','api','worker','billing'])[1 + (g * 3) % 4] || '-web-' || (g % 8) as instance_id,
      'v' || (g * 12 / ${n}::bigint) as release_id, 'h' || lpad(((g * 37) % 200)::text, 3, '0') as host_id,
      case when g % 40 = 0 then 'error' when g % 10 = 0 then 'warn' else 'info' end as level,
      case when g % 4000000 = 777 then 'payment ${sql.raw(RARE_TOKEN)} declined by issuer (' || g || ')'
           when g % 10 = 0 then 'upstream timeout after ' || (g % 5000) || 'ms calling payments'
           else 'GET /api/orders/' || g || ' 200 ' || (g % 400) || 'ms' end as message,
      substr(md5(g::text), 1, 16) as request_id`,
  ch: `
    SELECT {id0:UInt64} + g AS id, fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv({span:Int64} * g, {n:Int64})), 'UTC') AS ts,
      {org:String} AS org_id, ['web','api','worker','billing'][1 + (g * 3) % 4] AS app_id,
      if(g % 5 = 0, 'staging', 'production') AS env_id, 'web' AS process_type,
      concat(['web','api','worker','billing'][1 + (g * 3) % 4], '-web-', toString(g % 8)) AS instance_id,
      concat('v', toString(intDiv(g * 12, {n:Int64}))) AS release_id, concat('h', leftPad(toString((g * 37) % 200), 3, '0')) AS host_id,
      multiIf(g % 40 = 0, 'error', g % 10 = 0, 'warn', 'info') AS level,
      multiIf(g % 4000000 = 777, concat('payment ', {rare:String}, ' declined by issuer (', toString(g), ')'),
              g % 10 = 0, concat('upstream timeout after ', toString(g % 5000), 'ms calling payments'),
              concat('GET /api/orders/', toString(g), ' 200 ', toString(g % 400), 'ms')) AS message,
      substring(lower(hex(MD5(toString(g)))), 1, 16) AS request_id, CAST(NULL, 'Nullable(String)') AS trace_id, '' AS attrs
    FROM (SELECT number + {from:UInt64} AS g FROM numbers({count:UInt64}))`,
};

/** Generated lines (`logShape`) into a ClickHouse database's log_lines, and its size on disk. */
export function chdbLines(target: ClickHouseTarget) {
  const run = (q: string, params: Record<string, unknown> = {}) =>
    target.transport.rows<Record<string, string>>("bench", q, { db: target.database, ...params });
  return {
    /** Lines [from, from + count) of `n` over the window, with ids from id0 (clear of the console's sequence). */
    load: async (start: number, span: number, n: number, from: number, count: number, id0: number) => {
      for (let a = from; a < from + count; a += 5_000_000) {
        const c = Math.min(5_000_000, from + count - a);
        await run(
          `INSERT INTO {db:Identifier}.log_lines (id, ts, org_id, app_id, env_id, process_type, instance_id, release_id, host_id, level, message, request_id, trace_id, attrs) ${logShape.ch}`,
          {
            id0,
            start,
            span,
            n,
            org: LOG_BENCH_ORG,
            rare: RARE_TOKEN,
            from: a,
            count: c,
          },
        );
      }
      await run("OPTIMIZE TABLE {db:Identifier}.log_lines FINAL");
    },
    size: async () => {
      const [r] = await run(
        "SELECT toString(sum(bytes_on_disk)) AS bytes, toString(sum(rows)) AS rows FROM system.parts WHERE database = {db:String} AND table = 'log_lines' AND active",
      );
      return { bytes: Number(r!.bytes), rows: Number(r!.rows) };
    },
  };
}

/** The in-process ingest of tenant logs, as the demo feed writes them (validation, redaction, one batch). */
export async function ingestLogs(text: string, contentType: string | null) {
  const [{ ingestText }, { tenantLogs }] = await Promise.all([
    import("../../lib/kinds/ingest"),
    import("../../lib/logs/kind"),
  ]);
  return ingestText(tenantLogs, text, contentType);
}

/** The same for platform logs. */
export async function ingestPlatformLogs(text: string, contentType: string | null) {
  const [{ ingestText }, { platformLogs }] = await Promise.all([
    import("../../lib/kinds/ingest"),
    import("../../lib/platform-logs/kind"),
  ]);
  return ingestText(platformLogs, text, contentType);
}
