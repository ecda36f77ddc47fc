// The Postgres machinery every log table shares (tenant logs, platform logs): day partitions created
// and dropped through the owner's functions, keyset ranges in index order, NDJSON export pages written
// by the database, a line's neighbours, id ranges for live tails, and ingest that takes ids in commit
// order per scope. A table describes itself in a TableSpec: its columns, its filters, its scope — which
// the ClickHouse store (./clickhouse) reads too, so each filter is declared once for both engines.
import "server-only";
import { and, asc, between, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { db, type Db, type Tx } from "@/lib/db/client";
import { type LogLevel } from "@/lib/vocabulary";

/** What every log line has, whatever its table. */
export interface LogRecordBase {
  id: string;
  ts: string;
  level: LogLevel;
  message: string;
  request_id: string | null;
  trace_id: string | null;
  attrs: Record<string, unknown> | null;
}

export interface LogPosition {
  ts: string;
  id: number;
}

export type Positioned<L> = L & { pos: LogPosition };

export interface Window {
  start: Date;
  end: Date;
}

export interface Range extends Window {
  order: "asc" | "desc";
  limit: number;
  after?: LogPosition;
}

/** The id range one committed batch wrote for one scope (an org; null for the platform). */
export interface BatchRange {
  scope: string | null;
  min: number;
  max: number;
  n: number;
}

export interface IngestResult {
  accepted: number;
  batches: BatchRange[];
}

/** What a log store does, whatever the table or the engine. `scope` is the org (tenant logs) or null. */
export interface LogStore<Sel, Line extends LogRecordBase, Entry> {
  /** Stores a batch atomically; `inCommit` runs in its transaction (a notice sent at its commit). */
  insert(entries: Entry[], inCommit?: (tx: { execute(query: SQL): Promise<unknown> }, batches: BatchRange[]) => Promise<void>): Promise<IngestResult>;
  range(sel: Sel, r: Range): Promise<Positioned<Line>[]>;
  /** One page of a range as NDJSON (the API's line shape), with where the next page starts. */
  exportPage(sel: Sel, r: Range): Promise<{ text: string; count: number; last: LogPosition | null }>;
  get(scope: string | null, id: number): Promise<Positioned<Line> | null>;
  /** The lines before and after `line` from the same place (instance, node). */
  around(scope: string | null, line: Positioned<Line>, before: number, after: number): Promise<{ before: Line[]; after: Line[] }>;
  /** Lines with ids in [min, max] (a committed batch) or above `after` (and at or after `since`), oldest first. */
  byId(sel: Sel, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number): Promise<Line[]>;
  facets(scope: string | null, w: Window): Promise<Record<string, string[]>>;
  /** The newest line's time (ms), or null for an empty store. */
  newest(): Promise<number | null>;
  /** Where a live tail of `scope` starts: every line of the scope that commits from now on has a greater id. */
  position(scope: string | null): Promise<number>;
  dropBefore(day: Date): Promise<string[]>;
}

/** What every selector has, whatever its table: a set of levels (null: all) and a text to contain. */
export interface SelectorBase {
  levels: LogLevel[] | null;
  q?: string;
}

export interface TableSpec<Sel extends SelectorBase, Line extends LogRecordBase, Entry> {
  /** The partitioned table, and its name. */
  table: PgTable;
  parent: string;
  /** The id sequence (a store without sequences, ClickHouse, takes its ids here too). */
  sequence: string;
  ts: PgColumn;
  id: PgColumn;
  /** The select list (with `tsText`, the time as the API writes it; `level` and `message` as columns) and its row → line. */
  columns: Record<string, PgColumn | SQL> & { level: PgColumn; message: PgColumn };
  toLine(row: Record<string, unknown>): Line;
  /** The API's line shape, key for key (with `id` and `ts` as text), for the database to write as JSON. */
  json: Record<string, SQL.Aliased>;
  /** The column every read is confined to (the org), or null for a table read whole (platform logs). */
  scopeColumn: PgColumn | null;
  /** The selector's scope (its org), for `scopeColumn`. */
  selectorScope(sel: Sel): string | null;
  /** The selector's list filters: lines whose column holds one of the listed values (an empty list: no filter). */
  lists: readonly (readonly [{ [K in keyof Sel]: Sel[K] extends readonly string[] ? K : never }[keyof Sel], PgColumn])[];
  /** The column that says where a line comes from (instance, node): its neighbours share it. */
  nearColumn: PgColumn;
  /** Inserts the batch (and its sources for the pickers) inside `tx`; the id ranges written per scope. */
  insert(tx: Tx, entries: Entry[]): Promise<BatchRange[]>;
  /** Records the batch's sources for the pickers (when the lines themselves go elsewhere). */
  upsertSources(tx: Tx, entries: Entry[]): Promise<void>;
  entryTs(e: Entry): string;
  facets(database: Db, scope: string | null, w: Window): Promise<Record<string, string[]>>;
  /** Forget sources not seen since `day` (retention). */
  dropSources(database: Db, day: Date): Promise<void>;
}

/**
 * A batch's sources (the key columns of `key`) with the first and last time each was seen: two rows per
 * source, column by column, so a batch of 10,000 lines from 30 instances sends 60 rows, not 10,000.
 */
export function sourceSpans<E>(entries: E[], key: (e: E) => (string | null)[], ts: (e: E) => string): { ts: string[]; keys: (string | null)[][] } {
  const spans = new Map<string, { key: (string | null)[]; first: [number, string]; last: [number, string] }>();
  for (const e of entries) {
    const k = key(e);
    const id = JSON.stringify(k);
    const t = ts(e);
    const ms = Date.parse(t);
    const s = spans.get(id);
    if (!s) spans.set(id, { key: k, first: [ms, t], last: [ms, t] });
    else if (ms < s.first[0]) s.first = [ms, t];
    else if (ms > s.last[0]) s.last = [ms, t];
  }
  const all = [...spans.values()];
  return { ts: all.flatMap((s) => [s.first[1], s.last[1]]), keys: key(entries[0]!).map((_, i) => all.flatMap((s) => [s.key[i]!, s.key[i]!])) };
}

export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The time as the API writes it: ISO-8601 UTC with microseconds. */
export const tsText = (ts: PgColumn) => sql<string>`to_char(${ts} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const DAY_MS = 86_400_000;

export const partitionName = (parent: string, day: Date) => `${parent}_p${day.toISOString().slice(0, 10).replace(/-/g, "")}`;

export function withoutPosition<L>(l: Positioned<L>): L {
  const { pos: _pos, ...line } = l;
  return line as L;
}

/** The line's value in a spec's column (line keys are the columns' names). */
export const valueIn = (line: object, column: PgColumn) => (line as Record<string, unknown>)[column.name] as string;

/** An entry's scope: its org (the scope column's value), or null for a table without one (platform logs). */
export const entryScope = (spec: { scopeColumn: PgColumn | null }, entry: object): string | null => (spec.scopeColumn ? valueIn(entry, spec.scopeColumn) : null);

/** The advisory lock a scope's batches hold from taking their ids until they commit. */
const scopeLock = (spec: { parent: string }, scope: string | null) => sql`select pg_advisory_xact_lock(hashtext(${scope === null ? spec.parent : `${spec.parent}:${scope}`}))`;

/**
 * Per scope, batches take their ids and commit one at a time (the lock is held until commit), so a
 * scope's ids grow in commit order and a tail that resumes after id N never skips a batch that
 * committed later with lower ids. Keys are locked in one order: no deadlocks. Live tails are told in
 * the same transaction, so their notices arrive in that order too. Every log store, whatever its engine.
 */
export async function lockScopes(tx: Tx, spec: { parent: string; scopeColumn: PgColumn | null }, entries: object[]): Promise<void> {
  const scopes = [...new Set(entries.map((e) => entryScope(spec, e)))].sort((a, b) => (a ?? "").localeCompare(b ?? ""));
  for (const scope of scopes) await tx.execute(scopeLock(spec, scope));
}

/**
 * A scope's tail position: the id sequence's last value, read while holding the scope's lock, so no
 * batch of the scope is between its ids and its commit. Every line of the scope committed later has a
 * greater id; a tail that has had no line yet resumes from here and loses nothing across a reconnect.
 */
export async function scopePosition(database: Db, spec: { parent: string; sequence: string }, scope: string | null): Promise<number> {
  return database.transaction(async (tx) => {
    await tx.execute(scopeLock(spec, scope));
    const res = await tx.execute<{ last: string | null }>(sql`select pg_sequence_last_value(${spec.sequence}::regclass)::text as last`);
    return Number((res as unknown as { rows: { last: string | null }[] }).rows[0]?.last ?? 0);
  });
}


export class PartitionedLogTable<Sel extends SelectorBase, Line extends LogRecordBase, Entry> implements LogStore<Sel, Line, Entry> {
  private known = new Set<string>();
  constructor(
    private readonly spec: TableSpec<Sel, Line, Entry>,
    private readonly database: () => Db = db,
  ) {}

  /**
   * Time order as the indexes hold it: (…, ts DESC NULLS LAST, id DESC NULLS LAST), so newest first reads
   * them forwards and oldest first backwards — but only when the ORDER BY names the same NULLS placement
   * (Postgres does not infer it from NOT NULL). Without it every page sorts the whole window.
   */
  private timeOrder(order: "asc" | "desc"): SQL[] {
    const { ts, id } = this.spec;
    return order === "desc" ? [sql`${ts} desc nulls last`, sql`${id} desc nulls last`] : [sql`${ts} asc nulls first`, sql`${id} asc nulls first`];
  }

  /** Rows of `scope` only (the org; nothing for platform logs). */
  private scope(scope: string | null): SQL[] {
    return this.spec.scopeColumn ? [eq(this.spec.scopeColumn, scope ?? "")] : [];
  }

  private where(sel: Sel): SQL[] {
    const where = this.scope(this.spec.selectorScope(sel));
    for (const [key, column] of this.spec.lists) {
      const values = sel[key] as readonly string[];
      if (values.length) where.push(inArray(column, [...values]));
    }
    if (sel.levels) where.push(inArray(this.spec.columns.level, sel.levels));
    if (sel.q) where.push(sql`${this.spec.columns.message} ilike ${likePattern(sel.q)}`);
    return where;
  }

  private rangeWhere(sel: Sel, r: Range): SQL[] {
    const { ts, id } = this.spec;
    const where = [...this.where(sel), gte(ts, r.start), lt(ts, r.end)];
    if (r.after) where.push(sql`(${ts}, ${id}) ${r.order === "desc" ? sql`<` : sql`>`} (${r.after.ts}::timestamptz, ${r.after.id}::bigint)`);
    return where;
  }

  private positioned = (row: Record<string, unknown>): Positioned<Line> => ({ ...this.spec.toLine(row), pos: { ts: row.tsText as string, id: Number(row.id) } });

  /** Creates the day partitions a batch needs (idempotent, safe across replicas; no DDL right needed, see migration 0007). */
  async ensurePartitions(days: Iterable<number>): Promise<void> {
    for (const dayMs of days) {
      const day = new Date(dayMs);
      const name = partitionName(this.spec.parent, day);
      if (this.known.has(name)) continue;
      try {
        await this.database().execute(sql`select ops_console_log_partition(${this.spec.parent}, ${day.toISOString().slice(0, 10)}::date)`);
      } catch (err) {
        // Another writer (or replica) created it between our check and our create.
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.code !== "42P07" && cause?.code !== "23505" && !/already exists/.test(`${cause?.message ?? ""} ${(err as Error).message}`)) throw err;
      }
      this.known.add(name);
    }
  }

  async insert(entries: Entry[], inCommit?: (tx: { execute(query: SQL): Promise<unknown> }, batches: BatchRange[]) => Promise<void>): Promise<IngestResult> {
    if (!entries.length) return { accepted: 0, batches: [] };
    await this.ensurePartitions(new Set(entries.map((e) => Math.floor(Date.parse(this.spec.entryTs(e)) / DAY_MS) * DAY_MS)));
    const batches = await this.database().transaction(async (tx) => {
      await lockScopes(tx, this.spec, entries as object[]);
      const written = await this.spec.insert(tx, entries);
      if (inCommit) await inCommit(tx, written);
      return written;
    });
    return { accepted: batches.reduce((a, b) => a + b.n, 0), batches };
  }

  async range(sel: Sel, r: Range) {
    const rows = await this.database()
      .select(this.spec.columns)
      .from(this.spec.table)
      .where(and(...this.rangeWhere(sel, r)))
      .orderBy(...this.timeOrder(r.order))
      .limit(r.limit);
    return (rows as Record<string, unknown>[]).map(this.positioned);
  }

  async exportPage(sel: Sel, r: Range) {
    // The database writes each line's JSON, so no row crosses into JavaScript objects on the way out.
    const page = this.database()
      .select(this.spec.json)
      .from(this.spec.table)
      .where(and(...this.rangeWhere(sel, r)))
      .orderBy(...this.timeOrder(r.order))
      .limit(r.limit)
      .as("p");
    const way = r.order === "desc" ? sql`desc` : sql`asc`;
    const back = r.order === "desc" ? sql`asc` : sql`desc`;
    const res = await this.database().execute<{ text: string | null; n: number; last: string | null }>(sql`
      select string_agg(to_json(p)::text, E'\\n' order by p.ts ${way}, p.id::bigint ${way}) as text, count(*)::int as n,
             (array_agg(p.ts || '|' || p.id order by p.ts ${back}, p.id::bigint ${back}))[1] as last
      from ${page}`);
    const row = (res as unknown as { rows: { text: string | null; n: number; last: string | null }[] }).rows[0];
    const [ts, id] = row?.last ? (row.last.split("|") as [string, string]) : [];
    return { text: row?.text ?? "", count: Number(row?.n ?? 0), last: ts && id ? { ts, id: Number(id) } : null };
  }

  async get(scope: string | null, id: number) {
    const [row] = await this.database()
      .select(this.spec.columns)
      .from(this.spec.table)
      .where(and(...this.scope(scope), sql`${this.spec.id} = ${id}`))
      .limit(1);
    return row ? this.positioned(row as Record<string, unknown>) : null;
  }

  async around(scope: string | null, line: Positioned<Line>, before: number, after: number) {
    const { ts, id } = this.spec;
    const same = and(...this.scope(scope), eq(this.spec.nearColumn, valueIn(line, this.spec.nearColumn)));
    const at = sql`(${line.pos.ts}::timestamptz, ${line.pos.id}::bigint)`;
    const q = (cmp: SQL, dir: typeof asc, n: number) =>
      n
        ? this.database()
            .select(this.spec.columns)
            .from(this.spec.table)
            .where(and(same, sql`(${ts}, ${id}) ${cmp} ${at}`))
            .orderBy(dir(ts), dir(id))
            .limit(n)
        : Promise.resolve([]);
    const [b, a] = await Promise.all([q(sql`<`, desc, before), q(sql`>`, asc, after)]);
    const lines = (rows: unknown[]) => (rows as Record<string, unknown>[]).map((r) => this.spec.toLine(r));
    return { before: lines(b).reverse(), after: lines(a) };
  }

  async byId(sel: Sel, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number) {
    const { ts, id } = this.spec;
    const where = this.where(sel);
    if (ids.min !== undefined && ids.max !== undefined) where.push(between(id, ids.min, ids.max));
    if (ids.after !== undefined) where.push(gt(id, ids.after));
    if (ids.since) where.push(gte(ts, ids.since));
    const rows = await this.database().select(this.spec.columns).from(this.spec.table).where(and(...where)).orderBy(asc(id)).limit(limit);
    return (rows as Record<string, unknown>[]).map((r) => this.spec.toLine(r));
  }

  facets(scope: string | null, w: Window) {
    return this.spec.facets(this.database(), scope, w);
  }

  async newest(): Promise<number | null> {
    const [row] = await this.database().select({ last: sql<string | null>`max(${this.spec.ts})::text` }).from(this.spec.table);
    return row?.last ? Date.parse(row.last) : null;
  }

  position(scope: string | null) {
    return scopePosition(this.database(), this.spec, scope);
  }

  /** Retention: drops whole day partitions that end on or before `day`. */
  async dropBefore(day: Date): Promise<string[]> {
    const res = await this.database().execute<{ name: string }>(sql`select ops_console_drop_log_partitions(${this.spec.parent}, ${day.toISOString().slice(0, 10)}::date) as name`);
    const old = (res as unknown as { rows: { name: string }[] }).rows.map((r) => r.name);
    old.forEach((n) => this.known.delete(n));
    await this.spec.dropSources(this.database(), day);
    return old;
  }
}

