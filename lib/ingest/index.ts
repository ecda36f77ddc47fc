// Log ingest over every protocol the console accepts — its own JSON/NDJSON, OTLP/HTTP and Loki push —
// for tenant and platform logs. Each protocol is decoded and mapped (./otlp, ./loki, ./mapping), then
// ends in the same place: one validation, one atomic batch, the same limits, live-tail notice and metrics.
import "server-only";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { take, type Window } from "@/lib/limits";
import { checkBatch, describeLineErrors, invalidLines, parseBatch, storeBatch, tenantBatch, type BatchRules, type LineError } from "@/lib/logs/ingest";
import { INGEST_MAX_LINES } from "@/lib/logs/contract";
import { logStore } from "@/lib/logs/store";
import { logLinesChannel } from "@/lib/logs/channel";
import { platformBatch } from "@/lib/platform-logs/ingest";
import { platformLogStore } from "@/lib/platform-logs/store";
import { platformLogChannel } from "@/lib/platform-logs/service";
import { observeIngest, observeRedactions } from "@/lib/telemetry/metrics";
import { inflate } from "./body";
import { decodeOtlp, otlpEncoding, otlpResponse, type OtlpRecord } from "./otlp";
import { decodeLoki, type LokiEntry } from "./loki";
import { platformFromLoki, platformFromOtlp, tenantFromLoki, tenantFromOtlp, type Mapped } from "./mapping";
import { type Actor } from "@/lib/auth/permissions";

export type LogKind = "tenant" | "platform";

interface Kind {
  rules: BatchRules<{ ts: string; message: string; org_id?: string | null }>;
  store(): { insert(entries: never[]): Promise<import("@/lib/logs/partitioned").IngestResult> };
  channel: typeof logLinesChannel;
  otlp(r: OtlpRecord, org: string | null): Mapped;
  loki(e: LokiEntry, org: string | null): Mapped;
}

const KINDS: Record<LogKind, Kind> = {
  tenant: { rules: tenantBatch as Kind["rules"], store: logStore as Kind["store"], channel: logLinesChannel, otlp: tenantFromOtlp, loki: tenantFromLoki },
  platform: { rules: platformBatch as Kind["rules"], store: platformLogStore as Kind["store"], channel: platformLogChannel, otlp: platformFromOtlp, loki: platformFromLoki },
};

/** Batches per sender per window, on every protocol and console process (counted in the database). */
function ingestWindow(): Window {
  const e = env();
  return { name: "ingest batches per sender", bucket: "log_ingest", max: e.LOG_INGEST_MAX_BATCHES, windowMs: e.LOG_INGEST_WINDOW_SECONDS * 1000 };
}

/** 429 with Retry-After when the sender is over its batch rate, so exporters back off and retry. */
async function throttle(actor: Actor) {
  const w = ingestWindow();
  const who = actor.token ? `token:${actor.token.id}` : `user:${actor.user.id}`;
  const wait = await take(w, who);
  if (wait > 0) throw new ApiError("rate_limited", `Over ${w.max} ingest batches per ${w.windowMs / 1000} s for this sender; retry in ${wait} s.`, { retryAfter: wait });
}

/**
 * A token bound to one org writes that org only: a line naming another is refused (the whole request,
 * nothing stored), never re-routed.
 */
function holdToOrg(items: [number, unknown][], org: string | null) {
  if (!org) return;
  const other = items.find(([, v]) => typeof v === "object" && v !== null && (v as { org_id?: unknown }).org_id !== org);
  if (other) {
    const named = String((other[1] as { org_id?: unknown }).org_id ?? "none").slice(0, 100);
    throw new ApiError("forbidden", `This token writes org '${org}' only; line ${other[0]} names '${named}'. Nothing was stored.`, { details: { fields: [{ field: `line ${other[0]}.org_id`, message: `must be '${org}'` }] } });
  }
}

function tooMany(n: number) {
  if (n > INGEST_MAX_LINES) throw new ApiError("payload_too_large", `A batch holds at most ${INGEST_MAX_LINES} records; this one has ${n}. Split it.`);
}

