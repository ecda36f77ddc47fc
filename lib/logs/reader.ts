// Reading logs, whatever their kind (a tenant org's, the platform's): one page of a window, a line with
// its neighbours, the pickers' values, an NDJSON export. A kind (LogKind) says who may read, how its
// filters become a selector, and what its reads record; everything else is here once.
// Streams (export, tail) record their opening through the endpoint and their end here.
import "server-only";
import { ApiError, badRequest, logError } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { attachmentDisposition } from "@/lib/http/download";
import { auditActor, recordAudit } from "@/lib/audit";
import { bulk } from "@/lib/db/priority";
import type { Channel } from "@/lib/realtime/channel";
import { viewerOf, type Viewer } from "@/lib/realtime/sse";
import { resolveWindow, type LogLimits, type Window } from "./limits";
import { withoutPosition, type LogPosition, type LogRecordBase, type LogStore } from "./partitioned";
import { type Actor } from "@/lib/auth/permissions";

/** What a log read needs to know about its caller and where it records what it did. */
export interface ReadCtx {
  actor: Actor;
  requestId: string;
  ip: string | null;
  /** The endpoint's audit event: a read adds its filters, window and lines here. */
  auditDetails: Record<string, unknown>;
  /** X-Access-Reason as sent, if any. */
  statedReason: string | null;
  /** The viewer of a stream (tail): when they leave, where they resume. */
  viewer?: Viewer;
}

/** The read context of an API call. */
export function readCtx(ctx: { actor: Actor; requestId: string; ip: string | null; auditDetails: Record<string, unknown>; req: Request }): ReadCtx {
  return {
    actor: ctx.actor,
    requestId: ctx.requestId,
    ip: ctx.ip,
    auditDetails: ctx.auditDetails,
    statedReason: ctx.req.headers.get("x-access-reason"),
    viewer: viewerOf(ctx.req),
  };
}

/** A committed batch, announced to live tails: the scope it wrote (an org, or null) and its ids. */
export interface BatchNotice {
  scope: string | null;
  min: number;
  max: number;
}

/** The time filters every read shares; a kind's own filters come beside them. */
export interface TimeFilters {
  start?: string;
  end?: string;
}

export interface LogKind<Sel, Line extends LogRecordBase, F> {
  /** The audit actions' prefix for stream ends: `logs.export_close`, `platform_logs.tail_close`. */
  audit: string;
  store(): LogStore<Sel, Line, unknown>;
  limits(): LogLimits;
  channel: Channel<BatchNotice>;
  /** The kind of lease a live tail of this kind holds (lib/limits). */
  lease: string;
  /** May this caller read `scope`? Throws 403; adds the reason it reads under to the audit details. */
  access(ctx: ReadCtx, scope: string | null): Promise<void>;
  /** The filters as a store selector for `scope`. */
  selector(scope: string | null, f: F): Sel;
  /** The filters as the audit event records them. */
  describe(sel: Sel): Record<string, unknown>;
  /** The export's file name. */
  exportName(scope: string | null, w: Window): string;
}

const windowDetails = (w: Window) => ({ window: { start: w.start.toISOString(), end: w.end.toISOString() } });

