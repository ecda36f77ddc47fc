// What a kind's store does, whatever the engine (Postgres, ClickHouse), and what both engines share: the
// selector a read becomes, positions for cursors, id ranges for live tails, the batch lock that keeps a
// scope's ids in commit order, and a batch's sources for the pickers.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Db, type Tx } from "@/lib/db/client";
import type { LogLevel } from "@/lib/vocabulary";
import { filterFields, sourceFields, type Entry, type KindDecl, type LineBase } from "./declare";

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

/** The id range one committed batch wrote for one scope (an org; null for a kind read whole). */
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

/** Where a read is confined: its scope (an org, or null), its filters by column, levels and a text. */
export interface Selector {
  scope: string | null;
  /** Column → the values a line's column must hold one of (an empty list: no filter). */
  lists: Record<string, string[]>;
  levels: LogLevel[] | null;
  q?: string;
}

/** Told at a batch's commit, in its transaction: live tails hear of a scope's batches in commit order. */
export type InCommit = (tx: { execute(query: SQL): Promise<unknown> }, batches: BatchRange[]) => Promise<void>;

/** What a kind's store does, whatever the engine. `scope` is the org, or null for a kind read whole. */
export interface LogStore<Line extends LineBase = LineBase> {
  /** Stores a batch atomically; `inCommit` runs in its transaction. */
  insert(entries: Entry[], inCommit?: InCommit): Promise<IngestResult>;
  range(sel: Selector, r: Range): Promise<Positioned<Line>[]>;
  /** One page of a range as NDJSON (the API's line shape), with where the next page starts. */
  exportPage(sel: Selector, r: Range): Promise<{ text: string; count: number; last: LogPosition | null }>;
  get(scope: string | null, id: number): Promise<Positioned<Line> | null>;
  /** The lines before and after `line` from the same place (instance, node). */
  around(
    scope: string | null,
    line: Positioned<Line>,
    before: number,
    after: number,
  ): Promise<{ before: Line[]; after: Line[] }>;
  /** Lines with ids in [min, max] (a committed batch) or above `after` (and at or after `since`), oldest first. */
  byId(
    sel: Selector,
    ids: { min?: number; max?: number; after?: number; since?: Date },
    limit: number,
  ): Promise<Line[]>;
  facets(scope: string | null, w: Window): Promise<Record<string, string[]>>;
  /** The newest line's time (ms), or null for an empty store. */
  newest(): Promise<number | null>;
  /** Where a live tail of `scope` starts: every line of the scope that commits from now on has a greater id. */
  position(scope: string | null): Promise<number>;
  dropBefore(day: Date): Promise<string[]>;
}

export const DAY_MS = 86_400_000;

export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function withoutPosition<L>(l: Positioned<L>): L {
  const { pos: _pos, ...line } = l;
  return line as L;
}

/** The column a filter reads, by its parameter. */
export const filterColumns = (k: KindDecl): [param: string, column: string][] =>
  filterFields(k).map((f) => [f.filter.param, f.key]);

/** An entry's (or a line's) text value in a column, or null. */
export const valueOf = (row: object, column: string): string | null => {
  const v: unknown = Object.getOwnPropertyDescriptor(row, column)?.value;
  return typeof v === "string" ? v : null;
};

/** An entry's scope: its org, or null for a kind read whole. */
export const entryScope = (k: KindDecl, entry: object): string | null =>
  k.scope ? valueOf(entry, k.scope.field) : null;

/** The advisory lock a scope's batches hold from taking their ids until they commit. */
const scopeLock = (k: KindDecl, scope: string | null) =>
  sql`select pg_advisory_xact_lock(hashtext(${scope === null ? k.table : `${k.table}:${scope}`}))`;

/**
 * Per scope, batches take their ids and commit one at a time (the lock is held until commit), so a
 * scope's ids grow in commit order and a tail that resumes after id N never skips a batch that
 * committed later with lower ids. Keys are locked in one order: no deadlocks. Every engine.
 */
export async function lockScopes(tx: Tx, k: KindDecl, entries: object[]): Promise<void> {
  const scopes = [...new Set(entries.map((e) => entryScope(k, e)))].sort((a, b) => (a ?? "").localeCompare(b ?? ""));
  for (const scope of scopes) await tx.execute(scopeLock(k, scope));
}

/** The id sequence of a kind's table. */
export const sequenceOf = (k: KindDecl) => `${k.table}_id_seq`;

/**
 * A scope's tail position: the id sequence's last value, read while holding the scope's lock, so no
 * batch of the scope is between its ids and its commit. Every line of the scope committed later has a
 * greater id; a tail that has had no line yet resumes from here and loses nothing across a reconnect.
 */
export async function scopePosition(database: Db, k: KindDecl, scope: string | null): Promise<number> {
  return database.transaction(async (tx) => {
    await tx.execute(scopeLock(k, scope));
    const [row] = await selectRows<{ last: string | null }>(
      tx,
      sql`select pg_sequence_last_value(${sequenceOf(k)}::regclass)::text as last`,
    );
    return Number(row?.last ?? 0);
  });
}

/**
 * A batch's sources (its source columns) with the first and last time each was seen: two rows per
 * source, column by column, so a batch of 10,000 lines from 30 instances sends 60 rows, not 10,000.
 */
export function sourceSpans(k: KindDecl, entries: Entry[]): { ts: string[]; keys: (string | null)[][] } {
  const columns = sourceFields(k).map((f) => f.key);
  const spans = new Map<string, { key: (string | null)[]; first: [number, string]; last: [number, string] }>();
  for (const e of entries) {
    const key = columns.map((c) => valueOf(e, c));
    const id = JSON.stringify(key);
    const ms = Date.parse(e.ts);
    const s = spans.get(id);
    if (!s) spans.set(id, { key, first: [ms, e.ts], last: [ms, e.ts] });
    else if (ms < s.first[0]) s.first = [ms, e.ts];
    else if (ms > s.last[0]) s.last = [ms, e.ts];
  }
  const all = [...spans.values()];
  return {
    ts: all.flatMap((s) => [s.first[1], s.last[1]]),
    keys: columns.map((_, i) => all.flatMap((s) => [s.key[i] ?? null, s.key[i] ?? null])),
  };
}
