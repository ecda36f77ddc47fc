// OTLP/HTTP logs (opentelemetry-proto collector/logs/v1): an ExportLogsServiceRequest in protobuf or
// in OTLP's JSON mapping, read into plain records; and the ExportLogsServiceResponse in the request's
// encoding. Protobuf goes through protobufjs and the published definitions (./protos).
import { ApiError, errorMessage } from "@/lib/http/errors";
import { parseJson } from "@/lib/http/body";
import { protoType } from "./protos";
import { scanJson, scanProtobuf, type WireSchema } from "@/lib/http/scan";
import { OTLP_SHAPE } from "./limits";
import { mediaType } from "./body";

/** The nested messages of an ExportLogsServiceRequest, named as OTLP's JSON names them (for ./scan). */
const OTLP_WIRE: WireSchema = {
  Request: { 1: { type: "ResourceLogs", name: "resourceLogs" } },
  ResourceLogs: { 1: { type: "Resource" }, 2: { type: "ScopeLogs", name: "scopeLogs" } },
  Resource: { 1: { type: "KeyValue", name: "attributes" } },
  ScopeLogs: { 1: { type: "Scope" }, 2: { type: "LogRecord", name: "logRecords" } },
  Scope: { 3: { type: "KeyValue", name: "attributes" } },
  LogRecord: { 5: { type: "AnyValue" }, 6: { type: "KeyValue", name: "attributes" } },
  KeyValue: { 2: { type: "AnyValue" } },
  AnyValue: { 5: { type: "ArrayValue" }, 6: { type: "KeyValueList" } },
  ArrayValue: { 1: { type: "AnyValue", name: "values" } },
  KeyValueList: { 1: { type: "KeyValue", name: "values" } },
};

/** One log record with what its resource and scope say about it. */
export interface OtlpRecord {
  resource: Record<string, unknown>;
  scope: { name?: string; version?: string };
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  traceId: string;
  spanId: string;
  eventName: string;
}

export type OtlpEncoding = "protobuf" | "json";

/** Which encoding a Content-Type asks for (415 for anything else). */
export function otlpEncoding(contentType: string | null): OtlpEncoding {
  const ct = mediaType(contentType);
  if (ct === "application/x-protobuf" || ct === "application/protobuf") return "protobuf";
  if (ct === "application/json") return "json";
  throw new ApiError(
    "unsupported_media_type",
    "OTLP/HTTP takes Content-Type application/x-protobuf or application/json.",
  );
}

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A field of a decoded message, if it is one. */
export const member = (v: unknown, key: string): unknown => (isObj(v) ? v[key] : undefined);
export const str = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : "";

/** An AnyValue as a plain value: strings, numbers, booleans, arrays and objects. */
function anyValue(v: unknown, bytes: (b: unknown) => string): unknown {
  if (!isObj(v)) return null;
  if ("stringValue" in v) return str(v.stringValue);
  if ("boolValue" in v) return Boolean(v.boolValue);
  if ("intValue" in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : str(v.intValue);
  }
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("arrayValue" in v) return arr(member(v.arrayValue, "values")).map((x) => anyValue(x, bytes));
  if ("kvlistValue" in v) return keyValues(member(v.kvlistValue, "values"), bytes);
  if ("bytesValue" in v) return bytes(v.bytesValue);
  return null;
}

export function keyValues(list: unknown, bytes: (b: unknown) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of arr(list)) if (isObj(kv) && typeof kv.key === "string") out[kv.key] = anyValue(kv.value, bytes);
  return out;
}

