// Span ingest: OTLP spans (decoded from the route's protobuf or JSON, or handed over in process by the
// console's own tracer) become spans as stored — ids checked, service required, times within retention,
// strings storable, secrets redacted with lib/redact as log ingest does — then sampling decides which are
// kept (./sampling). A bad span is refused alone, by name, through OTLP partial success; the rest are kept.
import "server-only";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { INGEST_MAX_LINES, MAX_LINE_ATTRIBUTE_BYTES, MAX_LINE_ATTRIBUTES } from "@/lib/kinds/ingest-limits";
import { describeLineErrors, type LineError } from "@/lib/kinds/ingest";
import { inflate } from "@/lib/ingest/body";
import { otlpEncoding, otlpResponse } from "@/lib/ingest/otlp";
import { throttle } from "@/lib/ingest";
import { redactText, redactValue, type Counts, type RedactPattern } from "@/lib/redact";
import { allStorable, storable } from "@/lib/text";
import { observeRedactions, observeSpans } from "@/lib/telemetry/metrics";
import type { Actor } from "@/lib/auth/permissions";
import { SPAN_KINDS, SPAN_STATUSES } from "@/lib/vocabulary";
import type { AttributeValue, Span } from "./contract";
import { decodeOtlpTraces, JSON_DECODE, spansOf, type OtlpSpan } from "./otlp";
import { isoMicros, traceKeeps } from "./rules";
import { sample, samplingPolicy } from "./sampling";
import { SERVICE_NAME, type OwnTraceStore } from "@/lib/telemetry/tracing-sdk";

const FUTURE_SLACK_MS = 24 * 3_600_000;
const MAX_NAME = 1000;
const MAX_TEXT = 200;
const MAX_STATUS_MESSAGE = 8 * 1024;
const MAX_EVENTS = 1000;
const MAX_LINKS = 1000;
/** A span's events and links as stored (JSON), at most. */
const MAX_EVENTS_BYTES = 256 * 1024;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const zero = (id: string) => /^0+$/.test(id);

/** A time in Unix nanoseconds (decimal text) as ms since the epoch, fractional; null when it is not one. */
function nanosToMs(v: string): number | null {
  if (!/^\d{1,20}$/.test(v)) return null;
  const ns = BigInt(v);
  if (ns === 0n) return null;
  return Number(ns / 1000n) / 1000;
}

const enumIndex = (v: unknown, names: readonly string[], prefix: string): number | null => {
  if (typeof v === "number" && Number.isInteger(v)) return v >= 0 && v < names.length ? v : null;
  if (v === undefined || v === null) return 0;
  if (typeof v === "string") {
    const i = names.findIndex((n) => `${prefix}${n.toUpperCase()}` === v);
    return i >= 0 ? i : null;
  }
  return null;
};
/** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
const STATUS_NAMES = SPAN_STATUSES;

/** An attribute value as the contract stores it: a nested key-value list becomes its JSON text. */
function plain(v: unknown): AttributeValue {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(plain);
  return JSON.stringify(v);
}
const plainAll = (attrs: Record<string, unknown>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, plain(v)]));

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const first = (attrs: Record<string, unknown>, ...keys: string[]) => {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number") return String(v);
  }
  return null;
};

