// How OTLP records and Loki entries become the console's log entries: which resource attributes and
// labels name the org, app, env, process type, instance, host, release, level, request and trace;
// everything else is kept in attrs. One table per protocol and kind of log (tenant, platform), documented
// in the README. Pure: the ingest validates what comes out like any other batch.
import type { OtlpRecord } from "./otlp";
import type { LokiEntry } from "./loki";
import { LOG_LEVELS, type LogLevel } from "@/lib/vocabulary";
import { ownFields, type FieldDecl, type KindDecl } from "@/lib/kinds/declare";

/** An entry as the native ingest takes it, or why this record cannot become one. */
export type Mapped = { entry: Record<string, unknown> } | { field: string; message: string };

const SYNONYMS: Record<string, LogLevel> = {
  warning: "warn",
  err: "error",
  critical: "fatal",
  crit: "fatal",
  alert: "fatal",
  emerg: "fatal",
  emergency: "fatal",
  panic: "fatal",
  notice: "info",
  information: "info",
  informational: "info",
  dbg: "debug",
  trc: "trace",
};
const PINO: Record<string, LogLevel> = {
  "10": "trace",
  "20": "debug",
  "30": "info",
  "40": "warn",
  "50": "error",
  "60": "fatal",
};

/** A level from text as shippers spell it (warning, ERR, CRITICAL, pino's 30, …); info when unknown. */
export function levelFromText(text: string | undefined): LogLevel {
  const t = (text ?? "").trim().toLowerCase();
  return LOG_LEVELS.find((l) => l === t) ?? SYNONYMS[t] ?? PINO[t] ?? "info";
}

/** OTLP severity: the number's band (1–4 trace … 21–24 fatal), else the text, else info. */
export function levelFromSeverity(n: number, text: string): LogLevel {
  const band = n >= 1 && n <= 24 ? LOG_LEVELS[Math.floor((n - 1) / 4)] : undefined;
  return band ?? levelFromText(text);
}

/** Nanoseconds since the epoch (text) as an ISO time; null when absent or zero. */
export function nanosToIso(ns: string): string | null {
  if (!/^\d{1,20}$/.test(ns) || /^0+$/.test(ns)) return null;
  const ms = Number(BigInt(ns) / 1_000_000n);
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

const text = (v: unknown): string | undefined =>
  v === undefined || v === null || v === "" ? undefined : typeof v === "string" ? v : JSON.stringify(v);

/** Takes the first present of `keys` out of `from` (so what is left goes to attrs). */
function take(from: Record<string, unknown>, ...keys: string[]): string | undefined {
  let found: string | undefined;
  for (const k of keys) {
    if (!(k in from)) continue;
    found ??= text(from[k]);
    delete from[k];
  }
  return found;
}

const ZERO_ID = /^0*$/;

type Places = Record<string, Record<string, unknown>>;

/** The first group of `from` that gives a value (each group's keys leave its place, so they do not go to attrs). */
function takeFrom(places: Places, from: FieldDecl["otlp"] & object): string | undefined {
  for (const [place, ...keys] of from.from) {
    const found = take(places[place] ?? {}, ...keys);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The kind's own columns from a record's places, in order: the scope from the record or else the token's
 * org, a fallback after the column it falls back to; a required column a record lacks refuses the record.
 */
function ownColumns(
  kind: KindDecl,
  protocol: "otlp" | "loki",
  places: Places,
  org: string | null,
): { entry: Record<string, unknown> } | { field: string; message: string } {
  const fields = ownFields(kind);
  const ordered = [...fields.filter((f) => !f.fallback?.field), ...fields.filter((f) => f.fallback?.field)];
  const out: Record<string, unknown> = {};
  for (const f of ordered) {
    const mapping = f[protocol];
    let v: unknown = mapping ? takeFrom(places, mapping) : undefined;
    if (v === undefined && kind.scope?.field === f.key) v = org ?? undefined;
    if (v === undefined && f.fallback)
      v = (f.fallback.field ? (out[f.fallback.field] ?? undefined) : undefined) ?? f.fallback.value;
    if (v === undefined && mapping?.missing) return mapping.missing;
    out[f.key] = v ?? null;
  }
  // In the declaration's order, so the first problem reported is the first column's.
  return { entry: Object.fromEntries(fields.map((f) => [f.key, out[f.key]])) };
}

const attrsOrNull = (...parts: Record<string, unknown>[]) => {
  const all: Record<string, unknown> = {};
  for (const p of parts) Object.assign(all, p);
  return Object.keys(all).length ? all : null;
};

/** An OTLP log record as an entry of `kind`. `org` is the token's org when it is bound to one. */
export function fromOtlp(kind: KindDecl, r: OtlpRecord, org: string | null): Mapped {
  const res = { ...r.resource };
  const attrs = { ...r.attributes };
  const own = ownColumns(kind, "otlp", { res, attrs }, org);
  if (!("entry" in own)) return own;
  const extra: Record<string, unknown> = {};
  if (r.spanId && !ZERO_ID.test(r.spanId)) extra.span_id = r.spanId;
  if (r.scope.name) extra["otel.scope.name"] = r.scope.name;
  if (r.eventName) extra["event.name"] = r.eventName;
  return {
    entry: {
      ts: nanosToIso(r.timeUnixNano) ?? nanosToIso(r.observedTimeUnixNano) ?? new Date().toISOString(),
      ...own.entry,
      level: levelFromSeverity(r.severityNumber, r.severityText),
      message:
        typeof r.body === "string" ? r.body : r.body === null || r.body === undefined ? "" : JSON.stringify(r.body),
      request_id: take(attrs, "request_id", "request.id", "http.request.id") ?? take(res, "request_id") ?? null,
      trace_id:
        (r.traceId && !ZERO_ID.test(r.traceId) ? r.traceId : undefined) ?? take(attrs, "trace_id", "trace.id") ?? null,
      attrs: attrsOrNull(res, attrs, extra),
    },
  };
}

/** A Loki stream entry as an entry of `kind`. */
export function fromLoki(kind: KindDecl, e: LokiEntry, org: string | null): Mapped {
  const labels: Record<string, unknown> = { ...e.labels };
  const meta: Record<string, unknown> = { ...e.metadata };
  const own = ownColumns(kind, "loki", { labels, meta }, org);
  if (!("entry" in own)) return own;
  const ts = nanosToIso(e.ts);
  if (!ts) return { field: "ts", message: "must be Unix time in nanoseconds" };
  return {
    entry: {
      ts,
      ...own.entry,
      level: levelFromText(
        take(labels, "level", "severity", "detected_level") ?? take(meta, "level", "severity", "detected_level"),
      ),
      message: e.line,
      request_id: take(meta, "request_id", "requestId") ?? take(labels, "request_id") ?? null,
      trace_id: take(meta, "trace_id", "traceID", "traceId") ?? take(labels, "trace_id") ?? null,
      attrs: attrsOrNull(labels, meta),
    },
  };
}