/** Walks resourceLogs → scopeLogs → logRecords of a decoded request (camelCase either way). */
function records(req: unknown, bytes: (b: unknown) => string, id: (b: unknown) => string): OtlpRecord[] {
  if (!isObj(req))
    throw new ApiError("bad_request", "The body is not an ExportLogsServiceRequest.", {
      details: { fields: [{ field: "body", message: "must be an object with resourceLogs" }] },
    });
  const out: OtlpRecord[] = [];
  for (const rl of arr(req.resourceLogs)) {
    if (!isObj(rl)) continue;
    const resource = keyValues(member(rl.resource, "attributes"), bytes);
    for (const sl of arr(rl.scopeLogs)) {
      if (!isObj(sl)) continue;
      const scope = isObj(sl.scope)
        ? { name: str(sl.scope.name) || undefined, version: str(sl.scope.version) || undefined }
        : {};
      for (const r of arr(sl.logRecords)) {
        if (!isObj(r)) continue;
        out.push({
          resource,
          scope,
          timeUnixNano: str(r.timeUnixNano),
          observedTimeUnixNano: str(r.observedTimeUnixNano),
          severityNumber: Number(r.severityNumber ?? 0) || 0,
          severityText: str(r.severityText),
          body: r.body === undefined ? "" : anyValue(r.body, bytes),
          attributes: keyValues(r.attributes, bytes),
          traceId: id(r.traceId),
          spanId: id(r.spanId),
          eventName: str(r.eventName),
        });
      }
    }
  }
  return out;
}

const SEVERITY_NAMES: Record<string, number> = Object.fromEntries(
  ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].flatMap((name, i) =>
    ["", "2", "3", "4"].map((n, j) => [`SEVERITY_NUMBER_${name}${n}`, i * 4 + j + 1]),
  ),
);

/** Decodes an export request (already inflated). 400 when the bytes are not one. */
export function decodeOtlp(body: Uint8Array, encoding: OtlpEncoding): OtlpRecord[] {
  if (encoding === "json") {
    const text = new TextDecoder().decode(body);
    scanJson(text, OTLP_SHAPE);
    const parsed = parseJson(text, "body");
    // OTLP's JSON mapping: ids are hex, bytes base64, enums numbers (or their names), 64-bit ints strings.
    const hex = (v: unknown) => (typeof v === "string" && /^[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : "");
    const b64 = (v: unknown) => str(v);
    if (isObj(parsed))
      for (const rl of arr(parsed.resourceLogs))
        for (const sl of arr(member(rl, "scopeLogs")))
          for (const r of arr(member(sl, "logRecords"))) {
            if (isObj(r) && typeof r.severityNumber === "string")
              r.severityNumber = SEVERITY_NAMES[r.severityNumber] ?? 0;
          }
    return records(parsed, b64, hex);
  }
  scanProtobuf(body, "Request", OTLP_WIRE, OTLP_SHAPE, "a protobuf ExportLogsServiceRequest");
  let message;
  try {
    message = protoType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest").decode(body);
  } catch (e) {
    throw new ApiError("bad_request", `The body is not a protobuf ExportLogsServiceRequest: ${errorMessage(e)}.`, {
      details: { fields: [{ field: "body", message: "is not a protobuf ExportLogsServiceRequest" }] },
    });
  }
  const obj = protoType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest").toObject(message, {
    longs: String,
    enums: Number,
    bytes: String,
    defaults: false,
    oneofs: false,
  });
  const fromB64 = (v: unknown) => (typeof v === "string" ? Buffer.from(v, "base64") : Buffer.alloc(0));
  return records(
    obj,
    (v) => fromB64(v).toString("base64"),
    (v) => fromB64(v).toString("hex"),
  );
}

/** What each OTLP signal's response names: its message and the field counting what was refused. */
const RESPONSES = {
  logs: { type: "opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse", field: "rejectedLogRecords" },
  traces: { type: "opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse", field: "rejectedSpans" },
} as const;

/** The Export{Logs,Trace}ServiceResponse, with partialSuccess when records or spans were refused. */
export function otlpResponse(
  encoding: OtlpEncoding,
  rejected: number,
  message: string,
  signal: keyof typeof RESPONSES = "logs",
): Response {
  const { type: name, field } = RESPONSES[signal];
  const partial = rejected > 0 ? { [field]: rejected, errorMessage: message } : undefined;
  if (encoding === "json") {
    return Response.json(partial ? { partialSuccess: { [field]: String(rejected), errorMessage: message } } : {}, {
      headers: { "cache-control": "no-store" },
    });
  }
  const type = protoType(name);
  const bytes = type.encode(type.fromObject(partial ? { partialSuccess: partial } : {})).finish();
  return new Response(Buffer.from(bytes), {
    headers: { "content-type": "application/x-protobuf", "cache-control": "no-store" },
  });
}
