// Reading tenant logs: who may (./access.ts), which window and page size, and what each read records in
// the audit log. Streams (export, tail) record their opening through the endpoint and their end here.
import "server-only";
import { ApiError, badRequest } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import type { Actor } from "@/lib/auth/actor";
import { auditActor, recordAudit } from "@/lib/audit";
import { leasesOpen } from "@/lib/limits";
import { attachmentDisposition } from "@/lib/http/download";
import { bulk } from "@/lib/db/priority";
import { viewerOf, type Viewer } from "@/lib/realtime/sse";
import type { LogFilters, LogQueryInput } from "./contract";
import { accessReason } from "./access";
import { levelsFrom, logLimits, resolveWindow, TAIL_LEASE, type Window } from "./limits";
import { logStore, withoutPosition, type LogPosition, type LogSelector } from "./store";

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

/** May this caller read `org`'s logs, and under what reason? The reason goes into the audit event. */
export async function readAccess(ctx: ReadCtx, org: string): Promise<void> {
  const reason = await accessReason(ctx.actor, org, ctx.statedReason);
  if (reason) ctx.auditDetails.reason = reason;
}

export function selector(org: string, f: Omit<LogFilters, "start" | "end">): LogSelector {
  return {
    org,
    apps: f.app,
    envs: f.env,
    processes: f.process,
    instances: f.instance,
    levels: f.level ? levelsFrom(f.level) : null,
    q: f.q?.trim() ? f.q.trim() : undefined,
  };
}

export function describeSelector(sel: LogSelector, w?: Window) {
  return {
    filters: { app: sel.apps, env: sel.envs, process: sel.processes, instance: sel.instances, levels: sel.levels, q: sel.q ?? null },
    ...(w ? { window: { start: w.start.toISOString(), end: w.end.toISOString() } } : {}),
  };
}

/** The closing event of a stream (export, tail), with what it sent and why it ended. */
export async function auditStreamClose(ctx: ReadCtx, action: string, org: string, details: Record<string, unknown>): Promise<void> {
  await recordAudit({
    action,
    outcome: "allowed",
    actor: auditActor(ctx.actor),
    orgId: org,
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: { ...details, ...(ctx.auditDetails.reason ? { access_reason: ctx.auditDetails.reason } : {}) },
  }).catch((e) => console.error(`[${ctx.requestId}] ${action} audit failed:`, e));
}

function decodePosition(cursor: string | undefined): LogPosition | undefined {
  const raw = decodeCursor(cursor, "query.cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d{1,18}$/);
  if (raw === undefined) return undefined;
  const [ts, id] = raw.split("|") as [string, string];
  return { ts, id: Number(id) };
}

export async function queryLogs(ctx: ReadCtx, org: string, input: LogQueryInput) {
  await readAccess(ctx, org);
  const limits = logLimits();
  const limit = input.limit ?? limits.default_page_lines;
  if (limit > limits.max_page_lines) throw badRequest("query.limit", `must be at most ${limits.max_page_lines} lines a page (the page limit)`);
  const window = resolveWindow(input, limits);
  const sel = selector(org, input);
  Object.assign(ctx.auditDetails, describeSelector(sel, window), { limit });
  const rows = await logStore().range({ ...sel, ...window, order: input.order, limit: limit + 1, after: decodePosition(input.cursor) });
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

export async function logContext(ctx: ReadCtx, org: string, id: string, q: { before: number; after: number }) {
  await readAccess(ctx, org);
  ctx.auditDetails.line_id = id;
  const n = /^\d{1,18}$/.test(id) ? Number(id) : null;
  const line = n === null ? null : await logStore().get(org, n);
  // Another org's line and no line at all look the same.
  if (!line) throw new ApiError("not_found", `No log line '${id}' in this org.`);
  const around = await logStore().around(org, line, q.before, q.after);
  ctx.auditDetails.lines = 1 + around.before.length + around.after.length;
  return { line: withoutPosition(line), ...around };
}

export async function logFacets(ctx: ReadCtx, org: string, q: { start?: string; end?: string }) {
  await readAccess(ctx, org);
  const window = resolveWindow({ start: q.start ?? "24h", end: q.end }, logLimits());
  Object.assign(ctx.auditDetails, { window: { start: window.start.toISOString(), end: window.end.toISOString() } });
  return logStore().facets(org, window.start, window.end);
}

export async function logLimitsFor(org: string) {
  const limits = logLimits();
  return { limits, usage: { tails_open: await leasesOpen(TAIL_LEASE, org), tails_max: limits.max_tails_per_org } };
}

/** Lines per export page: small enough that a page never holds up anyone else's statement for long. */
const EXPORT_PAGE = 2000;

/**
 * Streams NDJSON with the query's filters, up to the export cap. The endpoint records the export's
 * start before the first byte leaves; its end (lines, capped, aborted) is a `logs.export_close` event.
 */
export async function exportLogs(ctx: ReadCtx, org: string, input: LogFilters & { order: "asc" | "desc" }): Promise<Response> {
  await readAccess(ctx, org);
  const limits = logLimits();
  const window = resolveWindow(input, limits);
  const sel = selector(org, input);
  Object.assign(ctx.auditDetails, describeSelector(sel, window));
  const encoder = new TextEncoder();
  const started = Date.now();
  let sent = 0;
  let after: LogPosition | undefined;
  let done = false;
  const close = (extra: Record<string, unknown>) => {
    if (done) return;
    done = true;
    void auditStreamClose(ctx, "logs.export_close", org, { lines: sent, duration_ms: Date.now() - started, ...extra });
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const want = Math.min(EXPORT_PAGE, limits.export_max_lines - sent);
          const page = want > 0 ? await bulk(() => logStore().exportPage({ ...sel, ...window, order: input.order, limit: want, after })) : { text: "", count: 0, last: null };
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
      "content-disposition": attachmentDisposition(`${org}-logs-${window.start.toISOString().replace(/[:.]/g, "-")}.ndjson`),
      "cache-control": "no-store",
      "x-export-max-lines": String(limits.export_max_lines),
    },
  });
}
