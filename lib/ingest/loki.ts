// Loki's push API (POST /loki/api/v1/push): JSON {"streams":[{"stream":{labels},"values":[["<unix ns>",
// "line", {structured metadata}?]]}]} or a snappy-compressed protobuf PushRequest (./protos), read into
// plain entries.
import { ApiError, errorMessage } from "@/lib/http/errors";
import { parseJson } from "@/lib/http/body";
import { protoType } from "./protos";
import { mediaType, unsnappy } from "./body";
import { scanJson, scanProtobuf, type WireSchema } from "@/lib/http/scan";
import { LOKI_SHAPE } from "./limits";
import { MAX_STREAM_LABELS } from "@/lib/kinds/ingest-limits";

/** The nested messages of a PushRequest (for ./scan). */
const LOKI_WIRE: WireSchema = {
  Request: { 1: { type: "Stream", name: "streams" } },
  Stream: { 2: { type: "Entry", name: "entries" } },
  Entry: { 1: { type: "Timestamp" }, 3: { type: "Pair", name: "structuredMetadata" } },
};

export interface LokiEntry {
  labels: Record<string, string>;
  /** Unix time in nanoseconds, as text. */
  ts: string;
  line: string;
  metadata: Record<string, string>;
}

const bad = (message: string, field = "body") =>
  new ApiError("bad_request", `${field}: ${message}`, { details: { fields: [{ field, message }] } });

/**
 * A Prometheus-style label set as Loki's protobuf carries it: `{app="web", env="prod"}` with Go string
 * escapes in values. Throws naming the stream when it cannot be read.
 */
export function parseLabels(text: string, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  const s = text.trim();
  if (!s.startsWith("{") || !s.endsWith("}")) throw bad('is not a label set like {app="web"}', field);
  let i = 1;
  const end = s.length - 1;
  const skip = () => {
    while (i < end && /[\s,]/.test(s.charAt(i))) i++;
  };
  skip();
  while (i < end) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i))?.[0];
    if (!name) throw bad(`has an invalid label name at ${i}`, field);
    i += name.length;
    while (s[i] === " ") i++;
    if (s[i] !== "=" || s[i + 1] !== '"') throw bad(`expects ="…" after ${name}`, field);
    i += 2;
    let value = "";
    for (;;) {
      if (i >= end) throw bad(`has an unterminated value for ${name}`, field);
      const c = s.charAt(i++);
      if (c === '"') break;
      if (c === "\\") {
        const n = s[i++];
        value += n === "n" ? "\n" : n === "t" ? "\t" : (n ?? "");
      } else value += c;
    }
    out[name] = value;
    if (Object.keys(out).length > MAX_STREAM_LABELS) throw bad(`holds more than ${MAX_STREAM_LABELS} labels`, field);
    skip();
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** The objects of a decoded repeated message field (none when it is absent). */
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Names in `o` other than `known`, as 400s naming each (with where it is). */
function strict(o: Obj, known: readonly string[], where: string) {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  const fields = extra.slice(0, 20).map((k) => ({
    field: `${where ? `${where}.` : ""}${k}`,
    message: `is not a known field of Loki's push format (${known.join(", ")})`,
  }));
  const [first] = fields;
  if (first) throw new ApiError("validation_failed", `${first.field}: ${first.message}`, { details: { fields } });
}

/** A map of strings (labels, structured metadata): anything else is a 400 naming it. */
function strings(o: unknown, where: string): Record<string, string> {
  if (!isObj(o)) throw bad("must be an object of strings", where);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== "string") throw bad("must be a string", `${where}.${k}`);
    out[k] = v;
  }
  return out;
}

/** Loki's JSON push, as strict as the console's other bodies: every unknown field and wrong type named. */
function fromJson(parsed: unknown): LokiEntry[] {
  if (!isObj(parsed) || !Array.isArray(parsed.streams)) throw bad("must be an object with a streams array");
  strict(parsed, ["streams"], "");
  const out: LokiEntry[] = [];
  parsed.streams.forEach((st, si) => {
    const at = `streams[${si}]`;
    if (!isObj(st) || !Array.isArray(st.values)) throw bad("must have a stream (labels) and values", at);
    strict(st, ["stream", "values"], at);
    const labels = strings(st.stream ?? {}, `${at}.stream`);
    st.values.forEach((v, vi) => {
      const field = `${at}.values[${vi}]`;
      if (!Array.isArray(v) || v.length < 2 || v.length > 3 || typeof v[0] !== "string" || typeof v[1] !== "string")
        throw bad('must be ["<unix ns>", "line", {metadata}?]', field);
      out.push({ labels, ts: v[0], line: v[1], metadata: v[2] === undefined ? {} : strings(v[2], `${field}[2]`) });
    });
  });
  return out;
}

function fromProtobuf(body: Uint8Array): LokiEntry[] {
  scanProtobuf(body, "Request", LOKI_WIRE, LOKI_SHAPE, "a protobuf PushRequest");
  const type = protoType("logproto.PushRequest");
  let obj: Obj;
  try {
    obj = type.toObject(type.decode(body), { longs: String, defaults: false });
  } catch (e) {
    throw bad(`is not a protobuf PushRequest (${errorMessage(e)})`);
  }
  const out: LokiEntry[] = [];
  // protobufjs's plain objects: longs as strings, absent fields left out.
  objects(obj.streams).forEach((st, si) => {
    const labels = parseLabels(String(st.labels ?? ""), `streams[${si}].labels`);
    for (const e of objects(st.entries)) {
      const t = isObj(e.timestamp) ? e.timestamp : {};
      const ns =
        BigInt(typeof t.seconds === "string" ? t.seconds : "0") * 1_000_000_000n +
        BigInt(typeof t.nanos === "number" ? t.nanos : 0);
      const metadata: Record<string, string> = {};
      for (const m of objects(e.structuredMetadata))
        if (typeof m.name === "string" && m.name) metadata[m.name] = typeof m.value === "string" ? m.value : "";
      out.push({ labels, ts: ns.toString(), line: String(e.line ?? ""), metadata });
    }
  });
  return out;
}

/** Decodes a push body (after Content-Encoding): JSON, or snappy-compressed protobuf. */
export function decodeLoki(body: Uint8Array, contentType: string | null): LokiEntry[] {
  const ct = mediaType(contentType);
  if (ct === "application/x-protobuf" || ct === "application/protobuf") return fromProtobuf(unsnappy(body));
  if (ct === "application/json" || ct === "") {
    const text = new TextDecoder().decode(body);
    scanJson(text, LOKI_SHAPE);
    return fromJson(parseJson(text, "body"));
  }
  throw new ApiError(
    "unsupported_media_type",
    "Loki push takes Content-Type application/json or application/x-protobuf (snappy-compressed).",
  );
}
