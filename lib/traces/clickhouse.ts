// Kept spans in ClickHouse (chDB or a server, the log store's target and transport), shaped for the two reads
// that matter: a trace by id and a search over a window. Spans sort by hour, then trace id: a trace's spans lie
// together (a trace by id reads one granule, where the OpenTelemetry Collector's service-first order spread
// them over one block per service and operation), and a search reads its window's hours. A trace id → (first
// start, last end) table, filled by a materialized view, gives a trace's hours. Day partitions and a TTL at
// TRACE_RETENTION_DAYS, dropped by the kinds' retention (lib/kinds/clickhouse/ddl).
import "server-only";
import { env, type Env } from "@/lib/env";
import { Binder, chTime, onCluster, TIME, TS_TEXT, all, type ClickHouseTarget } from "@/lib/kinds/clickhouse/sql";
import { dropPartitionsBefore } from "@/lib/kinds/clickhouse/ddl";
import type { Window } from "@/lib/kinds/store";
import type { Span } from "./contract";
import type { SearchAfter, SpanFilter, SpanStore, SummarySpan } from "./span-store";

/** The spans table. */
export const SPANS = "spans";
/** The trace id → time range lookup, and the view that fills it from SPANS. */
const RANGES = "trace_ranges";
const RANGES_VIEW = "trace_ranges_mv";
/**
 * Tables of earlier versions, replaced on upgrade (see upgrade): spans sorted by service and operation
 * (trace_spans), and two lookups filled from it.
 */
const OLD_SPANS = "trace_spans";
const UPGRADING = "trace_spans_upgrading";
const OLD_TABLES = ["trace_id_ranges", "trace_spans_trace_id_ts"];
const OLD_VIEWS = ["trace_id_ranges_mv", "trace_spans_trace_id_ts_mv"];
const HOUR_MS = 3_600_000;
/** How far around a window a parent span (dependencies) or a failed span (status=ok) is looked for. */
const MARGIN_MS = HOUR_MS;

const COLUMNS = [
  "ts",
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "kind",
  "service",
  "component",
  "region",
  "node_id",
  "duration_ms",
  "status",
  "status_message",
  "attributes",
  "events",
  "links",
  "request_id",
  "org_id",
] as const;

const SELECT = `trace_id, span_id, parent_span_id, name, kind, service, component, region, node_id,
  ${TS_TEXT} AS start, duration_ms, status, status_message, attributes, events, links, request_id, org_id`;

