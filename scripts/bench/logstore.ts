// Log store benchmark: the same generated lines for one org over seven days on Postgres (a durable
// server started by the bench) and on chDB, read through the real route handlers with the store
// switched per call (LOG_STORE), in turns: a 7-day text search for a rare token and for a common word
// (newest 500), a scoped 1 h query (app + env, newest 500), a line's context, an export of 100,000 lines,
// and ingest through ingestLogs in batches of 10,000. Then chDB alone with more lines in the org
// (--chdb-lines, default 100 M): the same search and scoped query, and bytes on disk per line.
//   npm run bench -- logstore [--lines 20000000] [--chdb-lines 100000000] [--queries 50] [--slow-queries 6] [--batches 20]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "../../lib/db/client";
import { orgs, users, memberships } from "../../lib/db/schema";
import {
  benchCookie,
  benchDatabase,
  benchPostgres,
  chdbLines,
  LOG_BENCH_ORG,
  loadInChunks,
  switchLogStore,
  logShape,
  measure,
  measurePair,
  printTable,
  RARE_TOKEN,
  type Figures,
} from "./lib";

const { values: opt } = parseArgs({
  args: process.argv.slice(3),
  options: {
    lines: { type: "string", default: "20000000" },
    "chdb-lines": { type: "string", default: "100000000" },
    queries: { type: "string", default: "50" },
    "slow-queries": { type: "string", default: "6" },
    batches: { type: "string", default: "20" },
  },
});
const LINES = Number(opt.lines);
const CHDB_LINES = Number(opt["chdb-lines"]);
const QUERIES = Number(opt.queries);
const SLOW = Number(opt["slow-queries"]);
const BATCHES = Number(opt.batches);
const DAYS = 7;
const ORG = LOG_BENCH_ORG;
const RARE = RARE_TOKEN;
const HOUR = 3_600_000;
const DAY = 86_400_000;

type Engine = "postgres" | "chdb";
/** Which store the next call reads and writes (the console's database stays the same Postgres). */
const switchTo = (engine: Engine) => switchLogStore(engine);

async function loadPostgres(handle: DbHandle, start: number, span: number) {
  await loadInChunks(
    handle,
    "log_lines",
    start,
    DAYS,
    LINES,
    56,
    (a, b) => sql`
      insert into log_lines (ts, org_id, app_id, env_id, process_type, instance_id, release_id, host_id, level, message, request_id)
      select ts, org_id, app_id, env_id, process_type, instance_id, release_id, host_id, level, message, request_id
      from (${logShape.pg(start, span, LINES)} from generate_series(${a}::bigint, ${b - 1}::bigint) g) s`,
  );
  const db = handle.db;
  await db.execute(sql`insert into log_streams (org_id, app_id, env_id, process_type, instance_id, first_seen, last_seen)
    select org_id, app_id, env_id, process_type, instance_id, min(ts), max(ts) from log_lines where org_id = ${ORG} group by 1, 2, 3, 4, 5 on conflict do nothing`);
  await db.execute(sql`analyze log_lines`);
}

