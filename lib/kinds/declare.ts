// A telemetry kind — tenant logs, platform logs, and whatever comes next — is one declaration: its
// columns (the API's key, the Postgres and ClickHouse column, a filter or a facet, where OTLP and Loki give
// it), its scope, where a line's neighbours are, who reads it, its paths and words, its retention. Everything
// else follows from it in lib/kinds: the stores, the selector, the schemas, the endpoints and their route
// handlers, the ingest mappings, the client's source, retention and the store chooser. Pure and
// browser-safe: the client builds its log views from the same declaration.
import { z } from "zod";
import type { Env } from "@/lib/env";
import { LOG_LEVELS, type LogLevel, type Scope } from "@/lib/vocabulary";
import { repeated } from "@/lib/http/endpoint";

/** Where a protocol's record gives a field: groups tried in order, each one place and its keys (first present wins). */
export type Places = readonly (readonly [place: string, ...keys: string[]])[];

/** How one ingest protocol gives a field; a record without a required one is refused with `missing`. */
export interface Mapping {
  readonly from: Places;
  /** Why a record without it is refused (and under which name); without it, a missing value is null. */
  readonly missing?: { readonly field: string; readonly message: string };
}

export interface FieldDecl {
  /** The API's key, the Postgres column and the ClickHouse column. */
  readonly key: string;
  /** In a line's details, and as its filter's label. */
  readonly label: string;
  /** The ClickHouse type. */
  readonly ch: string;
  /** At ingest: at most this many characters. */
  readonly max: number;
  /** Every line has one (NOT NULL, required at ingest). */
  readonly required?: boolean;
  readonly describe?: string;
  /** A filter: its query parameter and, for a picker, the facet its values come from. */
  readonly filter?: { readonly param: string; readonly facet?: string; readonly describe?: string };
  /** Names an org: at ingest the org must exist. */
  readonly org?: boolean;
  /** Part of where a line comes from: the pickers' table keeps each source with when it was seen. */
  readonly source?: boolean;
  readonly otlp?: Mapping;
  readonly loki?: Mapping;
  /** What a protocol record without it gets: another field's value (an instance is its host), then a value. */
  readonly fallback?: { readonly field?: string; readonly value?: string };
}

/** The columns every kind has, in the API's order where a declaration places them. */
export const LEVEL = {
  key: "level",
  label: "Level",
  ch: "LowCardinality(String)",
  max: 10,
  required: true,
} as const satisfies FieldDecl;
export const MESSAGE = {
  key: "message",
  label: "Message",
  ch: "String CODEC(ZSTD(3))",
  max: 256 * 1024,
  required: true,
} as const satisfies FieldDecl;
export const REQUEST_ID = {
  key: "request_id",
  label: "Request id",
  ch: "Nullable(String)",
  max: 200,
  filter: { param: "request_id", describe: "exact request id (repeatable)" },
} as const satisfies FieldDecl;
export const TRACE_ID = {
  key: "trace_id",
  label: "Trace id",
  ch: "Nullable(String)",
  max: 200,
  filter: { param: "trace_id", describe: "exact trace id (repeatable)" },
} as const satisfies FieldDecl;
const COMMON: readonly FieldDecl[] = [LEVEL, MESSAGE, REQUEST_ID, TRACE_ID];
const isCommon = (f: FieldDecl) => COMMON.includes(f);

export interface KindDecl<F extends readonly FieldDecl[] = readonly FieldDecl[]> {
  /** The audit actions' prefix (`logs.query`), the kind's name in metrics and the lease of its tails. */
  readonly name: string;
  /** As metrics label it (log_lines_ingested_total{kind}). */
  readonly metric: string;
  /** The Postgres table (day-partitioned, its id sequence `<table>_id_seq`) and the ClickHouse table. */
  readonly table: string;
  /** The pickers' table: the source columns (the fields marked `source`) with first and last seen. */
  readonly sources: string;
  /** The columns after id and ts, in the API's order (LEVEL, MESSAGE, REQUEST_ID, TRACE_ID where they go); attrs last. */
  readonly fields: F;
  /** The column every read is confined to, and its path parameter (an org), or null: read whole. */
  readonly scope: { readonly field: string; readonly param: string } | null;
  /** The column whose lines are a line's neighbours (its instance, its node). */
  readonly near: string;
  /** Who reads it: the scope, whether a tenant may (an org's members; others with a stated reason). */
  readonly read: { readonly scope: Scope; readonly tenant: boolean };
  /** Who writes it: the scope, and whether a token bound to an org writes that org only. */
  readonly write: { readonly scope: Scope };
  readonly paths: {
    readonly read: string;
    readonly page: string;
    readonly ingest: string;
    readonly otlp: string;
    readonly loki: string;
    readonly tag: string;
  };
  /** How people name it: "an org's logs", "a line", the export's file name for a scope. */
  readonly words: {
    readonly what: string;
    readonly line: string;
    readonly sources: string;
    readonly file: (scope: string | null) => string;
  };
  /** ClickHouse: the sorting key after the day partition, and on a cluster the shard key. */
  readonly clickhouse: { readonly orderBy: string; readonly shardBy: string };
  /** Days a line is kept. */
  retentionDays(e: Env): number;
}

/** A declaration, its field keys kept in its type. */
export const defineKind = <const F extends readonly FieldDecl[]>(k: KindDecl<F>): KindDecl<F> => k;

