// A log table in ClickHouse, behind the same LogStore as the Postgres one: the same lines, cursors,
// context, export, tails and retention. One SQL text serves chDB and servers; every value is a bound
// `{name:Type}` parameter, identifiers included.
//
// ClickHouse has no sequences and no transactions, so a batch still passes through the console's
// database: under the same per-scope advisory locks as the Postgres store it takes its ids from the
// table's Postgres sequence, records its sources for the pickers, writes its lines to ClickHouse and
// tells live tails, then commits. Ids therefore grow in commit order per scope (a tail that resumes
// after id N misses nothing), stay unique across both stores, and a batch that fails anywhere is
// rolled back in Postgres and deleted from ClickHouse by its ids: all or nothing, as the API promises.
import "server-only";
import { sql } from "drizzle-orm";
import { db, selectRows, type Db } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { entryScope, filterColumns, likePattern, lockScopes, scopePosition, sequenceOf, valueOf, type BatchRange, type InCommit, type IngestResult, type LogPosition, type LogStore, type Positioned, type Range, type Selector, type Window } from "../store";
import { dropSources, recordSources, sourceFacets } from "../postgres";
import type { Entry, KindDecl, LineBase } from "../declare";
import type { ClickHouseTransport, Params } from "./transport";
import { logError } from "@/lib/http/errors";

/** Where the tables live: a database, and on a cluster the cluster's name (validated at start). */
export interface ClickHouseTarget {
  transport: ClickHouseTransport;
  database: string;
  cluster?: string;
}

/** Collects a statement's parameters: `b.bind(value, "String")` is the placeholder to write. */
export class Binder {
  readonly params: Params;
  private n = 0;
  constructor(database: string) {
    this.params = { db: database };
  }
  bind(value: unknown, type: string): string {
    const name = `p${this.n++}`;
    this.params[name] = value;
    return `{${name}:${type}}`;
  }
  /** `column IN (…)`, or nothing for an empty list (no filter). */
  anyOf(where: string[], column: string, values: readonly string[]) {
    if (values.length) where.push(`${column} IN ${this.bind(values, "Array(String)")}`);
  }
  /** Case-insensitive substring match, as Postgres ILIKE matches: the indexed lowercased message. */
  contains(where: string[], q: string | undefined) {
    if (q) where.push(`lowerUTF8(message) LIKE ${this.bind(likePattern(q.toLowerCase()), "String")}`);
  }
}

/** The skip indexes every log table has: text search, request and trace ids, and ids for tails and lookups. */
export const LOG_INDEXES = [
  "message_ngrams lowerUTF8(message) TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1",
  "request_ids request_id TYPE bloom_filter(0.01) GRANULARITY 1",
  "trace_ids trace_id TYPE bloom_filter(0.01) GRANULARITY 1",
  "ids id TYPE minmax GRANULARITY 1",
];

/** A time as ClickHouse's DateTime64(6, 'UTC') text: from an ISO-8601 string (any zone, up to ns) or a Date. */
export function chTime(t: string | Date): string {
  const iso = typeof t === "string" ? t : t.toISOString();
  // The common case, UTC with at most microseconds, needs no arithmetic.
  const utc = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (utc) return `${utc[1]} ${utc[2]}.${(utc[3] ?? "").padEnd(6, "0")}`;
  const frac = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(iso)?.[1] ?? "";
  let seconds = Math.floor(Date.parse(iso) / 1000);
  // Rounded to the microsecond, as Postgres stores it.
  let micros = Math.round(Number(`${frac.slice(0, 9)}`.padEnd(9, "0")) / 1000);
  if (micros === 1_000_000) {
    seconds += 1;
    micros = 0;
  }
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")}.${String(micros).padStart(6, "0")}`;
}

/** Conditions joined for a WHERE clause (none: every row). */
const all = (where: string[]) => (where.length ? where.join(" AND ") : "1");

const TS_TEXT = "formatDateTime(ts, '%Y-%m-%dT%H:%i:%S.%fZ')";
const TIME = "DateTime64(6, 'UTC')";

/** A kind's columns after id and ts, with their ClickHouse types, attrs (JSON text) last. */
const columnsOf = (kind: KindDecl): [string, string][] => [...kind.fields.map((f): [string, string] => [f.key, f.ch]), ["attrs", "String CODEC(ZSTD(3))"]];

/**
 * A kind's lines in ClickHouse. Its filters, scope and neighbours are the declaration's, by column name: a
 * ClickHouse column is named as the Postgres one and as the API's line key, so an entry's values and a
 * line's fields are read by those names too.
 */
