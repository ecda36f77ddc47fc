// A kind's lines in Postgres (PGlite embedded, a server in production): a table range-partitioned by day,
// its partitions created and dropped through the owner's functions (migration 0007), keyset ranges in
// index order, NDJSON export pages written by the database, a line's neighbours, id ranges for live
// tails, and batches that take their ids in commit order per scope. Every statement is built from the
// declaration's columns, so a new kind needs no SQL of its own.
import "server-only";
import { Param, sql, type SQL } from "drizzle-orm";
import { db, selectRows, type Db, type Tx } from "@/lib/db/client";
import { sourceFields, type Entry, type KindDecl, type LineBase } from "./declare";
import {
  DAY_MS,
  filterColumns,
  likePattern,
  lockScopes,
  scopePosition,
  sourceSpans,
  valueOf,
  type BatchRange,
  type InCommit,
  type IngestResult,
  type LogStore,
  type Positioned,
  type Range,
  type Selector,
  type Window,
} from "./store";

const id = (name: string): SQL => sql`${sql.identifier(name)}`;
/** A list bound as one array parameter (drizzle spreads a bare array into many). */
const array = (values: unknown[]) => new Param(values);
const list = (parts: SQL[]) => sql.join(parts, sql`, `);
const all = (where: SQL[]) => (where.length ? sql.join(where, sql` and `) : sql`true`);

