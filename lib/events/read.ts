// Reading the platform's events: who may read one tenant's workload, the events list (newest first, keyset
// cursor), and every consumer's cursor against the head. An operator reading one tenant's env, route,
// instance or events states a reason, as for its logs (lib/kinds/access), and the read lands in that org's
// audit view; a tenant reads its own org's, as its members read its logs.
import "server-only";
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { platformConsumers, platformEvents } from "@/lib/db/schema";
import { badRequest } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { parseInstant } from "@/lib/http/time";
import { accessReason } from "@/lib/kinds/access";
import type { Actor } from "@/lib/auth/permissions";
import { TENANT_EVENT_KINDS } from "@/lib/vocabulary";
import { toEvent } from "./index";
import { instanceOrg, routeOrg } from "./describe";
import type { EventFilters, EventsQuery } from "./contract";
import type { View } from "./rules";

/** What a read needs of its API call. */
export interface EventsCtx {
  actor: Actor;
  req: Request;
  requestId: string;
  ip: string | null;
  auditDetails: Record<string, unknown>;
  auditOrg(org: string): void;
}

/**
 * A read of `org`'s workload: its members read freely, anyone else with a stated reason (403 without),
 * recorded in the audit event that org sees.
 */
export async function readingOrg(ctx: EventsCtx, org: string): Promise<void> {
  const reason = await accessReason(ctx.actor, org, ctx.req.headers.get("x-access-reason"));
  if (reason) ctx.auditDetails.reason = reason;
  ctx.auditOrg(org);
}

/** The org an operator's filters single out: the org itself, an instance's or a route's (none: platform-wide). */
export async function focusOf(f: Pick<EventFilters, "org" | "instance" | "route">): Promise<string | null> {
  if (f.org) return f.org;
  if (f.instance) return instanceOrg(f.instance).catch(() => null);
  if (f.route) return routeOrg(f.route).catch(() => null);
  return null;
}

/** The filters as SQL; a tenant's view holds its org and the kinds it may see. */
export function eventsWhere(f: EventFilters, view: View): SQL[] {
  const where: SQL[] = [];
  if (f.org) where.push(eq(platformEvents.orgId, f.org));
  if (f.app) where.push(eq(platformEvents.appId, f.app));
  if (f.env) where.push(eq(platformEvents.envId, f.env));
  if (f.route) where.push(eq(platformEvents.route, f.route));
  if (f.instance) where.push(eq(platformEvents.instanceId, f.instance));
  const kinds =
    view === "tenant"
      ? (f.kind.length ? f.kind : TENANT_EVENT_KINDS).filter((k) => TENANT_EVENT_KINDS.includes(k))
      : f.kind;
  if (kinds.length || view === "tenant") where.push(inArray(platformEvents.kind, [...kinds]));
  return where;
}

function decodePosition(cursor: string | undefined) {
  const raw = decodeCursor(cursor, "query.cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[A-Za-z0-9._:-]{1,128}$/);
  if (!raw) return undefined;
  const [ts = "", eventId = ""] = raw.split("|");
  return { ts, eventId };
}

/** Events newest first (ties by event id, so any order of arrival lists alike), a page at a time. */
export async function listEvents(q: EventsQuery, view: View, now = Date.now()) {
  const where = eventsWhere(q, view);
  const to = q.to ? parseInstant(q.to, "query.to", now) : null;
  const from = q.from ? parseInstant(q.from, "query.from", now) : null;
  if (from !== null && to !== null && from >= to) throw badRequest("query.from", "must be before to");
  if (from !== null) where.push(gte(platformEvents.ts, new Date(from)));
  if (to !== null) where.push(lte(platformEvents.ts, new Date(to)));
  const after = decodePosition(q.cursor);
  if (after)
    where.push(sql`(${platformEvents.ts}, ${platformEvents.eventId}) < (${after.ts}::timestamptz, ${after.eventId})`);
  const rows = await db()
    .select()
    .from(platformEvents)
    .where(and(...where))
    .orderBy(desc(platformEvents.ts), desc(platformEvents.eventId))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => toEvent(r, view)),
    next_cursor: rows.length > q.limit && last ? encodeCursor(`${last.ts.toISOString()}|${last.eventId}`) : null,
  };
}

/** How far back a lag is counted: past it, "at least this many". */
const LAG_COUNT_MAX = 100_000;

/** Every consumer's cursor against the head: events and seconds behind, its last error and backoff. */
export async function listCursors() {
  const [head] = await db()
    .select({ eventId: platformEvents.eventId, ts: platformEvents.ts })
    .from(platformEvents)
    .orderBy(desc(platformEvents.ts), desc(platformEvents.eventId))
    .limit(1);
  // Every consumer with its lag in events, counted (up to the cap) in the same statement: one read however many
  // consumers report (the page reads it too, on every view).
  const lagOf = sql<number | null>`case when ${platformConsumers.appliedTs} is null then null else (
      select count(*)::int from (select 1 from ${platformEvents}
        where ${platformEvents.ts} >= ${platformConsumers.appliedTs}
          and (${platformEvents.ts}, ${platformEvents.eventId}) > (${platformConsumers.appliedTs}, coalesce(${platformConsumers.appliedEventId}, ''))
        limit ${LAG_COUNT_MAX}) behind) end`;
  const consumers = await db()
    .select({ c: platformConsumers, lag: lagOf })
    .from(platformConsumers)
    .orderBy(platformConsumers.consumer);
  const out = [];
  for (const { c, lag: counted } of consumers) {
    const lag = counted === null ? null : Number(counted);
    out.push({
      consumer: c.consumer,
      kind: c.consumerKind,
      region: c.region,
      applied_event_id: c.appliedEventId,
      applied_ts: c.appliedTs?.toISOString() ?? null,
      reported_at: c.ts.toISOString(),
      lag_events: lag,
      lag_events_capped: lag === LAG_COUNT_MAX,
      lag_seconds: c.appliedTs && head ? Math.max(0, (head.ts.getTime() - c.appliedTs.getTime()) / 1000) : null,
      error: c.error,
      backoff_seconds: c.backoffSeconds,
    });
  }
  return { head: head ? { event_id: head.eventId, ts: head.ts.toISOString() } : null, consumers: out };
}