export class ClickHouseLogTable<Line extends LineBase> implements LogStore<Line> {
  constructor(
    private readonly kind: KindDecl,
    private readonly target: ClickHouseTarget,
    private readonly database: () => Db = db,
  ) {
    const columns = columnsOf(kind);
    this.names = columns.map(([c]) => c);
    this.select = `toString(id) AS id_text, ${TS_TEXT} AS ts_text, ${this.names.join(", ")}`;
    const json = columns.flatMap(([c, type]) => [
      `',"${c}":'`,
      c === "attrs" ? "if(attrs = '', 'null', attrs)" : type.includes("Nullable") ? `coalesce(toJSONString(${c}), 'null')` : `toJSONString(${c})`,
    ]);
    this.json = `concat('{"id":', toJSONString(toString(id)), ',"ts":', toJSONString(${TS_TEXT}), ${json.join(", ")}, '}')`;
  }

  private readonly names: string[];
  /** The select list: id and ts as the API writes them, then the line's columns. */
  private readonly select: string;
  /** The line as the API's JSON, written by ClickHouse (the export never builds objects in JavaScript). */
  private readonly json: string;

  private get ch() {
    return this.target.transport;
  }
  /** A statement's parameters, starting with the database and the table it names as `{table:Identifier}`. */
  private binder(table = this.kind.table) {
    const b = new Binder(this.target.database);
    b.params.table = table;
    return b;
  }
  /** Reads and inserts go here: the table, or on a cluster the Distributed table over the shards. */
  private readonly from = "{db:Identifier}.{table:Identifier}";
  /** The table that holds parts: itself, or on a cluster each shard's local table. */
  private get local() {
    return this.target.cluster ? `${this.kind.table}_local` : this.kind.table;
  }
  private get onCluster() {
    return this.target.cluster ? ` ON CLUSTER ${this.target.cluster}` : "";
  }
  private line = (r: Record<string, unknown>): Line => {
    const line: Record<string, unknown> = { id: r.id_text, ts: r.ts_text };
    for (const c of this.names) line[c] = c === "attrs" ? (typeof r.attrs === "string" && r.attrs ? JSON.parse(r.attrs) : null) : (r[c] ?? null);
    return line as unknown as Line;
  };
  private positioned = (r: Record<string, unknown>): Positioned<Line> => {
    const line = this.line(r);
    return { ...line, pos: { ts: line.ts, id: Number(line.id) } };
  };

  /** An entry as a row in column order (attrs as JSON text, '' for none). */
  private row = (e: Entry, id: number): unknown[] => [id, chTime(e.ts), ...this.names.map((c) => (c === "attrs" ? (e.attrs ? JSON.stringify(e.attrs) : "") : valueOf(e, c)))];

  /** Lines of `scope` only (the org; nothing for a kind read whole). */
  private scope(scope: string | null, b: Binder): string[] {
    return this.kind.scope ? [`${this.kind.scope.field} = ${b.bind(scope ?? "", "String")}`] : [];
  }

  /** The selector's filters, as the declaration names them. */
  private where(sel: Selector, b: Binder): string[] {
    const where = this.scope(sel.scope, b);
    for (const [param, column] of filterColumns(this.kind)) b.anyOf(where, column, sel.lists[param] ?? []);
    if (sel.levels) where.push(`level IN ${b.bind(sel.levels, "Array(String)")}`);
    b.contains(where, sel.q);
    return where;
  }

  private timeWhere(r: Range, b: Binder): string[] {
    const where = [`ts >= ${b.bind(chTime(r.start), TIME)}`, `ts < ${b.bind(chTime(r.end), TIME)}`];
    if (r.after) where.push(...this.beyond(r.after, r.order === "desc" ? "<" : ">", b));
    return where;
  }

  /** Lines past a position in one direction (the time bound alone lets ClickHouse skip by its key). */
  private beyond(at: LogPosition, cmp: "<" | ">", b: Binder): string[] {
    const ts = b.bind(chTime(at.ts), TIME);
    return [`ts ${cmp}= ${ts}`, `(ts, id) ${cmp} (${ts}, ${b.bind(at.id, "UInt64")})`];
  }

  private order(order: "asc" | "desc") {
    return order === "desc" ? "ts DESC, id DESC" : "ts ASC, id ASC";
  }

