// Traces benchmark, on Postgres (a durable server started by the bench) and on chDB: generated traces of 8
// spans over seven days (six services, 2 % of traces failing in their deepest span), loaded in bulk
// (generate_series / numbers()), then read through the real route handlers with the store switched per
// call: a trace by id, and a search (control-plane + status=error over 1 h and over 24 h, 50 traces). Span
// ingest (batches of 10,000 spans, as the OpenTelemetry transformer encodes them, every trace kept) against the
// platform log ingest (batches of 10,000 lines) on the same engine, in turns.
//   npm run bench -- traces [--pg-spans 2000000] [--chdb-spans 20000000] [--queries 50] [--batches 10]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "../../lib/db/client";
import {
  benchCookie,
  benchDatabase,
  benchPostgres,
  ingestPlatformLogs,
  loadInChunks,
  switchLogStore,
  measure,
  measurePair,
  printTable,
  type Figures,
} from "./lib";

const { values: opt } = parseArgs({
  args: process.argv.slice(3),
  options: {
    "pg-spans": { type: "string", default: "2000000" },
    "chdb-spans": { type: "string", default: "20000000" },
    queries: { type: "string", default: "50" },
    batches: { type: "string", default: "10" },
  },
});
const PG_SPANS = Number(opt["pg-spans"]);
const CHDB_SPANS = Number(opt["chdb-spans"]);
const QUERIES = Number(opt.queries);
const BATCHES = Number(opt.batches);
const DAYS = 7;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SERVICES = ["edge", "control-plane", "postgres", "scheduler", "projector", "agent"];

type Engine = "postgres" | "chdb";
const switchTo = (engine: Engine) => switchLogStore(engine);

/** Span g of n (8 a trace; spans k = 1..7 under (k-1)/2): the same columns on both engines. */
const PG_SHAPE = (start: number, span: number, n: number) => sql`
  select md5((g / 8)::text) as trace_id, substr(md5(g::text), 1, 16) as span_id,
    case when g % 8 = 0 then null else substr(md5(((g / 8) * 8 + (g % 8 - 1) / 2)::text), 1, 16) end as parent_span_id,
    (array['GET /v1/apps','POST /v1/deploy','INSERT events','allocate','project routes','boot vm'])[1 + (g % 8) % 6] as name,
    'server' as kind, (array['edge','control-plane','postgres','scheduler','projector','agent'])[1 + (g % 8) % 6] as service,
    to_timestamp((${start} + ((g / 8) * ${span}::float8 / ${Math.ceil(n / 8)}) + (g % 8) * 3) / 1000.0) as ts,
    (100 - (g % 8) * 12)::float8 as duration_ms,
    case when (g / 8) % 50 = 0 and g % 8 = 7 then 'error' else 'ok' end as status,
    (array['eu-west','us-east','ap-south'])[1 + (g / 8) % 3] as region`;

async function loadPostgres(handle: DbHandle, start: number, span: number) {
  await loadInChunks(
    handle,
    "trace_spans",
    start,
    DAYS,
    PG_SPANS,
    16,
    (a, b) => sql`
      insert into trace_spans (trace_id, span_id, parent_span_id, name, kind, service, component, region, node_id, ts,
        duration_ms, status, status_message, attributes, events, links)
      select trace_id, span_id, parent_span_id, name, kind, service, service, region, 'node-1', ts, duration_ms, status,
        null, '{"http.route":"/v1/apps"}'::jsonb, null, null
      from (${PG_SHAPE(start, span, PG_SPANS)} from generate_series(${a}::bigint, ${b - 1}::bigint) g) s`,
  );
  // Settled as a database in service is: the visibility map set (autovacuum would otherwise vacuum the bulk load
  // during the measurements, on the cores the reads share) and the load's dirty pages written.
  await handle.db.execute(sql`vacuum analyze trace_spans`);
  await handle.db.execute(sql`checkpoint`);
}

