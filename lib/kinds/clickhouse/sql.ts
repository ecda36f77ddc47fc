// The pieces every ClickHouse log statement is built from: where the tables live, bound parameters, the
// table's columns and skip indexes, and times as ClickHouse writes them.
import { likePattern } from "../store";
import type { KindDecl } from "../declare";
import type { ClickHouseTransport, Params } from "./transport";

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
export const all = (where: string[]) => (where.length ? where.join(" AND ") : "1");

export const TS_TEXT = "formatDateTime(ts, '%Y-%m-%dT%H:%i:%S.%fZ')";
export const TIME = "DateTime64(6, 'UTC')";

/** A kind's columns after id and ts, with their ClickHouse types, attrs (JSON text) last. */
export const columnsOf = (kind: KindDecl): [string, string][] => [
  ...kind.fields.map((f): [string, string] => [f.key, f.ch]),
  ["attrs", "String CODEC(ZSTD(3))"],
];

/** A statement's parameters, starting with the database and the table it names as `{table:Identifier}`. */
export function tableBinder(target: ClickHouseTarget, table: string): Binder {
  const b = new Binder(target.database);
  b.params.table = table;
  return b;
}

/** The table that holds a kind's parts: its table, or on a cluster each shard's local table. */
export const localTable = (kind: Pick<KindDecl, "table">, target: ClickHouseTarget) =>
  target.cluster ? `${kind.table}_local` : kind.table;

/** The clause that runs a statement on every shard (nothing off a cluster). */
export const onCluster = (target: ClickHouseTarget) => (target.cluster ? ` ON CLUSTER ${target.cluster}` : "");

/** A kind's line as the API's JSON, written by ClickHouse (the export never builds objects in JavaScript). */
export function lineJson(kind: KindDecl): string {
  const json = columnsOf(kind).flatMap(([c, type]) => [
    `',"${c}":'`,
    c === "attrs"
      ? "if(attrs = '', 'null', attrs)"
      : type.includes("Nullable")
        ? `coalesce(toJSONString(${c}), 'null')`
        : `toJSONString(${c})`,
  ]);
  return `concat('{"id":', toJSONString(toString(id)), ',"ts":', toJSONString(${TS_TEXT}), ${json.join(", ")}, '}')`;
}