  async insert(entries: Entry[], inCommit?: InCommit): Promise<IngestResult> {
    if (!entries.length) return { accepted: 0, batches: [] };
    let written: number[] | null = null;
    try {
      const batches = await this.database().transaction(async (tx) => {
        await lockScopes(tx, this.kind, entries);
        const res = await selectRows<{ id: string }>(tx, sql`select nextval(${sequenceOf(this.kind)}::regclass)::text as id from generate_series(1, ${entries.length}::int)`);
        const ids = res.map((r) => Number(r.id)).sort((a, b) => a - b);
        const rows = entries.map((e, i) => this.row(e, ids[i]!));
        written = ids;
        // The pickers' sources (Postgres) and the lines (ClickHouse) are written side by side.
        await Promise.all([recordSources(tx, this.kind, entries), this.ch.insert(`${this.target.database}.${this.kind.table}`, ["id", "ts", ...this.names], rows)]);
        const byScope = new Map<string | null, BatchRange>();
        entries.forEach((e, i) => {
          const scope = entryScope(this.kind, e);
          const id = ids[i]!;
          const r = byScope.get(scope);
          if (r) Object.assign(r, { min: Math.min(r.min, id), max: Math.max(r.max, id), n: r.n + 1 });
          else byScope.set(scope, { scope, min: id, max: id, n: 1 });
        });
        const batches = [...byScope.values()];
        if (inCommit) await inCommit(tx, batches);
        return batches;
      });
      return { accepted: entries.length, batches };
    } catch (err) {
      if (written) await this.forget(written).catch((e) => logError("log store: could not delete a failed batch's lines", e));
      throw err;
    }
  }

  /** Deletes the lines of a batch that did not commit. */
  private async forget(ids: number[]) {
    const b = this.binder(this.local);
    await this.ch.exec("delete", `DELETE FROM {db:Identifier}.{table:Identifier}${this.onCluster} WHERE id IN ${b.bind(ids, "Array(UInt64)")}`, b.params);
  }

  async range(sel: Selector, r: Range) {
    const b = this.binder();
    const where = [...this.where(sel, b), ...this.timeWhere(r, b)];
    const rows = await this.ch.rows<Record<string, unknown>>("range", `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} ORDER BY ${this.order(r.order)} LIMIT ${b.bind(r.limit, "UInt32")}`, b.params);
    return rows.map(this.positioned);
  }

  async exportPage(sel: Selector, r: Range) {
    const b = this.binder();
    const where = [...this.where(sel, b), ...this.timeWhere(r, b)];
    const text = await this.ch.text("export", `SELECT ${this.json} FROM ${this.from} WHERE ${all(where)} ORDER BY ${this.order(r.order)} LIMIT ${b.bind(r.limit, "UInt32")}`, b.params);
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    if (!body) return { text: "", count: 0, last: null };
    const lines = body.split("\n");
    const tail = JSON.parse(lines[lines.length - 1]!) as { id: string; ts: string };
    return { text: body, count: lines.length, last: { ts: tail.ts, id: Number(tail.id) } };
  }

  async get(scope: string | null, id: number) {
    const b = this.binder();
    const where = [...this.scope(scope, b), `id = ${b.bind(id, "UInt64")}`];
    const [row] = await this.ch.rows<Record<string, unknown>>("get", `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} LIMIT 1`, b.params);
    return row ? this.positioned(row) : null;
  }

  async around(scope: string | null, line: Positioned<Line>, before: number, after: number) {
    const side = async (cmp: "<" | ">", n: number) => {
      if (!n) return [];
      const b = this.binder();
      const where = [...this.scope(scope, b), `${this.kind.near} = ${b.bind(valueOf(line, this.kind.near) ?? "", "String")}`, ...this.beyond(line.pos, cmp, b)];
      const rows = await this.ch.rows<Record<string, unknown>>("around", `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} ORDER BY ${this.order(cmp === "<" ? "desc" : "asc")} LIMIT ${b.bind(n, "UInt32")}`, b.params);
      return rows.map(this.line);
    };
    const [b, a] = await Promise.all([side("<", before), side(">", after)]);
    return { before: b.reverse(), after: a };
  }

  async byId(sel: Selector, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number) {
    const b = this.binder();
    const where = this.where(sel, b);
    if (ids.min !== undefined && ids.max !== undefined) where.push(`id BETWEEN ${b.bind(ids.min, "UInt64")} AND ${b.bind(ids.max, "UInt64")}`);
    if (ids.after !== undefined) where.push(`id > ${b.bind(ids.after, "UInt64")}`);
    if (ids.since) where.push(`ts >= ${b.bind(chTime(ids.since), TIME)}`);
    const rows = await this.ch.rows<Record<string, unknown>>("by_id", `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} ORDER BY id LIMIT ${b.bind(limit, "UInt32")}`, b.params);
    return rows.map(this.line);
  }