/** One OTLP span as a stored span, or the problems that refuse it. */
export function toSpan(o: OtlpSpan, now: number, retentionDays: number): Span | Omit<LineError, "line">[] {
  const problems: Omit<LineError, "line">[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  if (!TRACE_ID.test(o.traceId)) bad("traceId", "must be 16 bytes (32 hex digits)");
  else if (zero(o.traceId)) bad("traceId", "must not be all zeros");
  if (!SPAN_ID.test(o.spanId)) bad("spanId", "must be 8 bytes (16 hex digits)");
  else if (zero(o.spanId)) bad("spanId", "must not be all zeros");
  const parent = o.parentSpanId === "" || zero(o.parentSpanId) ? null : o.parentSpanId;
  if (parent !== null && !SPAN_ID.test(parent)) bad("parentSpanId", "must be 8 bytes (16 hex digits) or empty");
  const name = typeof o.name === "string" ? o.name : "";
  if (!name) bad("name", "is required");
  else if (name.length > MAX_NAME) bad("name", `must be at most ${MAX_NAME} characters`);
  const kind = enumIndex(o.kind, SPAN_KINDS, "SPAN_KIND_");
  if (kind === null) bad("kind", "must be a SpanKind (0 to 5)");
  const status = enumIndex(o.status.code, STATUS_NAMES, "STATUS_CODE_");
  if (status === null) bad("status.code", "must be a StatusCode (0 unset, 1 ok, 2 error)");
  const service = text(o.resource["service.name"]);
  if (!service) bad("resource.service.name", "is required (the service)");
  else if (service.length > MAX_TEXT) bad("resource.service.name", `must be at most ${MAX_TEXT} characters`);
  const start = nanosToMs(o.startTimeUnixNano);
  const end = nanosToMs(o.endTimeUnixNano);
  if (start === null) bad("startTimeUnixNano", "is required (Unix nanoseconds)");
  if (end === null) bad("endTimeUnixNano", "is required (Unix nanoseconds)");
  if (start !== null && end !== null) {
    if (end < start) bad("endTimeUnixNano", "must not be before startTimeUnixNano");
    else if (end - start > 86_400_000) bad("endTimeUnixNano", "makes the span longer than a day");
    if (start < now - retentionDays * 86_400_000)
      bad("startTimeUnixNano", `is older than the ${retentionDays}-day retention`);
    if (start > now + FUTURE_SLACK_MS) bad("startTimeUnixNano", "is more than 24 hours in the future");
  }
  if (Object.keys(o.attributes).length > MAX_LINE_ATTRIBUTES)
    bad("attributes", `holds more than ${MAX_LINE_ATTRIBUTES} attributes`);
  else if (Buffer.byteLength(JSON.stringify(o.attributes)) > MAX_LINE_ATTRIBUTE_BYTES)
    bad("attributes", `are larger than ${MAX_LINE_ATTRIBUTE_BYTES / 1024} KB`);
  if (o.events.length > MAX_EVENTS) bad("events", `holds more than ${MAX_EVENTS} events`);
  if (o.links.length > MAX_LINKS) bad("links", `holds more than ${MAX_LINKS} links`);
  o.links.forEach((l, i) => {
    if (!TRACE_ID.test(l.traceId) || zero(l.traceId)) bad(`links.${i}.traceId`, "must be 16 bytes, not all zeros");
    if (!SPAN_ID.test(l.spanId) || zero(l.spanId)) bad(`links.${i}.spanId`, "must be 8 bytes, not all zeros");
  });
  const events = o.events.map((e, i) => {
    const at = nanosToMs(e.timeUnixNano);
    if (at === null) bad(`events.${i}.timeUnixNano`, "is required (Unix nanoseconds)");
    return {
      name: typeof e.name === "string" ? e.name : "",
      ts: isoMicros(at ?? 0),
      attributes: plainAll(e.attributes),
    };
  });
  const links = o.links.map((l) => ({ trace_id: l.traceId, span_id: l.spanId, attributes: plainAll(l.attributes) }));
  if ((events.length || links.length) && Buffer.byteLength(JSON.stringify([events, links])) > MAX_EVENTS_BYTES)
    bad("events", `events and links are larger than ${MAX_EVENTS_BYTES / 1024} KB`);
  const message = text(o.status.message);
  if (message && message.length > MAX_STATUS_MESSAGE)
    bad("status.message", `must be at most ${MAX_STATUS_MESSAGE} characters`);
  const attrs = o.attributes;
  const clip = (v: string | null) => (v && v.length <= MAX_TEXT ? v : v ? v.slice(0, MAX_TEXT) : null);
  if (problems.length || start === null || end === null || !service || kind === null || status === null)
    return problems;
  return {
    trace_id: o.traceId,
    span_id: o.spanId,
    parent_span_id: parent,
    name,
    kind: SPAN_KINDS[kind] ?? "unspecified",
    service,
    component: clip(text(o.resource.component) ?? service),
    region: clip(text(o.resource["cloud.region"])),
    node_id: clip(text(o.resource["service.instance.id"]) ?? text(o.resource["host.name"])),
    start: isoMicros(start),
    duration_ms: Math.round((end - start) * 1000) / 1000,
    status: STATUS_NAMES[status] ?? "unset",
    status_message: message,
    attributes: plainAll(attrs),
    events,
    links,
    request_id: clip(
      first(attrs, "request_id", "http.request_id", "ops.request_id") ?? first(o.resource, "request_id"),
    ),
    org_id: clip(first(attrs, "org_id") ?? first(o.resource, "org_id")),
  };
}

/** A valid span made storable (NUL and lone surrogates shown as U+FFFD) with its secrets redacted. */
function cleaned(span: Span, counts: Counts, extra: readonly RedactPattern[]): Span {
  const s = allStorable(span) ? span : storable(span);
  return {
    ...s,
    name: redactText(s.name, counts, extra),
    status_message: s.status_message === null ? null : redactText(s.status_message, counts, extra),
    attributes: redactValue(s.attributes, counts, extra) as Span["attributes"],
    events: s.events.map((e) => ({ ...e, attributes: redactValue(e.attributes, counts, extra) as Span["attributes"] })),
    links: s.links.map((l) => ({ ...l, attributes: redactValue(l.attributes, counts, extra) as Span["attributes"] })),
  };
}

export interface TracesResult {
  accepted: number;
  rejected: number;
  rejectedReason?: string;
}

/** Validates, redacts and samples decoded spans; what was accepted (kept or waiting) and refused. */
async function land(decoded: OtlpSpan[], protocol: string, now = Date.now()): Promise<TracesResult> {
  if (decoded.length > INGEST_MAX_LINES)
    throw new ApiError(
      "payload_too_large",
      `A batch holds at most ${INGEST_MAX_LINES} spans; this one has ${decoded.length}. Split it.`,
    );
  const { TRACE_RETENTION_DAYS: retentionDays, LOG_REDACT_PATTERNS: extra } = env();
  const counts: Counts = new Map();
  const spans: Span[] = [];
  const errors: LineError[] = [];
  decoded.forEach((o, i) => {
    const r = toSpan(o, now, retentionDays);
    if (Array.isArray(r)) errors.push(...r.map((p) => ({ line: i + 1, ...p })));
    else spans.push(cleaned(r, counts, extra));
  });
  const { stored, pending } = await sample(spans, now);
  observeSpans(protocol, "stored", stored);
  observeSpans(protocol, "pending", pending);
  const rejected = decoded.length - spans.length;
  observeSpans(protocol, "rejected", rejected);
  observeRedactions("traces", new Map([[null, counts]]));
  return {
    accepted: spans.length,
    rejected,
    ...(rejected
      ? {
          rejectedReason: `${rejected} of ${decoded.length} spans were refused: ${describeLineErrors(errors).replace(/\bline (\d+)/g, "span $1")}`,
        }
      : {}),
  };
}

/**
 * In process (the console's own spans): an ExportTraceServiceRequest in OTLP's JSON encoding as
 * @opentelemetry/otlp-transformer makes it (hex ids; Unix nanoseconds as strings or numbers). The same
 * validation, redaction, storage and sampling as the route; no credentials, body scan or throttle.
 * `sender` names the caller in what is logged.
 */
export async function ingestOtlpTraces(
  request: { resourceSpans?: unknown[] },
  sender: string,
): Promise<{ accepted: number; rejected: number; rejectedReason?: string }> {
  const result = await land(spansOf(request, JSON_DECODE), "in_process");
  if (result.rejectedReason) console.warn(`Spans from ${sender.slice(0, 100)}: ${result.rejectedReason}`);
  return result;
}

/**
 * The console's own trace store, as its tracing SDK exports to it (lib/telemetry/tracing-sdk): this ingest,
 * with the console as the sender, and the sampling rule the ingest applies — so a trace the console started and
 * ended itself is decided where it was made, as the store would decide it.
 */
export const ownTraceStore = (): OwnTraceStore => ({
  sink: (request) => ingestOtlpTraces(request, SERVICE_NAME),
  keeps: (traceId, spans) => traceKeeps(samplingPolicy(), traceId, spans) !== null,
});

/** POST /api/v1/platform/otlp/v1/traces: 200 with an ExportTraceServiceResponse; refused spans as partialSuccess. */
export async function ingestOtlpTracesRequest(actor: Actor, req: Request, raw: Uint8Array): Promise<Response> {
  const encoding = otlpEncoding(req.headers.get("content-type"));
  await throttle(actor);
  const decoded = decodeOtlpTraces(inflate(raw, req.headers.get("content-encoding")), encoding);
  const result = await land(decoded, encoding === "json" ? "otlp_json" : "otlp_protobuf");
  return otlpResponse(encoding, result.rejected, result.rejectedReason ?? "", "traces");
}