/**
 * Maps decoded records to entries, keeping each record's position as its line number: at most a batch
 * of them, each for the org the sender's token is bound to (if it is).
 */
function mapAll<T>(kind: LogKind, actor: Actor, records: T[], map: (r: T, org: string | null) => Mapped): { items: [number, unknown][]; errors: LineError[] } {
  tooMany(records.length);
  const org = boundOrg(kind, actor);
  const items: [number, unknown][] = [];
  const errors: LineError[] = [];
  records.forEach((r, i) => {
    const m = map(r, org);
    if ("entry" in m) items.push([i + 1, m.entry]);
    else errors.push({ line: i + 1, field: m.field, message: m.message });
  });
  holdToOrg(items, org);
  return { items, errors };
}

/** Validates and stores; all or nothing unless `partial` (OTLP), where the valid records are stored. */
async function land(kind: LogKind, protocol: string, items: [number, unknown][], mapErrors: LineError[], partial: boolean) {
  const k = KINDS[kind];
  const total = items.length + mapErrors.length;
  const { entries, errors, redacted } = await checkBatch(k.rules, items, mapErrors);
  const rejected = new Set(errors.map((e) => e.line)).size;
  if (errors.length && !partial) {
    observeIngest(kind, protocol, null, "rejected", total);
    throw invalidLines(errors, total);
  }
  const accepted = await storeBatch(k.store(), k.channel, entries as never[]);
  // Tenant lines count against their org; platform lines against none.
  const byOrg = new Map<string | null, number>();
  for (const e of entries) {
    const org = kind === "tenant" ? (e.org_id ?? null) : null;
    byOrg.set(org, (byOrg.get(org) ?? 0) + 1);
  }
  for (const [org, n] of byOrg) observeIngest(kind, protocol, org, "accepted", n);
  observeRedactions(kind, redacted);
  observeIngest(kind, protocol, null, "rejected", rejected);
  return { accepted, rejected, errors };
}

const boundOrg = (kind: LogKind, actor: Actor) => (kind === "tenant" ? (actor.token?.org_id ?? null) : null);

/** The console's own format: a JSON array or NDJSON of entries. */
export async function ingestNative(kind: LogKind, actor: Actor, raw: Uint8Array, contentType: string | null) {
  await throttle(actor);
  const text = new TextDecoder().decode(raw);
  const { items, errors } = parseBatch(text, contentType);
  holdToOrg(items, boundOrg(kind, actor));
  const { accepted } = await land(kind, "native", items, errors, false);
  return { accepted };
}

/** OTLP/HTTP: 200 with an ExportLogsServiceResponse; refused records come back as partialSuccess. */
export async function ingestOtlp(kind: LogKind, actor: Actor, req: Request, raw: Uint8Array): Promise<Response> {
  const encoding = otlpEncoding(req.headers.get("content-type"));
  await throttle(actor);
  const records = decodeOtlp(inflate(raw, req.headers.get("content-encoding")), encoding);
  const { items, errors } = mapAll(kind, actor, records, KINDS[kind].otlp);
  const result = await land(kind, encoding === "json" ? "otlp_json" : "otlp_protobuf", items, errors, true);
  return otlpResponse(encoding, result.rejected, result.rejected ? `${result.rejected} of ${records.length} log records were refused: ${describeLineErrors(result.errors)}` : "");
}

/** Loki push: 204 when every entry is stored; a 400 naming the bad ones stores nothing. */
export async function ingestLoki(kind: LogKind, actor: Actor, req: Request, raw: Uint8Array): Promise<Response> {
  const contentType = req.headers.get("content-type");
  await throttle(actor);
  const entries = decodeLoki(inflate(raw, req.headers.get("content-encoding")), contentType);
  const { items, errors } = mapAll(kind, actor, entries, KINDS[kind].loki);
  await land(kind, /protobuf/.test(contentType ?? "") ? "loki_protobuf" : "loki_json", items, errors, false);
  return new Response(null, { status: 204 });
}