/** `build` for each kind, run once per kind and kept. */
export function builtOncePerKind<V>(build: (kind: KindDecl) => V): (kind: KindDecl) => V {
  const built = new WeakMap<KindDecl, V>();
  return (kind) => {
    const cached = built.get(kind);
    if (cached !== undefined) return cached;
    const value = build(kind);
    built.set(kind, value);
    return value;
  };
}

type FieldValue<D extends FieldDecl> = D extends { key: "level" }
  ? LogLevel
  : D extends { required: true }
    ? string
    : string | null;

/** A line as the API writes it. */
export type LineOf<K extends KindDecl> = { id: string; ts: string } & {
  [D in K["fields"][number] as D["key"]]: FieldValue<D>;
} & { attrs: Record<string, unknown> | null };

/** What every line has, whatever its kind. */
export interface LineBase {
  id: string;
  ts: string;
  level: LogLevel;
  message: string;
  request_id: string | null;
  trace_id: string | null;
  attrs: Record<string, unknown> | null;
}

export const levelSchema = z.enum(LOG_LEVELS, { message: `must be one of: ${LOG_LEVELS.join(", ")}` });

/** The kind's own columns (not level, message, request and trace ids). */
export const ownFields = (k: KindDecl) => k.fields.filter((f) => !isCommon(f));
export const fieldOf = (k: KindDecl, key: string): FieldDecl => {
  const f = k.fields.find((x) => x.key === key);
  if (!f) throw new Error(`${k.name} has no field ${key}`);
  return f;
};
/** The fields that are filters, in order. */
export const filterFields = (k: KindDecl) =>
  k.fields.filter((f): f is FieldDecl & { filter: NonNullable<FieldDecl["filter"]> } => Boolean(f.filter));
/** The source columns (the pickers' table key), in order. */
export const sourceFields = (k: KindDecl) => k.fields.filter((f) => f.source);

/** The line's schema as an object (to extend): every column, attrs last. */
export function lineObject(k: KindDecl) {
  const shape: Record<string, z.ZodType> = { id: z.string(), ts: z.string() };
  for (const f of k.fields) shape[f.key] = f === LEVEL ? levelSchema : f.required ? z.string() : z.string().nullable();
  shape.attrs = z.record(z.string(), z.unknown()).nullable();
  return z.object(shape);
}

/** The line's schema, typed by the declaration. */
export const lineSchema = <K extends KindDecl>(k: K) => lineObject(k) as unknown as z.ZodType<LineOf<K>>;

/** An entry as an agent sends it: a time with its zone, every required column, the rest optional. */
export function entrySchema(k: KindDecl) {
  const shape: Record<string, z.ZodType> = {
    ts: z.iso.datetime({ offset: true, local: false, message: "must be an ISO-8601 time with a zone" }),
  };
  for (const f of k.fields) {
    if (f === LEVEL) shape.level = levelSchema.default("info");
    else if (f === MESSAGE) shape.message = z.string().max(f.max, `must be at most ${f.max} bytes`);
    else {
      const text = f.required ? z.string().min(1, "is required").max(f.max) : z.string().max(f.max).nullish();
      shape[f.key] = f.describe ? text.describe(f.describe) : text;
    }
  }
  shape.attrs = z.record(z.string(), z.unknown()).nullish();
  return z.object(shape) as unknown as z.ZodType<Entry>;
}
/** An entry as the ingest has checked it, whatever its kind. */
export type Entry = { ts: string; level: LogLevel; message: string; attrs?: Record<string, unknown> | null } & Record<
  string,
  unknown
>;

type Own<K extends KindDecl> = Exclude<K["fields"][number], { key: "level" | "message" }>;
/** An entry as an agent sends it (the simulator writes these). */
export type EntryOf<K extends KindDecl> = {
  ts: string;
  level?: LogLevel;
  message: string;
  attrs?: Record<string, unknown> | null;
} & {
  [D in Own<K> as D extends { required: true } ? D["key"] : never]: string;
} & { [D in Own<K> as D extends { required: true } ? never : D["key"]]?: string | null };

const filterValue = z.string().min(1, "must not be empty").max(200, "must be at most 200 characters");
const many = (param: string) => repeated(filterValue).pipe(z.array(z.string()).max(50, `at most 50 ${param} values`));

/** The filters every read shares, in the URL of the UI, the CLI and the API alike. */
export function filtersSchema(k: KindDecl) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of filterFields(k))
    shape[f.filter.param] = f.filter.describe ? many(f.filter.param).describe(f.filter.describe) : many(f.filter.param);
  return z.object({
    ...shape,
    level: levelSchema.optional().describe("minimum level"),
    q: z.string().max(500, "must be at most 500 characters").optional().describe("case-insensitive text"),
    start: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative: 15m, 2h, 7d (default: end - 1h)"),
    end: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative (default: now)"),
  });
}

/** A read's filters as the API takes them: one list per filter (by its parameter), and the shared ones. */
export interface Filters {
  [param: string]: unknown;
  level?: LogLevel;
  q?: string;
  start?: string;
  end?: string;
}

/** The pickers' facets, by name (apps, components, …). */
export const facetNames = (k: KindDecl) =>
  sourceFields(k).flatMap((f) => (f.filter?.facet && f.key !== k.scope?.field ? [f.filter.facet] : []));

/** A kind's path with its scope filled in. */
export const scopedPath = (path: string, k: KindDecl, scope: string | null) =>
  k.scope ? path.replace(`{${k.scope.param}}`, encodeURIComponent(scope ?? "")) : path;
