// How OTLP records and Loki entries become the console's log entries: which resource attributes and
// labels name the org, app, env, process type, instance, host, release, level, request and trace;
// everything else is kept in attrs. One table per protocol and kind of log (tenant, platform), documented
// in the README. Pure: the ingest validates what comes out like any other batch.
import type { OtlpRecord } from "./otlp";
import type { LokiEntry } from "./loki";
import { LOG_LEVELS, type LogLevel } from "@/lib/vocabulary";

/** An entry as the native ingest takes it, or why this record cannot become one. */
export type Mapped = { entry: Record<string, unknown> } | { field: string; message: string };

const SYNONYMS: Record<string, LogLevel> = { warning: "warn", err: "error", critical: "fatal", crit: "fatal", alert: "fatal", emerg: "fatal", emergency: "fatal", panic: "fatal", notice: "info", information: "info", informational: "info", dbg: "debug", trc: "trace" };
const PINO: Record<string, LogLevel> = { "10": "trace", "20": "debug", "30": "info", "40": "warn", "50": "error", "60": "fatal" };

/** A level from text as shippers spell it (warning, ERR, CRITICAL, pino's 30, …); info when unknown. */
export function levelFromText(text: string | undefined): LogLevel {
  const t = (text ?? "").trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(t)) return t as LogLevel;
  return SYNONYMS[t] ?? PINO[t] ?? "info";
}

/** OTLP severity: the number's band (1–4 trace … 21–24 fatal), else the text, else info. */
export function levelFromSeverity(n: number, text: string): LogLevel {
  if (n >= 1 && n <= 24) return LOG_LEVELS[Math.floor((n - 1) / 4)]!;
  return levelFromText(text);
}

/** Nanoseconds since the epoch (text) as an ISO time; null when absent or zero. */
export function nanosToIso(ns: string): string | null {
  if (!/^\d{1,20}$/.test(ns) || /^0+$/.test(ns)) return null;
  const ms = Number(BigInt(ns) / 1_000_000n);
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : typeof v === "string" ? v : JSON.stringify(v));

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

/** The parts of an OTLP record every mapping reads the same way. */
function otlpCommon(r: OtlpRecord, res: Record<string, unknown>, attrs: Record<string, unknown>) {
  const ts = nanosToIso(r.timeUnixNano) ?? nanosToIso(r.observedTimeUnixNano) ?? new Date().toISOString();
  const message = typeof r.body === "string" ? r.body : r.body === null || r.body === undefined ? "" : JSON.stringify(r.body);
  const trace = r.traceId && !ZERO_ID.test(r.traceId) ? r.traceId : undefined;
  const extra: Record<string, unknown> = {};
  if (r.spanId && !ZERO_ID.test(r.spanId)) extra.span_id = r.spanId;
  if (r.scope.name) extra["otel.scope.name"] = r.scope.name;
  if (r.eventName) extra["event.name"] = r.eventName;
  const host = take(res, "host.name", "host.id");
  return {
    ts,
    host,
    extra,
    fields: lineFields({
      level: levelFromSeverity(r.severityNumber, r.severityText),
      message,
      request_id: take(attrs, "request_id", "request.id", "http.request.id") ?? take(res, "request_id"),
      trace_id: trace ?? take(attrs, "trace_id", "trace.id"),
      release_id: take(res, "service.version") ?? take(attrs, "release_id"),
      host_id: host,
    }),
  };
}

const attrsOrNull = (...parts: Record<string, unknown>[]) => {
  const all = Object.assign({}, ...parts) as Record<string, unknown>;
  return Object.keys(all).length ? all : null;
};

/** A tenant's workload log from OTLP. `org` is the token's org when it is bound to one. */
export function tenantFromOtlp(r: OtlpRecord, org: string | null): Mapped {
  const res = { ...r.resource };
  const attrs = { ...r.attributes };
  const named = take(res, "org_id") ?? take(attrs, "org_id");
  const app = take(res, "service.name");
  const env = take(res, "deployment.environment.name", "deployment.environment");
  if (!org && !named) return { field: "resource.org_id", message: "names no org: a platform token must set the org_id resource attribute" };
  if (!app) return { field: "resource.service.name", message: "is required (the app)" };
  if (!env) return { field: "resource.deployment.environment.name", message: "is required (the environment)" };
  const c = otlpCommon(r, res, attrs);
  return {
    entry: {
      ts: c.ts,
      org_id: named ?? org,
      app_id: app,
      env_id: env,
      process_type: take(res, "process_type", "process.type") ?? "default",
      instance_id: take(res, "service.instance.id") ?? c.host ?? "default",
      ...c.fields,
      attrs: attrsOrNull(res, attrs, c.extra),
    },
  };
}

