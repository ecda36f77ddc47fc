// Who may read an org's logs, and why. Members read their own org's logs. Anyone else holding
// logs:read (operators, admins) states a reason first; the reason is recorded with every read and shown
// to the tenant in its audit log. A reason belongs to one person and one org for a bounded time: it is
// kept on the server (POST /api/v1/orgs/{org}/access) or sent per request in X-Access-Reason — never in
// a URL, so a shared link carries no one's reason.
import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { ApiError, badRequest } from "@/lib/http/errors";
import { db, returnedRow } from "@/lib/db/client";
import { accessReasons, orgs } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { logLimits } from "./limits";
import { type Actor } from "@/lib/auth/permissions";

export const REASON_MAX = 500;

export interface LogAccess {
  org_id: string;
  reason: string;
  created_at: string;
  expires_at: string;
}

const toAccess = (r: typeof accessReasons.$inferSelect): LogAccess => ({
  org_id: r.orgId,
  reason: r.reason,
  created_at: r.createdAt.toISOString(),
  expires_at: r.expiresAt.toISOString(),
});

export const isMember = (actor: Actor, org: string) => actor.orgs.some((o) => o.id === org);

/** The person's reason for reading `org` that is still in force, or null. */
export async function currentAccess(actor: Actor, org: string): Promise<LogAccess | null> {
  const [row] = await db()
    .select()
    .from(accessReasons)
    .where(
      and(
        eq(accessReasons.userId, actor.user.id),
        eq(accessReasons.orgId, org),
        gt(accessReasons.expiresAt, sql`now()`),
        isNull(accessReasons.endedAt),
      ),
    )
    .orderBy(desc(accessReasons.createdAt))
    .limit(1);
  return row ? toAccess(row) : null;
}

/**
 * The reason this read is made under: none for members; else the request's X-Access-Reason or the
 * person's reason in force for this org. 403 reason_required without one.
 */
export async function accessReason(actor: Actor, org: string, header: string | null): Promise<string | null> {
  const stated = (header ?? "").trim().slice(0, REASON_MAX);
  if (stated) return stated;
  if (isMember(actor, org)) return null;
  const held = actor.kind === "user" ? await currentAccess(actor, org) : null;
  if (held) return held.reason;
  throw new ApiError(
    "reason_required",
    "Reading a tenant's logs needs a stated reason: state one for this org (POST /api/v1/orgs/{org}/access, or the console's prompt) or send it in the X-Access-Reason header, e.g. the support ticket.",
  );
}

/** States a reason for reading `org`'s logs, in force for LOG_ACCESS_REASON_MINUTES (the endpoint audits it where the tenant sees it). */
export async function grantAccess(actor: Actor, org: string, reason: string): Promise<{ access: LogAccess }> {
  const text = reason.trim();
  if (!text) throw badRequest("body.reason", "must say why you read this org's logs");
  const [known] = await db().select({ id: orgs.id }).from(orgs).where(eq(orgs.id, org)).limit(1);
  if (!known) throw new ApiError("not_found", `No org '${org}'.`);
  const minutes = logLimits().access_reason_minutes;
  const row = await db().transaction(async (tx) => {
    await tx
      .update(accessReasons)
      .set({ endedAt: sql`now()` })
      .where(and(eq(accessReasons.userId, actor.user.id), eq(accessReasons.orgId, org), isNull(accessReasons.endedAt)));
    return returnedRow(
      await tx
        .insert(accessReasons)
        .values({
          id: newId("acc"),
          userId: actor.user.id,
          orgId: org,
          reason: text,
          expiresAt: sql`now() + make_interval(mins => ${minutes})`,
        })
        .returning(),
    );
  });
  return { access: toAccess(row) };
}

/** Ends the person's reason for `org` before it expires. */
export async function endAccess(actor: Actor, org: string): Promise<{ access: null }> {
  await db()
    .update(accessReasons)
    .set({ endedAt: sql`now()` })
    .where(and(eq(accessReasons.userId, actor.user.id), eq(accessReasons.orgId, org), isNull(accessReasons.endedAt)));
  return { access: null };
}