/** Creates the spans table, its trace-id lookup and the view that fills it (idempotent); the TTL follows the setting. */
export async function migrateSpanTables(target: ClickHouseTarget, e: Env = env()): Promise<void> {
  const ch = target.transport;
  const b = new Binder(target.database);
  const on = onCluster(target);
  const days = b.bind(e.TRACE_RETENTION_DAYS, "UInt16");
  await ch.exec("ddl", `CREATE DATABASE IF NOT EXISTS {db:Identifier}${on}`, b.params);
  // ReplacingMergeTree: a span sent twice (an exporter's retry) becomes one at merge; reads drop repeats too.
  // Granules of 1,024 rows: a trace by id reads one, a search's page of 50 traces about 50 (at 8,192 rows,
  // 400,000 rows read for 400 spans); a search's scan of its hours is as fast either way.
  await ch.exec(
    "ddl",
    `CREATE TABLE IF NOT EXISTS {db:Identifier}.${SPANS}${on} (
      ts ${TIME} CODEC(Delta, ZSTD(1)),
      trace_id String CODEC(ZSTD(1)),
      span_id String CODEC(ZSTD(1)),
      parent_span_id Nullable(String) CODEC(ZSTD(1)),
      name LowCardinality(String),
      kind LowCardinality(String),
      service LowCardinality(String),
      component LowCardinality(Nullable(String)),
      region LowCardinality(Nullable(String)),
      node_id LowCardinality(Nullable(String)),
      duration_ms Float64 CODEC(ZSTD(1)),
      status LowCardinality(String),
      status_message Nullable(String),
      attributes String CODEC(ZSTD(3)),
      events String CODEC(ZSTD(3)),
      links String CODEC(ZSTD(3)),
      request_id Nullable(String),
      org_id LowCardinality(Nullable(String)),
      INDEX request_ids request_id TYPE bloom_filter(0.01) GRANULARITY 1,
      INDEX durations duration_ms TYPE minmax GRANULARITY 1,
      INDEX statuses status TYPE set(3) GRANULARITY 1
    ) ENGINE = ReplacingMergeTree PARTITION BY toDate(ts)
      ORDER BY (toStartOfHour(ts), trace_id, span_id)
      TTL toDateTime(ts) + INTERVAL ${days} DAY SETTINGS ttl_only_drop_parts = 1, index_granularity = 1024`,
    b.params,
  );
  // The lookup reads one granule per part for each id, and a search's page asks for 50 ids: granules of 256
  // rows, each its own compressed block (not 64 KiB of blocks decompressed for 10 KiB read), and a partition a
  // week (a day's partition made ~30 parts to read for each id). A week drops once all of it is past retention:
  // ranges outlive their spans by up to a week, and a read of one finds no span (404), as after retention.
  await ch.exec(
    "ddl",
    `CREATE TABLE IF NOT EXISTS {db:Identifier}.${RANGES}${on} (
      trace_id String CODEC(ZSTD(1)),
      start ${TIME} CODEC(Delta, ZSTD(1)),
      end ${TIME} CODEC(Delta, ZSTD(1))
    ) ENGINE = MergeTree PARTITION BY toMonday(start) ORDER BY (trace_id, toUnixTimestamp(start))
      TTL toDateTime(start) + INTERVAL ${days} DAY
      SETTINGS ttl_only_drop_parts = 1, index_granularity = 256, min_compress_block_size = 4096, max_compress_block_size = 16384`,
    b.params,
  );
  await ch.exec(
    "ddl",
    `CREATE MATERIALIZED VIEW IF NOT EXISTS {db:Identifier}.${RANGES_VIEW}${on} TO {db:Identifier}.${RANGES}
     AS SELECT trace_id, min(ts) AS start, max(ts + toIntervalMicrosecond(toInt64(duration_ms * 1000))) AS end
     FROM {db:Identifier}.${SPANS} GROUP BY trace_id`,
    b.params,
  );
  await upgrade(target, b, on);
}

/** What a DDL statement meets when another process did the same first. */
const doneElsewhere = (err: unknown) =>
  /UNKNOWN_TABLE|TABLE_ALREADY_EXISTS|doesn't exist|does not exist|already exists/i.test(String(err));

/**
 * A store of an earlier version: its spans are copied into the new table (the new view fills the new lookup as
 * they go in), then the old tables and views are dropped. The old spans table is first renamed — one process
 * wins that; another one upgrading at once leaves the copy to it. A renamed table found at start is a copy cut
 * short (the process stopped) or under way: it is copied (again) — a span copied twice is one at merge and in
 * every read — and dropped.
 */
async function upgrade(target: ClickHouseTarget, b: Binder, on: string) {
  const ch = target.transport;
  const [found] = await ch.rows<{ names: string[] }>(
    "ddl",
    `SELECT groupArray(name) AS names FROM system.tables WHERE database = {db:String} AND name IN {old:Array(String)}`,
    { ...b.params, old: [OLD_SPANS, UPGRADING, ...OLD_TABLES, ...OLD_VIEWS] },
  );
  const old = new Set(found?.names ?? []);
  if (!old.size) return;
  const columns = COLUMNS.join(", ");
  const copy = async () => {
    await ch.exec(
      "ddl",
      `INSERT INTO {db:Identifier}.${SPANS} (${columns}) SELECT ${columns} FROM {db:Identifier}.${UPGRADING}`,
      b.params,
    );
    await ch.exec("ddl", `DROP TABLE IF EXISTS {db:Identifier}.${UPGRADING}${on}`, b.params);
  };
  for (const view of OLD_VIEWS) await ch.exec("ddl", `DROP VIEW IF EXISTS {db:Identifier}.${view}${on}`, b.params);
  if (old.has(UPGRADING)) await copy();
  if (old.has(OLD_SPANS)) {
    try {
      await ch.exec("ddl", `RENAME TABLE {db:Identifier}.${OLD_SPANS} TO {db:Identifier}.${UPGRADING}${on}`, b.params);
    } catch (err) {
      if (!doneElsewhere(err)) throw err;
      return; // renamed by another process: it copies
    }
    await copy();
  }
  for (const table of OLD_TABLES) await ch.exec("ddl", `DROP TABLE IF EXISTS {db:Identifier}.${table}${on}`, b.params);
}

