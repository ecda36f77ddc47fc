// Reading a kind's lines: one page of a window, a line with its neighbours, the pickers' values, an NDJSON
// export. The declaration says who may read, how its filters become a selector, and what its reads record
// (lib/kinds/kind.ts); everything else is here once. Streams (export, tail) record their opening through
// the endpoint and their end here.
import "server-only";
import { ApiError, badRequest, errorMessage, logError } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { attachmentDisposition } from "@/lib/http/download";
import { auditActor, recordAudit } from "@/lib/audit";
import { bulk } from "@/lib/db/priority";
import type { Filters, KindDecl } from "./declare";
import { checkAccess, describeSelector, limits, selectorOf, storeOf, type ReadCtx } from "./kind";
import { resolveWindow, type Window } from "./limits";
import { withoutPosition, type LogPosition } from "./store";

/** The time filters every read shares; a kind's own filters come beside them. */
export interface TimeFilters {
  start?: string;
  end?: string;
}

const windowDetails = (w: Window) => ({ window: { start: w.start.toISOString(), end: w.end.toISOString() } });

function decodePosition(cursor: string | undefined): LogPosition | undefined {
  const raw = decodeCursor(cursor, "query.cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d{1,18}$/);
  if (raw === undefined) return undefined;
  const [ts = "", id = ""] = raw.split("|");
  return { ts, id: Number(id) };
}

/** The closing event of a stream (export, tail), with what it sent and why it ended. */
export async function auditStreamClose(
  ctx: ReadCtx,
  action: string,
  scope: string | null,
  details: Record<string, unknown>,
): Promise<void> {
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
export async function readPage<K extends KindDecl>(
  kind: K,
  ctx: ReadCtx,
  scope: string | null,
  input: Filters & { limit?: number; cursor?: string; order: "asc" | "desc" },
) {
  await checkAccess(kind, ctx, scope);
  const limitsNow = limits(kind);
  const limit = input.limit ?? limitsNow.default_page_lines;
  if (limit > limitsNow.max_page_lines)
    throw badRequest("query.limit", `must be at most ${limitsNow.max_page_lines} lines a page (the page limit)`);
  const window = resolveWindow(input, limitsNow);
  const sel = selectorOf(kind, scope, input);
  Object.assign(ctx.auditDetails, describeSelector(sel), windowDetails(window), { limit });
  const rows = await storeOf(kind).range(sel, {
    ...window,
    order: input.order,
    limit: limit + 1,
    after: decodePosition(input.cursor),
  });
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
export async function readContext<K extends KindDecl>(
  kind: K,
  ctx: ReadCtx,
  scope: string | null,
  id: string,
  q: { before: number; after: number },
) {
  await checkAccess(kind, ctx, scope);
  ctx.auditDetails.line_id = id;
  const n = /^\d{1,18}$/.test(id) ? Number(id) : null;
  const store = storeOf(kind);
  const line = n === null ? null : await store.get(scope, n);
  if (!line) throw new ApiError("not_found", `No log line '${id}' here.`);
  const around = await store.around(scope, line, q.before, q.after);
  ctx.auditDetails.lines = 1 + around.before.length + around.after.length;
  return { line: withoutPosition(line), ...around };
}

/** The pickers' values seen in the window (default the last day). */
export async function readFacets(kind: KindDecl, ctx: ReadCtx, scope: string | null, q: TimeFilters) {
  await checkAccess(kind, ctx, scope);
  const window = resolveWindow({ start: q.start ?? "24h", end: q.end }, limits(kind));
  Object.assign(ctx.auditDetails, windowDetails(window));
  return storeOf(kind).facets(scope, window);
}

/** Lines per export page: small enough that a page never holds up anyone else's statement for long. */
const EXPORT_PAGE = 2000;

/**
 * Streams NDJSON with the read's filters, up to the export cap. The endpoint records the export's start
 * before the first byte leaves; its end (lines, capped, aborted) is a `<kind>.export_close` event.
 */
export async function exportLines(
  kind: KindDecl,
  ctx: ReadCtx,
  scope: string | null,
  input: Filters & { order: "asc" | "desc" },
): Promise<Response> {
  await checkAccess(kind, ctx, scope);
  const cap = limits(kind).export_max_lines;
  const window = resolveWindow(input, limits(kind));
  const sel = selectorOf(kind, scope, input);
  const store = storeOf(kind);
  Object.assign(ctx.auditDetails, describeSelector(sel), windowDetails(window));
  const encoder = new TextEncoder();
  const started = Date.now();
  let sent = 0;
  let after: LogPosition | undefined;
  let done = false;
  const close = (extra: Record<string, unknown>) => {
    if (done) return;
    done = true;
    void auditStreamClose(ctx, `${kind.name}.export_close`, scope, {
      lines: sent,
      duration_ms: Date.now() - started,
      ...extra,
    });
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const want = Math.min(EXPORT_PAGE, cap - sent);
          const page =
            want > 0
              ? await bulk(() => store.exportPage(sel, { ...window, order: input.order, limit: want, after }))
              : { text: "", count: 0, last: null };
          if (page.count) {
            controller.enqueue(encoder.encode(`${page.text}\n`));
            sent += page.count;
            after = page.last ?? after;
          }
          if (page.count < want || sent >= cap) {
            close({ capped: sent >= cap });
            controller.close();
          }
        } catch (err) {
          close({ error: errorMessage(err) });
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
      "content-disposition": attachmentDisposition(
        `${kind.words.file(scope)}-${window.start.toISOString().replace(/[:.]/g, "-")}.ndjson`,
      ),
      "cache-control": "no-store",
      "x-export-max-lines": String(cap),
    },
  });
}