/** Where a platform line comes from, and the fields every line has. */
function platformBase(ts: string, component: string, region: string, node: string | undefined, fields: ReturnType<typeof lineFields>) {
  return { ts, component, region, node_id: node ?? "default", ...fields };
}

/** A platform component's log from OTLP. */
export function platformFromOtlp(r: OtlpRecord): Mapped {
  const res = { ...r.resource };
  const attrs = { ...r.attributes };
  const component = take(res, "service.name");
  const region = take(res, "cloud.region", "region");
  if (!component) return { field: "resource.service.name", message: "is required (the component)" };
  if (!region) return { field: "resource.cloud.region", message: "is required (the region)" };
  const node = take(res, "service.instance.id", "node_id");
  const c = otlpCommon(r, res, attrs);
  return {
    entry: {
      ...platformBase(c.ts, component, region, node ?? c.host, c.fields),
      error_class: take(attrs, "error_class", "exception.type") ?? null,
      org_id: take(attrs, "org_id") ?? take(res, "org_id") ?? null,
      app_id: take(attrs, "app_id") ?? null,
      env_id: take(attrs, "env_id") ?? null,
      instance_id: take(attrs, "instance_id") ?? null,
      route_id: take(attrs, "route_id") ?? null,
      attrs: attrsOrNull(res, attrs, c.extra),
    },
  };
}

/** What every kind of line takes from a Loki entry the same way, as entry fields. */
function lokiCommon(e: LokiEntry, labels: Record<string, unknown>, meta: Record<string, unknown>) {
  const host = take(labels, "host", "hostname") ?? take(meta, "host", "hostname");
  return {
    ts: nanosToIso(e.ts),
    host,
    fields: lineFields({
      level: levelFromText(take(labels, "level", "severity", "detected_level") ?? take(meta, "level", "severity", "detected_level")),
      message: e.line,
      request_id: take(meta, "request_id", "requestId") ?? take(labels, "request_id"),
      trace_id: take(meta, "trace_id", "traceID", "traceId") ?? take(labels, "trace_id"),
      release_id: take(labels, "release", "version") ?? take(meta, "release", "version"),
      host_id: host,
    }),
  };
}

/** The fields tenant and platform lines share, absent ones as null. */
function lineFields(f: { level: LogLevel; message: string; request_id?: string; trace_id?: string; release_id?: string; host_id?: string }) {
  return { level: f.level, message: f.message, request_id: f.request_id ?? null, trace_id: f.trace_id ?? null, release_id: f.release_id ?? null, host_id: f.host_id ?? null };
}

/** A tenant's workload log from a Loki stream entry. */
export function tenantFromLoki(e: LokiEntry, org: string | null): Mapped {
  const labels: Record<string, unknown> = { ...e.labels };
  const meta: Record<string, unknown> = { ...e.metadata };
  const named = take(labels, "org_id", "org");
  const app = take(labels, "app", "service_name", "application");
  const env = take(labels, "env", "environment");
  if (!org && !named) return { field: "stream.org_id", message: "names no org: a platform token must set the org_id label" };
  if (!app) return { field: "stream.app", message: "is required (or service_name)" };
  if (!env) return { field: "stream.env", message: "is required (or environment)" };
  const process = take(labels, "process_type", "job");
  const instance = take(labels, "instance");
  const c = lokiCommon(e, labels, meta);
  if (!c.ts) return { field: "ts", message: "must be Unix time in nanoseconds" };
  return {
    entry: { ts: c.ts, org_id: named ?? org, app_id: app, env_id: env, process_type: process ?? "default", instance_id: instance ?? c.host ?? "default", ...c.fields, attrs: attrsOrNull(labels, meta) },
  };
}

/** A platform component's log from a Loki stream entry. */
export function platformFromLoki(e: LokiEntry): Mapped {
  const labels: Record<string, unknown> = { ...e.labels };
  const meta: Record<string, unknown> = { ...e.metadata };
  const component = take(labels, "component", "app", "service_name", "job");
  const region = take(labels, "region");
  if (!component) return { field: "stream.component", message: "is required (or app, service_name, job)" };
  if (!region) return { field: "stream.region", message: "is required" };
  const node = take(labels, "node", "node_id", "instance");
  const c = lokiCommon(e, labels, meta);
  if (!c.ts) return { field: "ts", message: "must be Unix time in nanoseconds" };
  return {
    entry: {
      ...platformBase(c.ts, component, region, node ?? c.host, c.fields),
      error_class: take(meta, "error_class") ?? take(labels, "error_class") ?? null,
      org_id: take(meta, "org_id") ?? take(labels, "org_id") ?? null,
      attrs: attrsOrNull(labels, meta),
    },
  };
}