const parseJson = (v: unknown, empty: unknown) => (typeof v === "string" && v ? (JSON.parse(v) as unknown) : empty);

export class ClickHouseSpanStore implements SpanStore {
  private migrated: Promise<void> | null = null;
  constructor(private readonly target: ClickHouseTarget) {}

  private get ch() {
    return this.target.transport;
  }
  private binder() {
    return new Binder(this.target.database);
  }
  /** The tables, made once per process before the first statement (start-up makes them too). */
  private ready(): Promise<void> {
    this.migrated ??= migrateSpanTables(this.target).catch((err: unknown) => {
      this.migrated = null;
      throw err;
    });
    return this.migrated;
  }

  prepare(): Promise<void> {
    return this.ready();
  }

  async insert(spans: Span[]): Promise<void> {
    if (!spans.length) return;
    await this.ready();
    await this.ch.insert(
      `${this.target.database}.${SPANS}`,
      COLUMNS,
      spans.map((s) => [
        chTime(s.start),
        s.trace_id,
        s.span_id,
        s.parent_span_id,
        s.name,
        s.kind,
        s.service,
        s.component,
        s.region,
        s.node_id,
        s.duration_ms,
        s.status,
        s.status_message,
        JSON.stringify(s.attributes),
        JSON.stringify(s.events),
        JSON.stringify(s.links),
        s.request_id,
        s.org_id,
      ]),
    );
  }

  private span = (r: Record<string, unknown>): Span =>
    ({
      ...r,
      duration_ms: Number(r.duration_ms),
      attributes: parseJson(r.attributes, {}),
      events: parseJson(r.events, []),
      links: parseJson(r.links, []),
    }) as Span;

  async trace(traceId: string, max: number): Promise<Span[]> {
    await this.ready();
    const b = this.binder();
    const id = b.bind(traceId, "String");
    // Its time range first (the lookup is sorted by trace id), then the granule of that hour. No FINAL:
    // a span stored twice before its merge is dropped by span id when the tree is built.
    const rows = await this.ch.rows<Record<string, unknown>>(
      "trace",
      `WITH (SELECT (min(start), max(end)) FROM {db:Identifier}.${RANGES} WHERE trace_id = ${id}) AS range
       SELECT ${SELECT} FROM {db:Identifier}.${SPANS}
       WHERE trace_id = ${id} AND ts >= range.1 AND ts <= range.2 ORDER BY ts, span_id LIMIT ${b.bind(max, "UInt32")}`,
      b.params,
    );
    return rows.map(this.span);
  }

  private where(f: SpanFilter, w: Window, b: Binder): string[] {
    const where = [`ts >= ${b.bind(chTime(w.start), TIME)}`, `ts < ${b.bind(chTime(w.end), TIME)}`];
    if (f.service) where.push(`service = ${b.bind(f.service, "String")}`);
    if (f.operation) where.push(`name = ${b.bind(f.operation, "String")}`);
    if (f.status === "error") where.push(`status = 'error'`);
    if (f.minDurationMs !== undefined) where.push(`duration_ms >= ${b.bind(f.minDurationMs, "Float64")}`);
    if (f.region) where.push(`region = ${b.bind(f.region, "String")}`);
    if (f.org) where.push(`org_id = ${b.bind(f.org, "String")}`);
    return where;
  }

  /**
   * Newest first. Spans sort by hour, so a search reads every span of its window: a page is looked for in the
   * window's newest hour first, then its newest six, then all of it, until it has `limit` traces. A trace found
   * in a newer part has its newest matching span there, so it ranks above every trace not found yet: the page is
   * the same as the whole window's, and a day's search with matches in its last hour reads that hour.
   */
  async search(f: SpanFilter, w: Window, after: SearchAfter | null, limit: number) {
    await this.ready();
    // Where the page's traces can end: the window's end, or just after the last page's last trace.
    const top = after ? Math.min(w.end.getTime(), Date.parse(after.ts) + 1) : w.end.getTime();
    for (const length of [HOUR_MS, 6 * HOUR_MS, Infinity]) {
      const from = Math.max(w.start.getTime(), top - length);
      const page = await this.searchFrom(f, { start: new Date(from), end: w.end }, after, limit);
      if (page.length >= limit || from <= w.start.getTime()) return page;
    }
    return [];
  }