function decodePosition(cursor: string | undefined): LogPosition | undefined {
  const raw = decodeCursor(cursor, "query.cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d{1,18}$/);
  if (raw === undefined) return undefined;
  const [ts, id] = raw.split("|") as [string, string];
  return { ts, id: Number(id) };
}

/** The closing event of a stream (export, tail), with what it sent and why it ended. */
export async function auditStreamClose(ctx: ReadCtx, action: string, scope: string | null, details: Record<string, unknown>): Promise<void> {
  await recordAudit({
    action,
    outcome: "allowed",
    actor: auditActor(ctx.actor),
    orgId: scope,
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: { ...details, ...(ctx.auditDetails.reason ? { access_reason: ctx.auditDetails.reason } : {}) },
  }).catch((e) => logError(`[${ctx.requestId}] ${action} audit failed`, e));
}

/** One page of a window, newest or oldest first, with a cursor to the next. */
export async function readPage<Sel, Line extends LogRecordBase, F>(
  kind: LogKind<Sel, Line, F>,
  ctx: ReadCtx,
  scope: string | null,
  input: F & TimeFilters & { limit?: number; cursor?: string; order: "asc" | "desc" },
) {
  await kind.access(ctx, scope);
  const limits = kind.limits();
  const limit = input.limit ?? limits.default_page_lines;
  if (limit > limits.max_page_lines) throw badRequest("query.limit", `must be at most ${limits.max_page_lines} lines a page (the page limit)`);
  const window = resolveWindow(input, limits);
  const sel = kind.selector(scope, input);
  Object.assign(ctx.auditDetails, kind.describe(sel), windowDetails(window), { limit });
  const rows = await kind.store().range(sel, { ...window, order: input.order, limit: limit + 1, after: decodePosition(input.cursor) });
  const page = rows.slice(0, limit);
  const truncated = rows.length > limit;
  const last = page[page.length - 1];
  ctx.auditDetails.lines = page.length;
  return {
    lines: page.map(withoutPosition),
    next_cursor: truncated && last ? encodeCursor(`${last.pos.ts}|${last.pos.id}`) : null,
    truncated,
  };
}

/** One line, and the lines around it from the same place. Another scope's line and no line look the same. */
export async function readContext<Sel, Line extends LogRecordBase, F>(kind: LogKind<Sel, Line, F>, ctx: ReadCtx, scope: string | null, id: string, q: { before: number; after: number }) {
  await kind.access(ctx, scope);
  ctx.auditDetails.line_id = id;
  const n = /^\d{1,18}$/.test(id) ? Number(id) : null;
  const line = n === null ? null : await kind.store().get(scope, n);
  if (!line) throw new ApiError("not_found", `No log line '${id}' here.`);
  const around = await kind.store().around(scope, line, q.before, q.after);
  ctx.auditDetails.lines = 1 + around.before.length + around.after.length;
  return { line: withoutPosition(line), ...around };
}

/** The pickers' values seen in the window (default the last day). */
export async function readFacets<Sel, Line extends LogRecordBase, F>(kind: LogKind<Sel, Line, F>, ctx: ReadCtx, scope: string | null, q: TimeFilters) {
  await kind.access(ctx, scope);
  const window = resolveWindow({ start: q.start ?? "24h", end: q.end }, kind.limits());
  Object.assign(ctx.auditDetails, windowDetails(window));
  return kind.store().facets(scope, window);
}

/** Lines per export page: small enough that a page never holds up anyone else's statement for long. */
const EXPORT_PAGE = 2000;

/**
 * Streams NDJSON with the read's filters, up to the export cap. The endpoint records the export's start
 * before the first byte leaves; its end (lines, capped, aborted) is a `<kind>.export_close` event.
 */
export async function exportLines<Sel, Line extends LogRecordBase, F>(kind: LogKind<Sel, Line, F>, ctx: ReadCtx, scope: string | null, input: F & TimeFilters & { order: "asc" | "desc" }): Promise<Response> {
  await kind.access(ctx, scope);
  const limits = kind.limits();
  const window = resolveWindow(input, limits);
  const sel = kind.selector(scope, input);
  Object.assign(ctx.auditDetails, kind.describe(sel), windowDetails(window));
  const encoder = new TextEncoder();
  const started = Date.now();
  let sent = 0;
  let after: LogPosition | undefined;
  let done = false;
  const close = (extra: Record<string, unknown>) => {
    if (done) return;
    done = true;
    void auditStreamClose(ctx, `${kind.audit}.export_close`, scope, { lines: sent, duration_ms: Date.now() - started, ...extra });
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const want = Math.min(EXPORT_PAGE, limits.export_max_lines - sent);
          const page = want > 0 ? await bulk(() => kind.store().exportPage(sel, { ...window, order: input.order, limit: want, after })) : { text: "", count: 0, last: null };
          if (page.count) {
            controller.enqueue(encoder.encode(`${page.text}\n`));
            sent += page.count;
            after = page.last ?? after;
          }
          if (page.count < want || sent >= limits.export_max_lines) {
            close({ capped: sent >= limits.export_max_lines });
            controller.close();
          }
        } catch (err) {
          close({ error: String((err as Error).message) });
          controller.error(err);
        }
      },
      cancel() {
        close({ aborted: true });
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": attachmentDisposition(kind.exportName(scope, window)),
      "cache-control": "no-store",
      "x-export-max-lines": String(limits.export_max_lines),
    },
  });
}