  facets(scope: string | null, w: Window) {
    return sourceFacets(this.database(), this.kind, scope, w);
  }

  async newest(): Promise<number | null> {
    const b = this.binder();
    const [row] = await this.ch.rows<{ last: string | null }>("newest", `SELECT if(count() = 0, NULL, toString(toUnixTimestamp64Milli(max(ts)))) AS last FROM ${this.from}`, b.params);
    return row?.last ? Number(row.last) : null;
  }

  position(scope: string | null) {
    return scopePosition(this.database(), this.kind, scope);
  }

  /** Retention: drops whole day partitions that end on or before `day`. */
  async dropBefore(day: Date): Promise<string[]> {
    const b = this.binder();
    const parts = await this.ch.rows<{ partition: string }>(
      "retention",
      `SELECT DISTINCT partition FROM system.parts WHERE database = ${b.bind(this.target.database, "String")} AND table = ${b.bind(this.local, "String")} AND active AND partition < ${b.bind(day.toISOString().slice(0, 10), "String")} ORDER BY partition`,
      b.params,
    );
    for (const { partition } of parts) {
      const d = this.binder(this.local);
      await this.ch.exec("retention", `ALTER TABLE {db:Identifier}.{table:Identifier}${this.onCluster} DROP PARTITION ${d.bind(partition, "String")}`, d.params);
    }
    await dropSources(this.database(), this.kind, day);
    return parts.map((p) => `${this.kind.table}_p${p.partition.replace(/-/g, "")}`);
  }

  /** Creates the table (and on a cluster its shards' tables and the Distributed table); keeps the TTL at the retention setting. */
  async migrate(e: Env = env()): Promise<void> {
    const { database, cluster } = this.target;
    const retentionDays = this.kind.retentionDays(e);
    const base = this.binder();
    await this.ch.exec("ddl", `CREATE DATABASE IF NOT EXISTS {db:Identifier}${this.onCluster}`, base.params);
    const b = this.binder(this.local);
    const columns = [`id UInt64 CODEC(Delta, ZSTD(1))`, `ts ${TIME} CODEC(Delta, ZSTD(1))`, ...columnsOf(this.kind).map(([c, t]) => `${c} ${t}`), ...LOG_INDEXES.map((i) => `INDEX ${i}`)];
    const engine = cluster ? "ReplicatedMergeTree" : "MergeTree";
    const ttl = `toDateTime(ts) + INTERVAL ${b.bind(retentionDays, "UInt16")} DAY`;
    await this.ch.exec(
      "ddl",
      `CREATE TABLE IF NOT EXISTS {db:Identifier}.{table:Identifier}${this.onCluster} (${columns.join(", ")})
       ENGINE = ${engine} PARTITION BY toDate(ts) ORDER BY ${this.kind.clickhouse.orderBy} TTL ${ttl}
       SETTINGS ttl_only_drop_parts = 1`,
      b.params,
    );
    if (cluster) {
      const d = this.binder();
      d.params.local = this.local;
      await this.ch.exec(
        "ddl",
        `CREATE TABLE IF NOT EXISTS {db:Identifier}.{table:Identifier}${this.onCluster} AS {db:Identifier}.{local:Identifier}
         ENGINE = Distributed(${d.bind(cluster, "String")}, ${d.bind(database, "String")}, ${d.bind(this.local, "String")}, ${this.kind.clickhouse.shardBy})`,
        d.params,
      );
    }
    // The retention setting may have changed since the table was made: the TTL follows it (whole parts drop).
    const t = this.binder();
    const [row] = await this.ch.rows<{ q: string }>("ddl", `SELECT create_table_query AS q FROM system.tables WHERE database = ${t.bind(database, "String")} AND name = ${t.bind(this.local, "String")}`, t.params);
    const current = /INTERVAL (\d+) DAY/.exec(row?.q ?? "")?.[1];
    if (current && Number(current) !== retentionDays) {
      const m = this.binder(this.local);
      await this.ch.exec("ddl", `ALTER TABLE {db:Identifier}.{table:Identifier}${this.onCluster} MODIFY TTL toDateTime(ts) + INTERVAL ${m.bind(retentionDays, "UInt16")} DAY SETTINGS materialize_ttl_after_modify = 0`, m.params);
    }
  }

  /** Is the store reachable and the table there? */
  async ready(): Promise<void> {
    await this.ch.rows("ready", `SELECT 1 FROM ${this.from} LIMIT 0`, this.binder().params);
  }
}
