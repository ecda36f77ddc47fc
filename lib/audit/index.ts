// The append-only audit log: one writer (recordAudit) and one reader (listAudit). Nothing here or
// anywhere else updates or deletes an event; the database refuses it too.
import "server-only";
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { auditEvents, memberships, users, type AuditEventRow } from "@/lib/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { storable } from "@/lib/text";
import type { AuditEvent, AuditQuery } from "./contract";
import { LOG_READ_PREFIX } from "./rules";
import { RESPONDER_ROLES, type Actor } from "@/lib/auth/permissions";

export type Outcome = AuditEventRow["outcome"];

export interface AuditInput {
  action: string;
  outcome: Outcome;
  actor?: { id: string; email: string; kind: "user" | "token"; tokenId?: string | null } | null;
  actorKind?: "anonymous" | "system";
  orgId?: string | null;
  target?: string | null;
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Who acted, as the audit log records a person or a token. */
export function auditActor(actor: Actor): NonNullable<AuditInput["actor"]> {
  return { id: actor.user.id, email: actor.user.email, kind: actor.kind, tokenId: actor.token?.id ?? null };
}

/**
 * Who a person was to an org at the moment they acted, decided in the insert itself: a member, platform
 * staff (a responder role — operator, admin — who is not a member), or neither.
 */
const relationTo = (actorId: string, orgId: string) =>
  sql<"member" | "staff" | "outsider">`(case
    when exists (select 1 from ${memberships} where ${memberships.userId} = ${actorId} and ${memberships.orgId} = ${orgId}) then 'member'
    when exists (select 1 from ${users} where ${users.id} = ${actorId} and ${inArray(users.role, [...RESPONDER_ROLES])}) then 'staff'
    else 'outsider' end)`;

export async function recordAudit(raw: AuditInput, tx: Pick<Db, "insert"> = defaultDb()): Promise<void> {
  const input = storable(raw, 1000); // whatever a caller sent must be storable
  await tx.insert(auditEvents).values({
    action: input.action,
    outcome: input.outcome,
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    actorKind: input.actor?.kind ?? input.actorKind ?? "anonymous",
    actorRelation: input.actor && input.orgId ? relationTo(input.actor.id, input.orgId) : null,
    tokenId: input.actor?.tokenId ?? null,
    orgId: input.orgId ?? null,
    target: input.target ?? null,
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
    details: input.details ?? {},
  });
}

function toEvent(row: AuditEventRow, withIp: boolean): AuditEvent {
  return {
    id: String(row.seq),
    at: row.at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actor: { id: row.actorId, email: row.actorEmail, kind: row.actorKind, relation: row.actorRelation },
    token_id: row.tokenId,
    org_id: row.orgId,
    target: row.target,
    request_id: row.requestId,
    ...(withIp ? { ip: row.ip } : {}),
    details: row.details,
  };
}

/** Newest first. `org` limits to events about that org (the tenant's view, which hides IPs). */
export async function listAudit(query: AuditQuery, scope: { org?: string } = {}) {
  const where: SQL[] = [];
  const org = scope.org ?? query.org;
  if (org) where.push(eq(auditEvents.orgId, org));
  if (query.action) where.push(eq(auditEvents.action, query.action));
  if (query.actor) {
    // Who, as people say it: an id, an email, or the start of a name.
    const v = query.actor.trim();
    const who = or(
      eq(auditEvents.actorId, v),
      sql`lower(${auditEvents.actorEmail}) = lower(${v})`,
      inArray(
        auditEvents.actorId,
        defaultDb()
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.name}) like lower(${`${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`),
      ),
    );
    if (who) where.push(who);
  }
  if (query.operator_reads)
    // isOperatorRead (./rules), as SQL
    where.push(eq(auditEvents.actorRelation, "staff"), sql`${auditEvents.action} like ${`${LOG_READ_PREFIX}%`}`);
  if (query.outcome) where.push(eq(auditEvents.outcome, query.outcome));
  if (query.since) where.push(gte(auditEvents.at, new Date(query.since)));
  const after = decodeCursor(query.cursor, "query.cursor", /^\d{1,18}$/);
  if (after !== undefined) where.push(lt(auditEvents.seq, Number(after)));
  const rows = await defaultDb()
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => toEvent(r, !scope.org)),
    next_cursor: rows.length > query.limit && last ? encodeCursor(String(last.seq)) : null,
  };
}
