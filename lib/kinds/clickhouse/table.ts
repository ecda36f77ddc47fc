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
import { z } from "zod";
import {
  entryScope,
  filterColumns,
  lockScopes,
  scopePosition,
  sequenceOf,
  valueOf,
  type BatchRange,
  type InCommit,
  type IngestResult,
  type LogPosition,
  type LogStore,
  type Positioned,
  type Range,
  type Selector,
  type Window,
} from "../store";
import { dropSources, recordSources, sourceFacets } from "../postgres";
import type { Entry, KindDecl, LineBase } from "../declare";
import { logError } from "@/lib/http/errors";
import {
  all,
  Binder,
  chTime,
  columnsOf,
  lineJson,
  localTable,
  onCluster,
  tableBinder,
  TIME,
  TS_TEXT,
  type ClickHouseTarget,
} from "./sql";
import { dropPartitionsBefore, migrateTable } from "./ddl";

/** The last line of an export page, for the next page's cursor. */
const EXPORT_TAIL = z.object({ id: z.string(), ts: z.string() });

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
    this.names = columnsOf(kind).map(([c]) => c);
    this.select = `toString(id) AS id_text, ${TS_TEXT} AS ts_text, ${this.names.join(", ")}`;
    this.json = lineJson(kind);
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
    return tableBinder(this.target, table);
  }
  /** Reads and inserts go here: the table, or on a cluster the Distributed table over the shards. */
  private readonly from = "{db:Identifier}.{table:Identifier}";
  /** The table that holds parts: itself, or on a cluster each shard's local table. */
  private get local() {
    return localTable(this.kind, this.target);
  }
  private get onCluster() {
    return onCluster(this.target);
  }
  private line = (r: Record<string, unknown>): Line => {
    const line: Record<string, unknown> = { id: r.id_text, ts: r.ts_text };
    for (const c of this.names)
      line[c] = c === "attrs" ? (typeof r.attrs === "string" && r.attrs ? JSON.parse(r.attrs) : null) : (r[c] ?? null);
    return line as unknown as Line;
  };
  private positioned = (r: Record<string, unknown>): Positioned<Line> => {
    const line = this.line(r);
    return { ...line, pos: { ts: line.ts, id: Number(line.id) } };
  };

  /** An entry as a row in column order (attrs as JSON text, '' for none). */
  private row = (e: Entry, id: number): unknown[] => [
    id,
    chTime(e.ts),
    ...this.names.map((c) => (c === "attrs" ? (e.attrs ? JSON.stringify(e.attrs) : "") : valueOf(e, c))),
  ];

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
        const res = await selectRows<{ id: string }>(
          tx,
          sql`select nextval(${sequenceOf(this.kind)}::regclass)::text as id from generate_series(1, ${entries.length}::int)`,
        );
        const ids = res.map((r) => Number(r.id)).sort((a, b) => a - b);
        const numbered = entries.map((e, i) => {
          const id = ids[i];
          if (id === undefined) throw new Error(`the sequence gave ${ids.length} ids for ${entries.length} lines`);
          return { e, id };
        });
        const rows = numbered.map(({ e, id }) => this.row(e, id));
        written = ids;
        // The pickers' sources (Postgres) and the lines (ClickHouse) are written side by side.
        await Promise.all([
          recordSources(tx, this.kind, entries),
          this.ch.insert(`${this.target.database}.${this.kind.table}`, ["id", "ts", ...this.names], rows),
        ]);
        const byScope = new Map<string | null, BatchRange>();
        numbered.forEach(({ e, id }) => {
          const scope = entryScope(this.kind, e);
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
      if (written)
        await this.forget(written).catch((e) => logError("log store: could not delete a failed batch's lines", e));
      throw err;
    }
  }

  /** Deletes the lines of a batch that did not commit. */
  private async forget(ids: number[]) {
    const b = this.binder(this.local);
    await this.ch.exec(
      "delete",
      `DELETE FROM {db:Identifier}.{table:Identifier}${this.onCluster} WHERE id IN ${b.bind(ids, "Array(UInt64)")}`,
      b.params,
    );
  }

  async range(sel: Selector, r: Range) {
    const b = this.binder();
    const where = [...this.where(sel, b), ...this.timeWhere(r, b)];
    const rows = await this.ch.rows<Record<string, unknown>>(
      "range",
      `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} ORDER BY ${this.order(r.order)} LIMIT ${b.bind(r.limit, "UInt32")}`,
      b.params,
    );
    return rows.map(this.positioned);
  }

  async exportPage(sel: Selector, r: Range) {
    const b = this.binder();
    const where = [...this.where(sel, b), ...this.timeWhere(r, b)];
    const text = await this.ch.text(
      "export",
      `SELECT ${this.json} FROM ${this.from} WHERE ${all(where)} ORDER BY ${this.order(r.order)} LIMIT ${b.bind(r.limit, "UInt32")}`,
      b.params,
    );
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    if (!body) return { text: "", count: 0, last: null };
    const lines = body.split("\n");
    const tail = EXPORT_TAIL.parse(JSON.parse(lines.at(-1) ?? ""));
    return { text: body, count: lines.length, last: { ts: tail.ts, id: Number(tail.id) } };
  }

  async get(scope: string | null, id: number) {
    const b = this.binder();
    const where = [...this.scope(scope, b), `id = ${b.bind(id, "UInt64")}`];
    const [row] = await this.ch.rows<Record<string, unknown>>(
      "get",
      `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} LIMIT 1`,
      b.params,
    );
    return row ? this.positioned(row) : null;
  }

  async around(scope: string | null, line: Positioned<Line>, before: number, after: number) {
    const side = async (cmp: "<" | ">", n: number) => {
      if (!n) return [];
      const b = this.binder();
      const where = [
        ...this.scope(scope, b),
        `${this.kind.near} = ${b.bind(valueOf(line, this.kind.near) ?? "", "String")}`,
        ...this.beyond(line.pos, cmp, b),
      ];
      const rows = await this.ch.rows<Record<string, unknown>>(
        "around",
        `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} ORDER BY ${this.order(cmp === "<" ? "desc" : "asc")} LIMIT ${b.bind(n, "UInt32")}`,
        b.params,
      );
      return rows.map(this.line);
    };
    const [b, a] = await Promise.all([side("<", before), side(">", after)]);
    return { before: b.reverse(), after: a };
  }

  async byId(sel: Selector, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number) {
    const b = this.binder();
    const where = this.where(sel, b);
    if (ids.min !== undefined && ids.max !== undefined)
      where.push(`id BETWEEN ${b.bind(ids.min, "UInt64")} AND ${b.bind(ids.max, "UInt64")}`);
    if (ids.after !== undefined) where.push(`id > ${b.bind(ids.after, "UInt64")}`);
    if (ids.since) where.push(`ts >= ${b.bind(chTime(ids.since), TIME)}`);
    const rows = await this.ch.rows<Record<string, unknown>>(
      "by_id",
      `SELECT ${this.select} FROM ${this.from} WHERE ${all(where)} ORDER BY id LIMIT ${b.bind(limit, "UInt32")}`,
      b.params,
    );
    return rows.map(this.line);
  }

  facets(scope: string | null, w: Window) {
    return sourceFacets(this.database(), this.kind, scope, w);
  }

  async newest(): Promise<number | null> {
    const b = this.binder();
    const [row] = await this.ch.rows<{ last: string | null }>(
      "newest",
      `SELECT if(count() = 0, NULL, toString(toUnixTimestamp64Milli(max(ts)))) AS last FROM ${this.from}`,
      b.params,
    );
    return row?.last ? Number(row.last) : null;
  }

  position(scope: string | null) {
    return scopePosition(this.database(), this.kind, scope);
  }

  /** Retention: drops whole day partitions that end on or before `day`. */
  async dropBefore(day: Date): Promise<string[]> {
    const dropped = await dropPartitionsBefore(this.kind, this.target, day);
    await dropSources(this.database(), this.kind, day);
    return dropped;
  }

  /** Creates the table (and on a cluster its shards' tables and the Distributed table); keeps the TTL at the retention setting. */
  migrate(e: Env = env()): Promise<void> {
    return migrateTable(this.kind, this.target, e);
  }

  /** Is the store reachable and the table there? */
  async ready(): Promise<void> {
    await this.ch.rows("ready", `SELECT 1 FROM ${this.from} LIMIT 0`, this.binder().params);
  }
}