  private searchFrom(f: SpanFilter, w: Window, after: SearchAfter | null, limit: number) {
    const b = this.binder();
    const where = this.where(f, w, b);
    if (f.status === "ok")
      where.push(
        `trace_id NOT IN (SELECT trace_id FROM {db:Identifier}.${SPANS} WHERE status = 'error' AND ts >= ${b.bind(chTime(new Date(w.start.getTime() - MARGIN_MS)), TIME)} AND ts < ${b.bind(chTime(new Date(w.end.getTime() + MARGIN_MS)), TIME)})`,
      );
    const having = after
      ? `HAVING (max(ts), trace_id) < (${b.bind(chTime(after.ts), TIME)}, ${b.bind(after.traceId, "String")})`
      : "";
    return this.ch.rows<{ trace_id: string; at: string }>(
      "trace_search",
      `SELECT trace_id, formatDateTime(max(ts), '%Y-%m-%dT%H:%i:%S.%fZ') AS at FROM {db:Identifier}.${SPANS}
       WHERE ${all(where)} GROUP BY trace_id ${having} ORDER BY max(ts) DESC, trace_id DESC LIMIT ${b.bind(limit, "UInt32")}`,
      b.params,
    );
  }

  async summaries(traceIds: string[]): Promise<SummarySpan[]> {
    if (!traceIds.length) return [];
    await this.ready();
    const b = this.binder();
    const ids = b.bind(traceIds, "Array(String)");
    const rows = await this.ch.rows<Record<string, unknown>>(
      "trace_summaries",
      // Each trace's own hours (from the lookup), not every hour between the first and the last trace of the
      // page: a page of a week's search reads ~50 granules, not the week.
      `SELECT DISTINCT trace_id, span_id, ${TS_TEXT} AS start, duration_ms, service, name, status, isNull(parent_span_id) AS root
       FROM {db:Identifier}.${SPANS} WHERE trace_id IN ${ids} AND (toStartOfHour(ts), trace_id) IN (
         SELECT arrayJoin(arrayMap(h -> toStartOfHour(min(start)) + toIntervalHour(h),
           range(toUInt32(dateDiff('hour', toStartOfHour(min(start)), toStartOfHour(max(end))) + 1)))), trace_id
         FROM {db:Identifier}.${RANGES} WHERE trace_id IN ${ids} GROUP BY trace_id)`,
      b.params,
    );
    return rows.map((r) => ({
      trace_id: String(r.trace_id),
      start_ms: Date.parse(String(r.start)),
      duration_ms: Number(r.duration_ms),
      service: String(r.service),
      name: String(r.name),
      status: String(r.status),
      root: Boolean(Number(r.root)),
    }));
  }

  async services(w: Window) {
    await this.ready();
    const b = this.binder();
    return this.ch.rows<{ service: string; operations: string[] }>(
      "trace_services",
      `SELECT service, arraySlice(arraySort(groupUniqArray(name)), 1, 200) AS operations FROM {db:Identifier}.${SPANS}
       WHERE ${all(this.where({}, w, b))} GROUP BY service ORDER BY service`,
      b.params,
    );
  }

  async dependencies(w: Window) {
    await this.ready();
    const b = this.binder();
    const children = this.where({}, w, b);
    const parents = this.where({}, { start: new Date(w.start.getTime() - MARGIN_MS), end: w.end }, b);
    const rows = await this.ch.rows<{ parent: string; child: string; calls: string; errors: string }>(
      "trace_dependencies",
      `SELECT p.service AS parent, c.service AS child, count() AS calls, countIf(c.status = 'error') AS errors
       FROM (SELECT trace_id, parent_span_id, service, status FROM {db:Identifier}.${SPANS}
             WHERE ${all(children)} AND parent_span_id IS NOT NULL) AS c
       INNER JOIN (SELECT DISTINCT trace_id, span_id, service FROM {db:Identifier}.${SPANS} WHERE ${all(parents)}) AS p
       ON p.trace_id = c.trace_id AND p.span_id = assumeNotNull(c.parent_span_id)
       WHERE p.service != c.service GROUP BY parent, child ORDER BY parent, child`,
      b.params,
    );
    return rows.map((r) => ({ parent: r.parent, child: r.child, calls: Number(r.calls), errors: Number(r.errors) }));
  }

  async dropBefore(day: Date): Promise<string[]> {
    await this.ready();
    // The lookup's weeks drop by their TTL once all of a week is past retention.
    return dropPartitionsBefore({ table: SPANS }, this.target, day);
  }
}