export default async function logstoreBench() {
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  const chdbDir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-bench-chdb-"));
  process.env.CHDB_PATH = chdbDir;
  process.env.LOG_EXPORT_MAX_LINES = "100000";
  const pg = await benchPostgres();
  try {
    const handle = await benchDatabase(openDb({ databaseUrl: pg.url, poolSize: 8 }));
    await handle.db.insert(orgs).values({ id: ORG, name: "Bench org" }).onConflictDoNothing();
    await handle.db
      .insert(users)
      .values({ id: "usr_bench", email: "bench@bench.local", name: "Bench", role: "tenant" })
      .onConflictDoNothing();
    await handle.db.insert(memberships).values({ userId: "usr_bench", orgId: ORG }).onConflictDoNothing();
    const now = Date.now();
    const start = now - DAYS * DAY + HOUR;
    const span = DAYS * DAY - 2 * HOUR;

    console.log(`\n== loading ${LINES.toLocaleString()} lines of one org over ${DAYS} days into Postgres and chDB`);
    let t = Date.now();
    await loadPostgres(handle, start, span);
    const pgSize = (await handle.db.execute<{ bytes: string }>(
      sql`select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c where c.relname like 'log_lines_p%' and c.relkind = 'r'`,
    )) as unknown as { rows: { bytes: string }[] };
    const pgBytes = Number(pgSize.rows[0]!.bytes);
    console.log(
      `Postgres: ${((Date.now() - t) / 1000).toFixed(0)} s, ${(pgBytes / 2 ** 30).toFixed(2)} GiB with indexes (${(pgBytes / LINES).toFixed(0)} bytes/line)`,
    );
    switchTo("chdb");
    const { migrateLogStore } = await import("../../lib/kinds/clickhouse");
    await migrateLogStore();
    const { clickhouseTarget } = await import("../../lib/kinds/clickhouse/target");
    const ch = chdbLines(clickhouseTarget()!);
    t = Date.now();
    await ch.load(start, span, LINES, 0, LINES, 1);
    const chSize = await ch.size();
    console.log(
      `chDB: ${((Date.now() - t) / 1000).toFixed(0)} s, ${(chSize.bytes / 2 ** 20).toFixed(0)} MiB (${(chSize.bytes / chSize.rows).toFixed(1)} bytes/line)`,
    );

    const { GET: query } = await import("../../app/api/v1/orgs/[org]/logs/route");
    const { GET: context } = await import("../../app/api/v1/orgs/[org]/logs/[id]/context/route");
    const { GET: exportLogs } = await import("../../app/api/v1/orgs/[org]/logs/export/route");
    const cookie = await benchCookie("usr_bench");
    type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
    const get = async (engine: Engine, handler: Handler, url: string, params: Record<string, string> = {}) => {
      switchTo(engine);
      const res = await handler(new Request(`http://bench${url}`, { headers: { cookie } }), {
        params: Promise.resolve({ org: ORG, ...params }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${engine} ${url}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    const week = `start=${iso(now - DAYS * DAY + 60_000)}&end=${iso(now)}`;
    let i = 0;
    const hour = () => {
      const end = start + HOUR + (((i++ * 7919) % 1000) / 1000) * (span - HOUR);
      return `start=${iso(end - HOUR)}&end=${iso(end)}`;
    };
    const lines = async (engine: Engine, url: string) =>
      (JSON.parse(await get(engine, query, url)) as { lines: { id: string; message: string }[] }).lines;
    for (const engine of ["postgres", "chdb"] as const) {
      const rare = await lines(engine, `/api/v1/orgs/${ORG}/logs?q=${RARE}&${week}&limit=500`);
      const scoped = await lines(engine, `/api/v1/orgs/${ORG}/logs?app=web&env=production&${hour()}&limit=500`);
      console.log(`  ${engine}: rare token ${rare.length} lines, scoped hour ${scoped.length} lines`);
    }
    const ids = { postgres: (await lines("postgres", `/api/v1/orgs/${ORG}/logs?${hour()}&limit=1`))[0]!.id, chdb: "" };
    ids.chdb = (await lines("chdb", `/api/v1/orgs/${ORG}/logs?${hour()}&limit=1`))[0]!.id;

    const rows: Figures[] = [];
    const pair = async (label: string, n: number, f: (engine: Engine) => () => Promise<unknown>) => {
      const [p, c] = await measurePair(
        [`Postgres: ${label}`, `chDB: ${label}`],
        n,
        [f("postgres"), f("chdb")],
        Math.min(2, n),
      );
      rows.push(p, c);
      console.log(
        `  ${label}: Postgres p50 ${p.p50Ms.toFixed(1)} ms, chDB p50 ${c.p50Ms.toFixed(1)} ms — ${(p.p50Ms / c.p50Ms).toFixed(1)}× (p95 ${(p.p95Ms / c.p95Ms).toFixed(1)}×)`,
      );
      return [p, c] as const;
    };
    console.log(`\n== ${LINES.toLocaleString()} lines, through the route handlers, Postgres and chDB in turns`);
    const [rareP, rareC] = await pair(
      `7-day search for a rare token, newest 500`,
      SLOW,
      (e) => () => get(e, query, `/api/v1/orgs/${ORG}/logs?q=${RARE}&${week}&limit=500`),
    );
    await pair(
      `7-day search for a common word, newest 500`,
      QUERIES,
      (e) => () => get(e, query, `/api/v1/orgs/${ORG}/logs?q=timeout&${week}&limit=500`),
    );
    const [scopedP, scopedC] = await pair(
      `app + env over 1 h, newest 500`,
      QUERIES,
      (e) => () => get(e, query, `/api/v1/orgs/${ORG}/logs?app=web&env=production&${hour()}&limit=500`),
    );
    await pair(
      `context of a line (25 + 25)`,
      QUERIES,
      (e) => () => get(e, context, `/api/v1/orgs/${ORG}/logs/${ids[e]}/context?before=25&after=25`, { id: ids[e] }),
    );
    await pair(
      `export of 100,000 lines (NDJSON)`,
      4,
      (e) => () => get(e, exportLogs, `/api/v1/orgs/${ORG}/logs/export?${week}`),
    );

    // Where chDB's time went, statement by statement (the console's own log_store_statement_duration_seconds).
    const { metrics } = await import("../../lib/telemetry/metrics");
    const timings = await metrics().logStore.get();
    const per: Record<string, { sum: number; count: number }> = {};
    for (const v of timings.values) {
      const op = String(v.labels.op);
      per[op] ??= { sum: 0, count: 0 };
      if (v.metricName?.endsWith("_sum")) per[op].sum += v.value;
      if (v.metricName?.endsWith("_count")) per[op].count += v.value;
    }
    console.log(
      `  chDB statements, mean ms: ${Object.entries(per)
        .filter(([, x]) => x.count)
        .map(([op, x]) => `${op} ${((x.sum / x.count) * 1000).toFixed(1)} (n=${x.count})`)
        .join(", ")}`,
    );

    const { ingestLogs } = await import("./lib");
    let b = 0;
    const batch = () =>
      JSON.stringify(
        Array.from({ length: 10_000 }, (_, k) => ({
          ts: iso(now - HOUR + (b * 10_000 + k) * 10),
          org_id: ORG,
          app_id: ["web", "api", "worker", "billing"][k % 4],
          env_id: "production",
          process_type: "web",
          instance_id: `web-${k % 8}`,
          level: k % 10 ? "info" : "warn",
          message: `GET /api/orders/${b}-${k} 200 ${k % 400}ms`,
          request_id: `ingest-${b}-${k}`,
        })),
      );
    const ingest = (e: Engine) => async () => {
      const body = batch();
      b++;
      switchTo(e);
      const r = await ingestLogs(body, "application/json");
      if (r.accepted !== 10_000) throw new Error(`ingest accepted ${r.accepted}`);
    };
    const [ingP, ingC] = await pair(`ingestLogs, a batch of 10,000 lines`, BATCHES, ingest);
    const rate = (f: Figures) => Math.round(10_000 * f.opsPerSec);
    console.log(
      `  ingest: Postgres ${rate(ingP).toLocaleString()} lines/s, chDB ${rate(ingC).toLocaleString()} lines/s — ${(rate(ingC) / rate(ingP)).toFixed(1)}×`,
    );

    console.log(`\n== chDB with ${CHDB_LINES.toLocaleString()} lines in the org`);
    t = Date.now();
    if (CHDB_LINES > LINES) await ch.load(start, span, CHDB_LINES, LINES, CHDB_LINES - LINES, 1_000_000_000_000);
    const big = await ch.size();
    console.log(
      `loaded ${(CHDB_LINES - LINES).toLocaleString()} more in ${((Date.now() - t) / 1000).toFixed(0)} s; ${(big.bytes / 2 ** 30).toFixed(2)} GiB on disk for ${big.rows.toLocaleString()} lines (${(big.bytes / big.rows).toFixed(1)} bytes/line)`,
    );
    const bigRare = await measure(
      `chDB ${CHDB_LINES / 1e6} M: 7-day search for a rare token, newest 500`,
      QUERIES,
      () => get("chdb", query, `/api/v1/orgs/${ORG}/logs?q=${RARE}&${week}&limit=500`),
      3,
    );
    const bigScoped = await measure(
      `chDB ${CHDB_LINES / 1e6} M: app + env over 1 h, newest 500`,
      QUERIES,
      () => get("chdb", query, `/api/v1/orgs/${ORG}/logs?app=web&env=production&${hour()}&limit=500`),
      3,
    );
    rows.push(bigRare, bigScoped);
    console.log();
    printTable(rows);
    console.log(
      `\n7-day rare-token search: chDB ${(rareP.p50Ms / rareC.p50Ms).toFixed(0)}× faster at p50 (goal ≥ 50×); scoped 1 h: ${(scopedP.p50Ms / scopedC.p50Ms).toFixed(1)}× (goal ≥ 3×); ` +
        `ingest ${(rate(ingC) / rate(ingP)).toFixed(1)}× (goal ≥ 2×); at ${CHDB_LINES / 1e6} M rare-token p95 ${bigRare.p95Ms.toFixed(0)} ms (goal ≤ 500), scoped p95 ${bigScoped.p95Ms.toFixed(1)} ms (goal ≤ 50)`,
    );
    const { closeRealtime } = await import("../../lib/realtime/bus");
    await closeRealtime();
    await handle.close();
  } finally {
    pg.stop();
    fs.rmSync(chdbDir, { recursive: true, force: true });
  }
}
