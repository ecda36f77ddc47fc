// Loki's push API (POST /loki/api/v1/push): JSON {"streams":[{"stream":{labels},"values":[["<unix ns>",
// "line", {structured metadata}?]]}]} or a snappy-compressed protobuf PushRequest (./protos), read into
// plain entries.
import { ApiError } from "@/lib/http/errors";
import { parseJson } from "@/lib/http/body";
import { protoType } from "./protos";
import { unsnappy } from "./body";

export interface LokiEntry {
  labels: Record<string, string>;
  /** Unix time in nanoseconds, as text. */
  ts: string;
  line: string;
  metadata: Record<string, string>;
}

const bad = (message: string, field = "body") => new ApiError("bad_request", `${field}: ${message}`, { details: { fields: [{ field, message }] } });

/**
 * A Prometheus-style label set as Loki's protobuf carries it: `{app="web", env="prod"}` with Go string
 * escapes in values. Throws naming the stream when it cannot be read.
 */
export function parseLabels(text: string, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  const s = text.trim();
  if (!s.startsWith("{") || !s.endsWith("}")) throw bad("is not a label set like {app=\"web\"}", field);
  let i = 1;
  const end = s.length - 1;
  const skip = () => {
    while (i < end && /[\s,]/.test(s[i]!)) i++;
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
      const c = s[i++]!;
      if (c === '"') break;
      if (c === "\\") {
        const n = s[i++];
        value += n === "n" ? "\n" : n === "t" ? "\t" : (n ?? "");
      } else value += c;
    }
    out[name] = value;
    skip();
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function fromJson(parsed: unknown): LokiEntry[] {
  if (!isObj(parsed) || !Array.isArray(parsed.streams)) throw bad("must be an object with a streams array");
  const out: LokiEntry[] = [];
  parsed.streams.forEach((st, si) => {
    if (!isObj(st) || !isObj(st.stream ?? {}) || !Array.isArray(st.values)) throw bad("must have a stream (labels) and values", `streams[${si}]`);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries((st.stream ?? {}) as Obj)) labels[k] = typeof v === "string" ? v : String(v);
    st.values.forEach((v, vi) => {
      const field = `streams[${si}].values[${vi}]`;
      if (!Array.isArray(v) || typeof v[0] !== "string" || typeof v[1] !== "string" || (v[2] !== undefined && !isObj(v[2]))) throw bad('must be ["<unix ns>", "line", {metadata}?]', field);
      const metadata: Record<string, string> = {};
      for (const [k, m] of Object.entries((v[2] ?? {}) as Obj)) metadata[k] = typeof m === "string" ? m : String(m);
      out.push({ labels, ts: v[0], line: v[1], metadata });
    });
  });
  return out;
}

function fromProtobuf(body: Uint8Array): LokiEntry[] {
  const type = protoType("logproto.PushRequest");
  let obj: Obj;
  try {
    obj = type.toObject(type.decode(body), { longs: String, defaults: false }) as Obj;
  } catch (e) {
    throw bad(`is not a protobuf PushRequest (${(e as Error).message})`);
  }
  const out: LokiEntry[] = [];
  ((obj.streams as Obj[] | undefined) ?? []).forEach((st, si) => {
    const labels = parseLabels(String(st.labels ?? ""), `streams[${si}].labels`);
    for (const e of (st.entries as Obj[] | undefined) ?? []) {
      const t = (e.timestamp ?? {}) as { seconds?: string; nanos?: number };
      const ns = BigInt(t.seconds ?? "0") * 1_000_000_000n + BigInt(t.nanos ?? 0);
      const metadata: Record<string, string> = {};
      for (const m of (e.structuredMetadata as { name?: string; value?: string }[] | undefined) ?? []) if (m.name) metadata[m.name] = m.value ?? "";
      out.push({ labels, ts: ns.toString(), line: String(e.line ?? ""), metadata });
    }
  });
  return out;
}

/** Decodes a push body (after Content-Encoding): JSON, or snappy-compressed protobuf. */
export function decodeLoki(body: Uint8Array, contentType: string | null): LokiEntry[] {
  const ct = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (ct === "application/x-protobuf" || ct === "application/protobuf") return fromProtobuf(unsnappy(body));
  if (ct === "application/json" || ct === "") return fromJson(parseJson(new TextDecoder().decode(body), "body"));
  throw new ApiError("unsupported_media_type", "Loki push takes Content-Type application/json or application/x-protobuf (snappy-compressed).");
}
