// Reading tenant logs: who may (tenants on their orgs; operators with a stated reason), which window
// and page size, and what each read records in the audit log.
import "server-only";
import { ApiError, badRequest } from "@/lib/api/errors";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import type { ApiContext } from "@/lib/api/handler";
import type { Endpoint } from "@/lib/api/endpoint";
import type { Actor } from "@/lib/auth/actor";
import type { LogFilters, LogQueryInput } from "./contract";
import { levelsFrom, logLimits, resolveWindow, type Window } from "./limits";
import { logStore, withoutPosition, type LogPosition, type LogSelector } from "./store";
import { tailsOpen } from "./tail-registry";

type Ctx = Pick<ApiContext<Endpoint>, "req" | "auditDetails"> & { actor: Actor };

/**
 * Members read their org's logs; anyone else holding logs:read (operators, admins) must say why,
 * and the reason lands in the org's audit log where the tenant sees it.
 */
export function logAccessReason(ctx: Ctx, org: string, reason: string | undefined): string | null {
  const member = ctx.actor.orgs.some((o) => o.id === org);
  const given = (reason ?? ctx.req.headers.get("x-access-reason") ?? "").trim().slice(0, 500);
  if (given) ctx.auditDetails.reason = given;
  if (member) return given || null;
  if (!given) {
    throw new ApiError("reason_required", "Reading a tenant's logs needs a stated reason: add reason=… (or the X-Access-Reason header), e.g. the support ticket.");
  }
  return given;
}

export function selector(org: string, f: LogFilters): LogSelector {
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

function describe(sel: LogSelector, w?: Window) {
  return {
    filters: { app: sel.apps, env: sel.envs, process: sel.processes, instance: sel.instances, levels: sel.levels, q: sel.q ?? null },
    ...(w ? { window: { start: w.start.toISOString(), end: w.end.toISOString() } } : {}),
  };
}

function decodePosition(cursor: string | undefined): LogPosition | undefined {
  const raw = decodeCursor(cursor, "cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|\d{1,18}$/);
  if (raw === undefined) return undefined;
  const [ts, id] = raw.split("|") as [string, string];
  return { ts, id: Number(id) };
}

export async function queryLogs(ctx: Ctx, org: string, input: LogQueryInput) {
  logAccessReason(ctx, org, input.reason);
  const limits = logLimits();
  const limit = input.limit ?? limits.default_page_lines;
  if (limit > limits.max_page_lines) throw badRequest("limit", `must be at most ${limits.max_page_lines} lines a page (the page limit)`);
  const window = resolveWindow(input, limits);
  const sel = selector(org, input);
  Object.assign(ctx.auditDetails, describe(sel, window), { limit });
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

export async function logContext(ctx: Ctx, org: string, id: string, q: { before: number; after: number; reason?: string }) {
  logAccessReason(ctx, org, q.reason);
  ctx.auditDetails.line_id = id;
  const n = /^\d{1,18}$/.test(id) ? Number(id) : null;
  const line = n === null ? null : await logStore().get(org, n);
  // Another org's line and no line at all look the same.
  if (!line) throw new ApiError("not_found", `No log line '${id}' in org '${org}'.`);
  const around = await logStore().around(org, line, q.before, q.after);
  ctx.auditDetails.lines = 1 + around.before.length + around.after.length;
  return { line: withoutPosition(line), ...around };
}

export async function logFacets(ctx: Ctx, org: string, q: { start?: string; end?: string; reason?: string }) {
  logAccessReason(ctx, org, q.reason);
  const window = resolveWindow({ start: q.start ?? "24h", end: q.end }, logLimits());
  Object.assign(ctx.auditDetails, { window: { start: window.start.toISOString(), end: window.end.toISOString() } });
  return logStore().facets(org, window.start, window.end);
}

export function logLimitsFor(org: string) {
  const limits = logLimits();
  return { limits, usage: { tails_open: tailsOpen(org), tails_max: limits.max_tails_per_org } };
}

const EXPORT_PAGE = 2000;

/** Streams NDJSON with the query's filters, up to the export cap; one audit event when it ends. */
export function exportLogs(ctx: Ctx & Pick<ApiContext<Endpoint>, "deferAudit">, org: string, input: LogFilters & { order: "asc" | "desc" }): Response {
  logAccessReason(ctx, org, input.reason);
  const limits = logLimits();
  const window = resolveWindow(input, limits);
  const sel = selector(org, input);
  Object.assign(ctx.auditDetails, describe(sel, window));
  const finish = ctx.deferAudit();
  const encoder = new TextEncoder();
  let sent = 0;
  let after: LogPosition | undefined;
  let done = false;
  const close = (extra: Record<string, unknown>) => {
    if (done) return;
    done = true;
    void finish({ lines: sent, ...extra });
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const want = Math.min(EXPORT_PAGE, limits.export_max_lines - sent);
        const rows = want > 0 ? await logStore().range({ ...sel, ...window, order: input.order, limit: want, after }) : [];
        if (rows.length) {
          controller.enqueue(encoder.encode(rows.map((r) => JSON.stringify(withoutPosition(r))).join("\n") + "\n"));
          sent += rows.length;
          after = rows[rows.length - 1]!.pos;
        }
        if (rows.length < want || sent >= limits.export_max_lines) {
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
  });
  const name = `${org}-logs-${window.start.toISOString().replace(/[:.]/g, "-")}.ndjson`;
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-export-max-lines": String(limits.export_max_lines),
    },
  });
}