/** The time as the API writes it: ISO-8601 UTC with microseconds. */
const TS_TEXT = sql`to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const partitionName = (table: string, day: Date) =>
  `${table}_p${day.toISOString().slice(0, 10).replace(/-/g, "")}`;

export class PostgresLogTable<Line extends LineBase> implements LogStore<Line> {
  private known = new Set<string>();
  private readonly columns: string[];
  /** The select list: the line's keys, id and ts as the API writes them. */
  private readonly select: SQL;
  /** The line as the API's JSON, key for key, for the database to write (the export). */
  private readonly json: SQL;
  private readonly table: SQL;

  constructor(
    private readonly kind: KindDecl,
    private readonly database: () => Db = db,
  ) {
    this.columns = kind.fields.map((f) => f.key);
    this.table = id(kind.table);
    this.select = list([sql`id::text as id`, sql`${TS_TEXT} as ts`, ...[...this.columns, "attrs"].map((c) => id(c))]);
    this.json = sql`json_build_object('id', id::text, 'ts', ${TS_TEXT}, ${list([...this.columns, "attrs"].map((c) => sql`${c}::text, ${id(c)}`))})`;
  }

  /**
   * Time order as the indexes hold it: (…, ts DESC NULLS LAST, id DESC NULLS LAST), so newest first reads
   * them forwards and oldest first backwards — but only when the ORDER BY names the same NULLS placement
   * (Postgres does not infer it from NOT NULL). Without it every page sorts the whole window.
   */
  private timeOrder(order: "asc" | "desc"): SQL {
    return order === "desc" ? sql`ts desc nulls last, id desc nulls last` : sql`ts asc nulls first, id asc nulls first`;
  }

  /** Lines of `scope` only (the org; nothing for a kind read whole). */
  private scope(scope: string | null): SQL[] {
    return this.kind.scope ? [sql`${id(this.kind.scope.field)} = ${scope ?? ""}`] : [];
  }

  private where(sel: Selector): SQL[] {
    const where = this.scope(sel.scope);
    for (const [param, column] of filterColumns(this.kind)) {
      const values = sel.lists[param] ?? [];
      if (values.length) where.push(sql`${id(column)} = any(${array(values)}::text[])`);
    }
    if (sel.levels) where.push(sql`level = any(${array(sel.levels)}::text[])`);
    if (sel.q) where.push(sql`message ilike ${likePattern(sel.q)}`);
    return where;
  }

  private rangeWhere(sel: Selector, r: Range): SQL[] {
    const where = [
      ...this.where(sel),
      sql`ts >= ${r.start.toISOString()}::timestamptz`,
      sql`ts < ${r.end.toISOString()}::timestamptz`,
    ];
    if (r.after)
      where.push(
        sql`(ts, id) ${r.order === "desc" ? sql`<` : sql`>`} (${r.after.ts}::timestamptz, ${r.after.id}::bigint)`,
      );
    return where;
  }

  private rows(where: SQL[], order: SQL, limit: number): Promise<Line[]> {
    return selectRows<Line>(
      this.database(),
      sql`select ${this.select} from ${this.table} where ${all(where)} order by ${order} limit ${limit}`,
    );
  }

  private positioned = (line: Line): Positioned<Line> => ({ ...line, pos: { ts: line.ts, id: Number(line.id) } });

  /** Creates the day partitions a batch needs (idempotent, safe across replicas; no DDL right needed, see migration 0007). */
  ensurePartitions(days: Iterable<number>): Promise<void> {
    return ensureDayPartitions(this.database(), this.kind.table, this.known, days);
  }

  async insert(entries: Entry[], inCommit?: InCommit): Promise<IngestResult> {
    if (!entries.length) return { accepted: 0, batches: [] };
    await this.ensurePartitions(new Set(entries.map((e) => Math.floor(Date.parse(e.ts) / DAY_MS) * DAY_MS)));
    const batches = await this.database().transaction(async (tx) => {
      await lockScopes(tx, this.kind, entries);
      const written = await this.write(tx, entries);
      if (inCommit) await inCommit(tx, written);
      return written;
    });
    return { accepted: batches.reduce((a, b) => a + b.n, 0), batches };
  }

  /** The batch in one statement, column by column, with its sources for the pickers; the id ranges per scope. */
  private async write(tx: Tx, entries: Entry[]): Promise<BatchRange[]> {
    const arrays = [
      sql`${array(entries.map((e) => e.ts))}::timestamptz[]`,
      ...this.columns.map((c) => sql`${array(entries.map((e) => valueOf(e, c)))}::text[]`),
      sql`${array(entries.map((e) => (e.attrs ? JSON.stringify(e.attrs) : null)))}::jsonb[]`,
    ];
    const names = list(["ts", ...this.columns, "attrs"].map(id));
    const scope = this.kind.scope ? id(this.kind.scope.field) : sql`null::text`;
    const returned = [
      ...new Set([...(this.kind.scope ? [this.kind.scope.field] : []), ...sourceFields(this.kind).map((f) => f.key)]),
    ].map(id);
    const rows = await selectRows<{ scope: string | null; min: string; max: string; n: string }>(
      tx,
      sql`with ins as (insert into ${this.table} (${names}) select * from unnest(${list(arrays)}) returning id, ts, ${list(returned)}),
        sources as (${upsertSources(this.kind, sql`ins`)})
        select ${scope} as scope, min(id)::text as min, max(id)::text as max, count(*)::text as n from ins group by 1`,
    );
    return rows.map((r) => ({ scope: r.scope, min: Number(r.min), max: Number(r.max), n: Number(r.n) }));
  }

  async range(sel: Selector, r: Range) {
    return (await this.rows(this.rangeWhere(sel, r), this.timeOrder(r.order), r.limit)).map(this.positioned);
  }

  async exportPage(sel: Selector, r: Range) {
    // The database writes each line's JSON, so no row crosses into JavaScript objects on the way out.
    const way = r.order === "desc" ? sql`desc` : sql`asc`;
    const back = r.order === "desc" ? sql`asc` : sql`desc`;
    const [row] = await selectRows<{ text: string | null; n: number; last: string | null }>(
      this.database(),
      sql`select string_agg(p.line::text, E'\\n' order by p.ts ${way}, p.id ${way}) as text, count(*)::int as n,
             (array_agg(p.ts_text || '|' || p.id order by p.ts ${back}, p.id ${back}))[1] as last
      from (select ts, id, ${TS_TEXT} as ts_text, ${this.json} as line from ${this.table} where ${all(this.rangeWhere(sel, r))} order by ${this.timeOrder(r.order)} limit ${r.limit}) p`,
    );
    const [ts, lastId] = row?.last ? row.last.split("|") : [];
    return {
      text: row?.text ?? "",
      count: Number(row?.n ?? 0),
      last: ts && lastId ? { ts, id: Number(lastId) } : null,
    };
  }

  async get(scope: string | null, lineId: number) {
    const [line] = await this.rows([...this.scope(scope), sql`id = ${lineId}`], sql`id`, 1);
    return line ? this.positioned(line) : null;
  }

  async around(scope: string | null, line: Positioned<Line>, before: number, after: number) {
    const same = [...this.scope(scope), sql`${id(this.kind.near)} = ${valueOf(line, this.kind.near)}`];
    const at = sql`(${line.pos.ts}::timestamptz, ${line.pos.id}::bigint)`;
    const side = (cmp: SQL, order: SQL, n: number) =>
      n ? this.rows([...same, sql`(ts, id) ${cmp} ${at}`], order, n) : Promise.resolve([]);
    const [b, a] = await Promise.all([
      side(sql`<`, sql`ts desc, id desc`, before),
      side(sql`>`, sql`ts asc, id asc`, after),
    ]);
    return { before: b.reverse(), after: a };
  }

  async byId(sel: Selector, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number) {
    const where = this.where(sel);
    if (ids.min !== undefined && ids.max !== undefined) where.push(sql`id between ${ids.min} and ${ids.max}`);
    if (ids.after !== undefined) where.push(sql`id > ${ids.after}`);
    if (ids.since) where.push(sql`ts >= ${ids.since.toISOString()}::timestamptz`);
    return this.rows(where, sql`id asc`, limit);
  }

  facets(scope: string | null, w: Window) {
    return sourceFacets(this.database(), this.kind, scope, w);
  }

  async newest(): Promise<number | null> {
    const [row] = await selectRows<{ last: string | null }>(
      this.database(),
      sql`select max(ts)::text as last from ${this.table}`,
    );
    return row?.last ? Date.parse(row.last) : null;
  }

  position(scope: string | null) {
    return scopePosition(this.database(), this.kind, scope);
  }

  /** Retention: drops whole day partitions that end on or before `day`, and sources not seen since. */
  async dropBefore(day: Date): Promise<string[]> {
    const old = await dropDayPartitions(this.database(), this.kind.table, this.known, day);
    await dropSources(this.database(), this.kind, day);
    return old;
  }
}

/**
 * Creates the day partitions (ms at UTC midnight) of a table partitioned by day that `known` does not hold
 * yet, through the owner's function (idempotent, safe across replicas; migration 0007). Every kind's lines
 * and the trace spans.
 */
export async function ensureDayPartitions(database: Db, table: string, known: Set<string>, days: Iterable<number>) {
  for (const dayMs of days) {
    const day = new Date(dayMs);
    const name = partitionName(table, day);
    if (known.has(name)) continue;
    try {
      await database.execute(sql`select ops_console_log_partition(${table}, ${day.toISOString().slice(0, 10)}::date)`);
    } catch (err) {
      // Another writer (or replica) created it between our check and our create.
      if (!alreadyThere(err)) throw err;
    }
    known.add(name);
  }
}

/** Retention: drops a table's whole day partitions that end on or before `day`; their names. */
export async function dropDayPartitions(database: Db, table: string, known: Set<string>, day: Date): Promise<string[]> {
  const old = (
    await selectRows<{ name: string }>(
      database,
      sql`select ops_console_drop_log_partitions(${table}, ${day.toISOString().slice(0, 10)}::date) as name`,
    )
  ).map((r) => r.name);
  old.forEach((n) => known.delete(n));
  return old;
}

/** Records sources (their columns) and when they were seen, from rows with those columns and ts. */
function upsertSources(kind: KindDecl, from: SQL): SQL {
  const fields = sourceFields(kind);
  const key = list(fields.map((f) => id(f.key)));
  // A source column a line may leave empty is kept as '' (it is part of the key).
  const values = list(fields.map((f) => (f.required ? id(f.key) : sql`coalesce(${id(f.key)}, '')`)));
  const groups = list(fields.map((_, i) => sql.raw(String(i + 1))));
  const t = id(kind.sources);
  return sql`insert into ${t} (${key}, first_seen, last_seen)
    select ${values}, min(ts), max(ts) from ${from} group by ${groups} order by ${groups}
    on conflict (${key}) do update set first_seen = least(${t}.first_seen, excluded.first_seen), last_seen = greatest(${t}.last_seen, excluded.last_seen)`;
}

/** Records a batch's sources for the pickers, in its transaction (when its lines go to another engine). */
export async function recordSources(tx: Tx, kind: KindDecl, entries: Entry[]): Promise<void> {
  const spans = sourceSpans(kind, entries);
  const arrays = [sql`${array(spans.ts)}::timestamptz[]`, ...spans.keys.map((k) => sql`${array(k)}::text[]`)];
  const names = list(["ts", ...sourceFields(kind).map((f) => f.key)].map(id));
  await tx.execute(
    sql`with src as (select * from unnest(${list(arrays)}) as s(${names})) ${upsertSources(kind, sql`src`)}`,
  );
}

/** The pickers' values: each source column's values seen in the window (of the scope). */
export async function sourceFacets(
  database: Db,
  kind: KindDecl,
  scope: string | null,
  w: Window,
): Promise<Record<string, string[]>> {
  const fields = sourceFields(kind).filter((f) => f.key !== kind.scope?.field);
  const where = [
    ...(kind.scope ? [sql`${id(kind.scope.field)} = ${scope ?? ""}`] : []),
    sql`last_seen >= ${w.start.toISOString()}::timestamptz`,
    sql`first_seen < ${w.end.toISOString()}::timestamptz`,
  ];
  const rows = await selectRows<Record<string, string>>(
    database,
    sql`select ${list(fields.map((f) => id(f.key)))} from ${id(kind.sources)} where ${all(where)} limit 20000`,
  );
  return Object.fromEntries(
    fields.map((f) => [f.filter?.facet ?? f.key, [...new Set(rows.map((r) => r[f.key] ?? ""))].filter(Boolean).sort()]),
  );
}

/** Sources not seen since `day` have no lines left (retention, whatever engine holds the lines). */
export async function dropSources(database: Db, kind: KindDecl, day: Date): Promise<void> {
  await database.execute(sql`delete from ${id(kind.sources)} where last_seen < ${day.toISOString()}::timestamptz`);
}

function alreadyThere(err: unknown): boolean {
  const e = err instanceof Error ? err : null;
  const cause: { code?: string; message?: string } = e && typeof e.cause === "object" && e.cause ? e.cause : {};
  return (
    cause.code === "42P07" ||
    cause.code === "23505" ||
    /already exists/.test(`${cause.message ?? ""} ${e?.message ?? ""}`)
  );
}
