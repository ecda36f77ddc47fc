// Ingest over every protocol the console accepts — its own JSON/NDJSON, OTLP/HTTP and Loki push — for
// every kind. Each protocol is decoded and mapped (./otlp, ./loki, ./mapping), then ends in the same
// place: one validation, one atomic batch, the same limits, live-tail notice and metrics.
import "server-only";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { take, type Window } from "@/lib/limits";
import {
  checkBatch,
  describeLineErrors,
  invalidLines,
  parseBatch,
  storeBatch,
  type LineError,
} from "@/lib/kinds/ingest";
import { INGEST_MAX_LINES } from "@/lib/kinds/ingest-limits";
import type { KindDecl } from "@/lib/kinds/declare";
import { valueOf } from "@/lib/kinds/store";
import { observeIngest, observeRedactions } from "@/lib/telemetry/metrics";
import { inflate } from "./body";
import { decodeOtlp, otlpEncoding, otlpResponse } from "./otlp";
import { decodeLoki } from "./loki";
import { fromLoki, fromOtlp, type Mapped } from "./mapping";
import { type Actor } from "@/lib/auth/permissions";
import { platformLogs } from "@/lib/platform-logs/kind";
import { takeEvents } from "@/lib/events/otlp";

/** Batches per sender per window, on every protocol and console process (counted in the database). */
function ingestWindow(): Window {
  const e = env();
  return {
    name: "ingest batches per sender",
    bucket: "log_ingest",
    max: e.LOG_INGEST_MAX_BATCHES,
    windowMs: e.LOG_INGEST_WINDOW_SECONDS * 1000,
  };
}

/** 429 with Retry-After when the sender is over its batch rate (on every protocol and signal), so exporters back off and retry. */
export async function throttle(actor: Actor) {
  const w = ingestWindow();
  const who = actor.token ? `token:${actor.token.id}` : `user:${actor.user.id}`;
  const wait = await take(w, who);
  if (wait > 0)
    throw new ApiError(
      "rate_limited",
      `Over ${w.max} ingest batches per ${w.windowMs / 1000} s for this sender; retry in ${wait} s.`,
      { retryAfter: wait },
    );
}

/**
 * A token bound to one org writes that org only: a line naming another is refused (the whole request,
 * nothing stored), never re-routed.
 */
function holdToOrg(kind: KindDecl, items: [number, unknown][], org: string | null) {
  const field = kind.scope?.field;
  if (!org || !field) return;
  const named = (v: unknown) => (typeof v === "object" && v !== null ? valueOf(v, field) : null);
  const other = items.find(([, v]) => typeof v === "object" && v !== null && named(v) !== org);
  if (other) {
    throw new ApiError(
      "forbidden",
      `This token writes org '${org}' only; line ${other[0]} names '${(named(other[1]) ?? "none").slice(0, 100)}'. Nothing was stored.`,
      {
        details: { fields: [{ field: `line ${other[0]}.${field}`, message: `must be '${org}'` }] },
      },
    );
  }
}

function tooMany(n: number) {
  if (n > INGEST_MAX_LINES)
    throw new ApiError(
      "payload_too_large",
      `A batch holds at most ${INGEST_MAX_LINES} records; this one has ${n}. Split it.`,
    );
}

/**
 * Maps decoded records to entries, keeping each record's position as its line number: at most a batch
 * of them, each for the org the sender's token is bound to (if it is).
 */
function mapAll<T>(
  kind: KindDecl,
  actor: Actor,
  records: T[],
  map: (kind: KindDecl, r: T, org: string | null) => Mapped,
): { items: [number, unknown][]; errors: LineError[] } {
  tooMany(records.length);
  const org = boundOrg(kind, actor);
  const items: [number, unknown][] = [];
  const errors: LineError[] = [];
  records.forEach((r, i) => {
    const m = map(kind, r, org);
    if ("entry" in m) items.push([i + 1, m.entry]);
    else errors.push({ line: i + 1, field: m.field, message: m.message });
  });
  holdToOrg(kind, items, org);
  return { items, errors };
}

/** Validates and stores; all or nothing unless `partial` (OTLP), where the valid records are stored. */
async function land(
  kind: KindDecl,
  protocol: string,
  items: [number, unknown][],
  mapErrors: LineError[],
  partial: boolean,
) {
  const total = items.length + mapErrors.length;
  const { entries, errors, redacted } = await checkBatch(kind, items, mapErrors);
  const rejected = new Set(errors.map((e) => e.line)).size;
  if (errors.length && !partial) {
    observeIngest(kind.metric, protocol, null, "rejected", total);
    throw invalidLines(errors, total);
  }
  const accepted = await storeBatch(kind, entries);
  // A scoped kind's lines count against their org; a kind read whole against none.
  const byOrg = new Map<string | null, number>();
  for (const e of entries) {
    const org = kind.scope ? valueOf(e, kind.scope.field) : null;
    byOrg.set(org, (byOrg.get(org) ?? 0) + 1);
  }
  for (const [org, n] of byOrg) observeIngest(kind.metric, protocol, org, "accepted", n);
  observeRedactions(kind.metric, redacted);
  observeIngest(kind.metric, protocol, null, "rejected", rejected);
  return { accepted, rejected, errors };
}

/** A scoped kind's sender bound to an org writes that org only. */
const boundOrg = (kind: KindDecl, actor: Actor) => (kind.scope ? (actor.token?.org_id ?? null) : null);

/** The console's own format: a JSON array or NDJSON of entries. */
export async function ingestNative(kind: KindDecl, actor: Actor, raw: Uint8Array, contentType: string | null) {
  await throttle(actor);
  const text = new TextDecoder().decode(raw);
  const { items, errors } = parseBatch(text, contentType);
  holdToOrg(kind, items, boundOrg(kind, actor));
  const { accepted } = await land(kind, "native", items, errors, false);
  return { accepted };
}

/** OTLP/HTTP: 200 with an ExportLogsServiceResponse; refused records come back as partialSuccess. */
export async function ingestOtlp(kind: KindDecl, actor: Actor, req: Request, raw: Uint8Array): Promise<Response> {
  const encoding = otlpEncoding(req.headers.get("content-type"));
  await throttle(actor);
  const decoded = decodeOtlp(inflate(raw, req.headers.get("content-encoding")), encoding);
  // On the platform's endpoint, records named as platform events become events (lib/events/otlp).
  const events = kind === platformLogs ? await takeEvents(actor, decoded) : { rest: decoded, errors: [] };
  const records = events.rest;
  const { items, errors } = mapAll(kind, actor, records, fromOtlp);
  const result = await land(kind, encoding === "json" ? "otlp_json" : "otlp_protobuf", items, errors, true);
  const refused = [...events.errors, ...result.errors];
  const rejected = result.rejected + new Set(events.errors.map((e) => e.line)).size;
  return otlpResponse(
    encoding,
    rejected,
    rejected ? `${rejected} of ${decoded.length} log records were refused: ${describeLineErrors(refused)}` : "",
  );
}

/** Loki push: 204 when every entry is stored; a 400 naming the bad ones stores nothing. */
export async function ingestLoki(kind: KindDecl, actor: Actor, req: Request, raw: Uint8Array): Promise<Response> {
  const contentType = req.headers.get("content-type");
  await throttle(actor);
  const entries = decodeLoki(inflate(raw, req.headers.get("content-encoding")), contentType);
  const { items, errors } = mapAll(kind, actor, entries, fromLoki);
  await land(kind, /protobuf/.test(contentType ?? "") ? "loki_protobuf" : "loki_json", items, errors, false);
  return new Response(null, { status: 204 });
}
