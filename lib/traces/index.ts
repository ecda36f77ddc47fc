// Reading kept traces once withApi has checked traces:read (platform-wide only: never a tenant or an
// org-bound token): a trace as a tree, a search page, the services and the dependency graph of a window.
// Each read is audited on the platform's record (the endpoint's audit action) with what it asked and how
// much it returned, as platform log reads are.
import "server-only";
import { ApiError } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { env } from "@/lib/env";
import { limitsOf, resolveWindow, type Window } from "@/lib/kinds/limits";
import { platformLogs } from "@/lib/platform-logs/kind";
import { TRACE_MAX_SPANS, type TraceSearchQuery, type WindowQuery } from "./contract";
import { buildTrace, summarize } from "./rules";
import { spanStore, type SearchAfter } from "./store";

/** What a read records in its audit event. */
export interface TraceReadCtx {
  auditDetails: Record<string, unknown>;
}

/** A window within the platform logs' window limit and the traces' retention (default: the last hour). */
function traceWindow(q: WindowQuery): Window {
  return resolveWindow(q, { ...limitsOf(platformLogs), retention_days: env().TRACE_RETENTION_DAYS });
}

const windowDetails = (w: Window) => ({ window: { start: w.start.toISOString(), end: w.end.toISOString() } });

export async function readTrace(ctx: TraceReadCtx, traceId: string) {
  const spans = await spanStore().trace(traceId, TRACE_MAX_SPANS + 1);
  ctx.auditDetails.trace_id = traceId;
  ctx.auditDetails.spans = Math.min(spans.length, TRACE_MAX_SPANS);
  if (!spans.length)
    throw new ApiError(
      "not_found",
      `No trace ${traceId} is stored: it may not have arrived yet, sampling may not have kept it, or it is older than the ${env().TRACE_RETENTION_DAYS}-day retention.`,
    );
  const truncated = spans.length > TRACE_MAX_SPANS;
  return { trace: buildTrace(traceId, truncated ? spans.slice(0, TRACE_MAX_SPANS) : spans, truncated) };
}

function decodeAfter(cursor: string | undefined): SearchAfter | null {
  const raw = decodeCursor(cursor, "query.cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f]{32}$/);
  if (!raw) return null;
  const [ts = "", traceId = ""] = raw.split("|");
  return { ts, traceId };
}

export async function searchTraces(ctx: TraceReadCtx, q: TraceSearchQuery) {
  const window = traceWindow(q);
  const filter = {
    service: q.service,
    operation: q.operation,
    status: q.status,
    minDurationMs: q.min_duration,
    region: q.region,
    org: q.org,
  };
  Object.assign(ctx.auditDetails, { filters: filter }, windowDetails(window), { limit: q.limit });
  const store = spanStore();
  const hits = await store.search(filter, window, decodeAfter(q.cursor), q.limit + 1);
  const page = hits.slice(0, q.limit);
  const spans = await store.summaries(page.map((h) => h.trace_id));
  const byTrace = new Map<string, typeof spans>();
  for (const s of spans) byTrace.set(s.trace_id, [...(byTrace.get(s.trace_id) ?? []), s]);
  const traces = page.map((h) => summarize(h.trace_id, byTrace.get(h.trace_id) ?? []));
  ctx.auditDetails.traces = traces.length;
  const last = page.at(-1);
  return {
    traces,
    next_cursor: hits.length > q.limit && last ? encodeCursor(`${last.at}|${last.trace_id}`) : null,
  };
}

/** A read of a window: its audit records the window and how many `what` it returned. */
async function windowRead<T>(ctx: TraceReadCtx, q: WindowQuery, what: string, read: (w: Window) => Promise<T[]>) {
  const window = traceWindow(q);
  Object.assign(ctx.auditDetails, windowDetails(window));
  const rows = await read(window);
  ctx.auditDetails[what] = rows.length;
  return rows;
}

export async function traceServices(ctx: TraceReadCtx, q: WindowQuery) {
  return { services: await windowRead(ctx, q, "services", (w) => spanStore().services(w)) };
}

export async function traceDependencies(ctx: TraceReadCtx, q: WindowQuery) {
  return { edges: await windowRead(ctx, q, "edges", (w) => spanStore().dependencies(w)) };
}
