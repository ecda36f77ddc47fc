// OTLP/HTTP traces (opentelemetry-proto collector/trace/v1): an ExportTraceServiceRequest in protobuf or in
// OTLP's JSON mapping, scanned against its limits before it is decoded (lib/http/scan), read into plain
// span records. The value decoding and the response are the log ingest's (lib/ingest/otlp), the wire
// definitions its protos (lib/ingest/protos).
import "server-only";
import { ApiError, errorMessage } from "@/lib/http/errors";
import { parseJson } from "@/lib/http/body";
import { scanJson, scanProtobuf, type WireSchema } from "@/lib/http/scan";
import { arr, isObj, keyValues, member, str, type OtlpEncoding } from "@/lib/ingest/otlp";
import { protoType } from "@/lib/ingest/protos";
import { OTLP_TRACES_SHAPE } from "@/lib/ingest/limits";

/** The nested messages of an ExportTraceServiceRequest, named as OTLP's JSON names them (for the scan). */
const TRACES_WIRE: WireSchema = {
  Request: { 1: { type: "ResourceSpans", name: "resourceSpans" } },
  ResourceSpans: { 1: { type: "Resource" }, 2: { type: "ScopeSpans", name: "scopeSpans" } },
  Resource: { 1: { type: "KeyValue", name: "attributes" } },
  ScopeSpans: { 1: { type: "Scope" }, 2: { type: "Span", name: "spans" } },
  Scope: { 3: { type: "KeyValue", name: "attributes" } },
  Span: {
    9: { type: "KeyValue", name: "attributes" },
    11: { type: "Event", name: "events" },
    13: { type: "Link", name: "links" },
    15: { type: "Status" },
  },
  Event: { 3: { type: "KeyValue", name: "attributes" } },
  Link: { 4: { type: "KeyValue", name: "attributes" } },
  Status: {},
  KeyValue: { 2: { type: "AnyValue" } },
  AnyValue: { 5: { type: "ArrayValue" }, 6: { type: "KeyValueList" } },
  ArrayValue: { 1: { type: "AnyValue", name: "values" } },
  KeyValueList: { 1: { type: "KeyValue", name: "values" } },
};

/** One span as sent, with its resource's attributes; ids are lowercase hex ("" when absent). */
export interface OtlpSpan {
  resource: Record<string, unknown>;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: unknown;
  kind: unknown;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: { timeUnixNano: string; name: unknown; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  status: { code: unknown; message: unknown };
}

type Decode = { bytes: (b: unknown) => string; id: (b: unknown) => string };

/** Walks resourceSpans → scopeSpans → spans of a decoded request (camelCase either way). */
export function spansOf(req: unknown, d: Decode): OtlpSpan[] {
  if (!isObj(req))
    throw new ApiError("bad_request", "The body is not an ExportTraceServiceRequest.", {
      details: { fields: [{ field: "body", message: "must be an object with resourceSpans" }] },
    });
  const out: OtlpSpan[] = [];
  for (const rs of arr(req.resourceSpans)) {
    if (!isObj(rs)) continue;
    const resource = keyValues(member(rs.resource, "attributes"), d.bytes);
    for (const ss of arr(rs.scopeSpans))
      for (const s of arr(member(ss, "spans"))) {
        if (!isObj(s)) continue;
        out.push({
          resource,
          traceId: d.id(s.traceId),
          spanId: d.id(s.spanId),
          parentSpanId: d.id(s.parentSpanId),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: str(s.startTimeUnixNano),
          endTimeUnixNano: str(s.endTimeUnixNano),
          attributes: keyValues(s.attributes, d.bytes),
          events: arr(s.events).map((e) => ({
            timeUnixNano: str(member(e, "timeUnixNano")),
            name: member(e, "name"),
            attributes: keyValues(member(e, "attributes"), d.bytes),
          })),
          links: arr(s.links).map((l) => ({
            traceId: d.id(member(l, "traceId")),
            spanId: d.id(member(l, "spanId")),
            attributes: keyValues(member(l, "attributes"), d.bytes),
          })),
          status: { code: member(s.status, "code"), message: member(s.status, "message") },
        });
      }
  }
  return out;
}

/** OTLP's JSON mapping: ids hex (an id that is not hex stays as sent, to be refused by name), bytes base64. */
export const JSON_DECODE: Decode = {
  bytes: (v) => str(v),
  id: (v) => (typeof v === "string" ? (/^[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : v) : ""),
};

/** Decodes an export request (already inflated). 400 when the bytes are not one. */
export function decodeOtlpTraces(body: Uint8Array, encoding: OtlpEncoding): OtlpSpan[] {
  if (encoding === "json") {
    const text = new TextDecoder().decode(body);
    scanJson(text, OTLP_TRACES_SHAPE);
    return spansOf(parseJson(text, "body"), JSON_DECODE);
  }
  scanProtobuf(body, "Request", TRACES_WIRE, OTLP_TRACES_SHAPE, "a protobuf ExportTraceServiceRequest");
  const type = protoType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
  let message;
  try {
    message = type.decode(body);
  } catch (e) {
    throw new ApiError("bad_request", `The body is not a protobuf ExportTraceServiceRequest: ${errorMessage(e)}.`, {
      details: { fields: [{ field: "body", message: "is not a protobuf ExportTraceServiceRequest" }] },
    });
  }
  const obj = type.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false, oneofs: false });
  const fromB64 = (v: unknown) => (typeof v === "string" ? Buffer.from(v, "base64") : Buffer.alloc(0));
  return spansOf(obj, {
    bytes: (v) => fromB64(v).toString("base64"),
    id: (v) => fromB64(v).toString("hex"),
  });
}