/** Waits for chDB's background merges of the load to finish (they take a core while they run), up to 15 min. */
async function settleChdb() {
  const { clickhouseTarget } = await import("../../lib/kinds/clickhouse/target");
  const { SPANS } = await import("../../lib/traces/clickhouse");
  const target = clickhouseTarget()!;
  const t = Date.now();
  for (;;) {
    const [r] = await target.transport.rows<{ merges: string; parts: string }>(
      "bench",
      `SELECT toString((SELECT count() FROM system.merges WHERE database = {db:String})) AS merges,
              toString((SELECT count() FROM system.parts WHERE database = {db:String} AND table = {spans:String} AND active)) AS parts`,
      { db: target.database, spans: SPANS },
    );
    if (r!.merges === "0" || Date.now() - t > 15 * 60_000) {
      console.log(
        `chDB settled in ${((Date.now() - t) / 1000).toFixed(0)} s: ${r!.parts} active parts, ${r!.merges} merges running`,
      );
      return;
    }
    await new Promise((res) => setTimeout(res, 2000));
  }
}

async function loadChdb(start: number, span: number) {
  const { clickhouseTarget } = await import("../../lib/kinds/clickhouse/target");
  const { migrateLogStore } = await import("../../lib/kinds/clickhouse");
  const { SPANS } = await import("../../lib/traces/clickhouse");
  await migrateLogStore();
  const target = clickhouseTarget()!;
  const traces = Math.ceil(CHDB_SPANS / 8);
  for (let a = 0; a < CHDB_SPANS; a += 5_000_000) {
    const c = Math.min(5_000_000, CHDB_SPANS - a);
    await target.transport.exec(
      "bench",
      `INSERT INTO {db:Identifier}.{spans:Identifier} (ts, trace_id, span_id, parent_span_id, name, kind, service, component, region,
         node_id, duration_ms, status, status_message, attributes, events, links, request_id, org_id)
       SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number, 8) * {span:Float64} / {traces:UInt64} + (number % 8) * 3), 'UTC'),
         lower(hex(MD5(toString(intDiv(number, 8))))), substring(lower(hex(MD5(toString(number)))), 1, 16),
         if(number % 8 = 0, NULL, substring(lower(hex(MD5(toString(intDiv(number, 8) * 8 + intDiv(number % 8 - 1, 2))))), 1, 16)),
         ['GET /v1/apps','POST /v1/deploy','INSERT events','allocate','project routes','boot vm'][1 + (number % 8) % 6], 'server',
         ['edge','control-plane','postgres','scheduler','projector','agent'][1 + (number % 8) % 6],
         ['edge','control-plane','postgres','scheduler','projector','agent'][1 + (number % 8) % 6],
         ['eu-west','us-east','ap-south'][1 + intDiv(number, 8) % 3], 'node-1', toFloat64(100 - (number % 8) * 12),
         if(intDiv(number, 8) % 50 = 0 AND number % 8 = 7, 'error', 'ok'), NULL, '{"http.route":"/v1/apps"}', '[]', '[]', NULL, NULL
       FROM numbers({from:UInt64}, {count:UInt64})`,
      { db: target.database, spans: SPANS, start, span, traces, from: a, count: c },
    );
  }
  const [r] = await target.transport.rows<{ bytes: string; rows: string }>(
    "bench",
    "SELECT toString(sum(bytes_on_disk)) AS bytes, toString(sum(rows)) AS rows FROM system.parts WHERE database = {db:String} AND table = {spans:String} AND active",
    { db: target.database, spans: SPANS },
  );
  return { bytes: Number(r!.bytes), rows: Number(r!.rows) };
}

/** A trace id of the loaded set, as md5 of its number writes it. */
const md5hex = async (n: number) => (await import("node:crypto")).createHash("md5").update(String(n)).digest("hex");

