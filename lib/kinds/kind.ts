// What the server derives from a kind's declaration to read and write it: its store, limits, live-tail
// channel and lease, who may read a scope, the selector a read's filters become and how the audit event
// records them.
import "server-only";
import { z } from "zod";
import { defineChannel, type Channel } from "@/lib/realtime/channel";
import type { Actor } from "@/lib/auth/permissions";
import { viewerOf, type Viewer } from "@/lib/realtime/sse";
import { filterFields, type Filters, type KindDecl, type LineBase, type LineOf } from "./declare";
import { accessReason } from "./access";
import { levelsFrom, limitsOf, type LogLimits } from "./limits";
import { storeFor } from "./clickhouse/target";
import type { LogStore, Selector } from "./store";

/** What a read needs to know about its caller and where it records what it did. */
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
export function readCtx(ctx: {
  actor: Actor;
  requestId: string;
  ip: string | null;
  auditDetails: Record<string, unknown>;
  req: Request;
}): ReadCtx {
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
export const batchNotice = z.object({ scope: z.string().nullable(), min: z.number().int(), max: z.number().int() });
export type BatchNotice = z.infer<typeof batchNotice>;

/** Each committed batch of a kind, for its live tails on every console process. */
export const channelOf = (kind: KindDecl): Channel<BatchNotice> => defineChannel(kind.table, batchNotice);

export const storeOf = <K extends KindDecl>(kind: K): LogStore<LineOf<K> & LineBase> => storeFor(kind);

export const limits = (kind: KindDecl): LogLimits => limitsOf(kind);

/**
 * May this caller read `scope`? A tenant-visible kind: an org's members, others with a stated reason, which
 * goes into the audit event the tenant sees (403 without one). A kind read whole: the endpoint's scope is
 * the whole rule.
 */
export async function checkAccess(kind: KindDecl, ctx: ReadCtx, scope: string | null): Promise<void> {
  if (!kind.read.tenant) return;
  const reason = await accessReason(ctx.actor, scope ?? "", ctx.statedReason);
  if (reason) ctx.auditDetails.reason = reason;
}

/** A read's filters as a store selector for `scope`. */
export function selectorOf(kind: KindDecl, scope: string | null, f: Filters): Selector {
  const lists: Record<string, string[]> = {};
  for (const { filter } of filterFields(kind)) {
    const v = f[filter.param];
    lists[filter.param] = Array.isArray(v) ? v : [];
  }
  return { scope, lists, levels: f.level ? levelsFrom(f.level) : null, q: f.q?.trim() ? f.q.trim() : undefined };
}

/** The filters as the audit event records them. */
export const describeSelector = (sel: Selector) => ({
  filters: { ...sel.lists, levels: sel.levels, q: sel.q ?? null },
});