export default async function tracesBench() {
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  const chdbDir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-bench-chdb-"));
  process.env.CHDB_PATH = chdbDir;
  process.env.TRACE_SAMPLE_RATE = "1";
  const pg = await benchPostgres();
  try {
    const handle = await benchDatabase(openDb({ databaseUrl: pg.url, poolSize: 8 }));
    const now = Date.now();
    const start = now - DAYS * DAY + HOUR;
    const span = DAYS * DAY - 2 * HOUR;

    console.log(`\n== loading ${PG_SPANS.toLocaleString()} spans over ${DAYS} days into Postgres`);
    let t = Date.now();
    await loadPostgres(handle, start, span);
    const pgSize = (await handle.db.execute<{ bytes: string }>(
      sql`select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c where c.relname like 'trace_spans_p%' and c.relkind = 'r'`,
    )) as unknown as { rows: { bytes: string }[] };
    console.log(
      `Postgres: ${((Date.now() - t) / 1000).toFixed(0)} s, ${(Number(pgSize.rows[0]!.bytes) / 2 ** 30).toFixed(2)} GiB with indexes`,
    );
    switchTo("chdb");
    console.log(`== loading ${CHDB_SPANS.toLocaleString()} spans over ${DAYS} days into chDB`);
    t = Date.now();
    const ch = await loadChdb(start, span);
    console.log(
      `chDB: ${((Date.now() - t) / 1000).toFixed(0)} s, ${(ch.bytes / 2 ** 20).toFixed(0)} MiB (${(ch.bytes / ch.rows).toFixed(1)} bytes/span)`,
    );

    await settleChdb();

    const { GET: byId } = await import("../../app/api/v1/traces/[trace_id]/route");
    const { GET: searchRoute } = await import("../../app/api/v1/traces/route");
    const cookie = await benchCookie("usr_oncall");
    type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
    const get = async (engine: Engine, handler: Handler, url: string, params: Record<string, string> = {}) => {
      switchTo(engine);
      const res = await handler(new Request(`http://bench${url}`, { headers: { cookie } }), {
        params: Promise.resolve(params),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${engine} ${url}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    let i = 0;
    const traceOf = async (engine: Engine) => {
      const traces = Math.ceil((engine === "postgres" ? PG_SPANS : CHDB_SPANS) / 8);
      return md5hex((i++ * 7919 * 104729) % traces);
    };
    /** A random window of `length` ms within the loaded days. */
    const windowOf = (length = HOUR) => {
      const end = start + length + (((i++ * 7919) % 1000) / 1000) * (span - length);
      return `start=${iso(end - length)}&end=${iso(end)}`;
    };
    const readTrace = (e: Engine) => async () => {
      const id = await traceOf(e);
      const body = JSON.parse(await get(e, byId, `/api/v1/traces/${id}`, { trace_id: id })) as {
        trace: { span_count: number };
      };
      if (body.trace.span_count !== 8) throw new Error(`${e}: trace ${id} has ${body.trace.span_count} spans`);
    };
    const searchErrors =
      (e: Engine, length = HOUR) =>
      async () => {
        const body = JSON.parse(
          await get(e, searchRoute, `/api/v1/traces?service=control-plane&status=error&${windowOf(length)}&limit=50`),
        ) as { traces: unknown[] };
        if (body.traces.length !== 50) throw new Error(`${e}: ${body.traces.length} failing traces in the window`);
      };

    const rows: Figures[] = [];
    console.log(`\n== through the route handlers (Postgres ${PG_SPANS / 1e6} M spans, chDB ${CHDB_SPANS / 1e6} M)`);
    const [idP, idC] = await measurePair(
      ["Postgres: trace by id", "chDB: trace by id"],
      QUERIES,
      [readTrace("postgres"), readTrace("chdb")],
      5,
    );
    const [sP, sC] = await measurePair(
      ["Postgres: search service + error, 1 h, 50", "chDB: search service + error, 1 h, 50"],
      QUERIES,
      [searchErrors("postgres"), searchErrors("chdb")],
      5,
    );
    // A day's window: the search reads 24 times the spans (the page's 50 traces are the day's newest).
    const [dP, dC] = await measurePair(
      ["Postgres: search service + error, 24 h, 50", "chDB: search service + error, 24 h, 50"],
      Math.ceil(QUERIES / 2),
      [searchErrors("postgres", 24 * HOUR), searchErrors("chdb", 24 * HOUR)],
      3,
    );
    rows.push(idP, idC, sP, sC, dP, dC);

    // Ingest: spans as the transformer encodes them (text parsed in the timed part, as a log batch's is).
    const { ingestOtlpTraces } = await import("../../lib/traces/ingest");
    let b = 0;
    const spanBatch = () => {
      const base = BigInt(now - HOUR + b * 10_000) * 1_000_000n;
      const spans = Array.from({ length: 10_000 }, (_, k) => ({
        traceId: (BigInt(b) * 1_000_000n + BigInt(k >> 3) + 1n).toString(16).padStart(32, "a"),
        spanId: (BigInt(b) * 100_000n + BigInt(k) + 1n).toString(16).padStart(16, "b"),
        parentSpanId: k % 8 ? (BigInt(b) * 100_000n + BigInt(k - (k % 8)) + 1n).toString(16).padStart(16, "b") : "",
        name: `GET /api/orders/${k % 40}`,
        kind: 2,
        startTimeUnixNano: String(base + BigInt(k) * 1_000_000n),
        endTimeUnixNano: String(base + BigInt(k) * 1_000_000n + 5_000_000n),
        attributes: [{ key: "http.route", value: { stringValue: "/api/orders/:id" } }],
        status: { code: 1 },
      }));
      return JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: SERVICES[b % 6] } }] },
            scopeSpans: [{ scope: { name: "bench" }, spans }],
          },
        ],
      });
    };
    const lineBatch = () =>
      JSON.stringify(
        Array.from({ length: 10_000 }, (_, k) => ({
          ts: iso(now - HOUR + (b * 10_000 + k) * 10),
          component: SERVICES[k % 6],
          region: "eu-west",
          node_id: `node-${k % 8}`,
          level: k % 10 ? "info" : "warn",
          message: `GET /api/orders/${b}-${k} 200 ${k % 400}ms`,
          request_id: `ingest-${b}-${k}`,
        })),
      );
    const ingestSpans = (e: Engine) => async () => {
      const text = spanBatch();
      b++;
      switchTo(e);
      const r = await ingestOtlpTraces(JSON.parse(text) as { resourceSpans: unknown[] }, "bench");
      if (r.accepted !== 10_000) throw new Error(`span ingest accepted ${r.accepted}: ${r.rejectedReason}`);
    };
    const ingestLines = (e: Engine) => async () => {
      const text = lineBatch();
      b++;
      switchTo(e);
      const r = await ingestPlatformLogs(text, "application/json");
      if (r.accepted !== 10_000) throw new Error(`log ingest accepted ${r.accepted}`);
    };
    const rate = (f: Figures) => Math.round(10_000 * f.opsPerSec);
    const ratios: string[] = [];
    for (const e of ["postgres", "chdb"] as const) {
      const [sp, ln] = await measurePair(
        [`${e}: span ingest, 10,000 a batch`, `${e}: platform log ingest, 10,000 a batch`],
        BATCHES,
        [ingestSpans(e), ingestLines(e)],
        2,
      );
      rows.push(sp, ln);
      ratios.push(
        `${e}: ${rate(sp).toLocaleString()} spans/s vs ${rate(ln).toLocaleString()} lines/s = ${(rate(sp) / rate(ln)).toFixed(2)}× (goal ≥ 0.8×)`,
      );
    }
    // A trace by id alone, on chDB, with nothing else in turn (the lookup's effect).
    rows.push(await measure("chDB alone: trace by id", QUERIES, readTrace("chdb"), 5));
    console.log();
    printTable(rows);
    console.log(
      `\ntrace by id p95: Postgres ${idP.p95Ms.toFixed(1)} ms at ${PG_SPANS / 1e6} M, chDB ${idC.p95Ms.toFixed(1)} ms at ${CHDB_SPANS / 1e6} M (goal ≤ 50); ` +
        `search p95: Postgres ${sP.p95Ms.toFixed(1)} ms, chDB ${sC.p95Ms.toFixed(1)} ms (goal ≤ 200)\ningest ${ratios.join("; ")}`,
    );
    const { closeRealtime } = await import("../../lib/realtime/bus");
    await closeRealtime();
    await handle.close();
  } finally {
    pg.stop();
    fs.rmSync(chdbDir, { recursive: true, force: true });
  }
}
