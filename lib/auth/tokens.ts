// API tokens: minted by a person within what they hold, shown once, stored as a SHA-256 hash,
// expiring and revocable. Creation and revocation are audited in the same transaction.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { apiTokens, orgs, type ApiTokenRow } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { auditActor, recordAudit } from "@/lib/audit";
import type { ApiToken, CreateTokenBody } from "./contract";
import { holds, PLATFORM_ONLY_SCOPES, seesEveryOrg } from "./permissions";
import { type Actor } from "@/lib/auth/permissions";

const TOKEN_PREFIX = "opc_";
const LAST_USED_RESOLUTION_MS = 60_000;

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function toApi(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    org_id: row.orgId,
    user_id: row.userId,
    prefix: row.prefix,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

export interface RequestMeta {
  requestId: string;
  ip: string | null;
}

export async function createToken(actor: Actor, input: CreateTokenBody, meta: RequestMeta) {
  const orgId = input.org_id ?? null;
  if (orgId) {
    // Tenants learn nothing about orgs they are not in; people who see every org get a 400 for a typo.
    if (!seesEveryOrg(actor.grants) && !actor.orgs.some((o) => o.id === orgId)) {
      throw new ApiError("forbidden", "You can only mint tokens for orgs you are a member of.");
    }
    const [org] = await db().select({ id: orgs.id }).from(orgs).where(eq(orgs.id, orgId)).limit(1);
    if (!org) throw badRequest("body.org_id", `no org '${orgId}'`);
  }
  const scopes = [...new Set(input.scopes)];
  const platformOnly = orgId ? scopes.filter((s) => PLATFORM_ONLY_SCOPES.includes(s)) : [];
  if (platformOnly.length)
    throw badRequest(
      "body.scopes",
      `${platformOnly.join(", ")} exist only platform-wide: mint this token without org_id`,
    );
  const missing = scopes.filter((s) => !holds(actor.grants, s, orgId ?? undefined));
  if (missing.length) {
    throw new ApiError(
      "forbidden",
      `A token cannot hold more than you do: you lack ${missing.join(", ")}${orgId ? ` on ${orgId}` : " platform-wide"}.`,
      {
        details: { scopes: missing },
      },
    );
  }
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = input.expires_in_days ? new Date(Date.now() + input.expires_in_days * 86_400_000) : null;
  const row = await db().transaction(async (tx) => {
    const created = returnedRow(
      await tx
        .insert(apiTokens)
        .values({
          id: newId("tok"),
          name: input.name,
          userId: actor.user.id,
          orgId,
          scopes,
          secretHash: hashSecret(secret),
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          expiresAt,
        })
        .returning(),
    );
    await recordAudit(
      {
        action: "token.create",
        outcome: "success",
        actor: auditActor(actor),
        orgId,
        target: created.id,
        requestId: meta.requestId,
        ip: meta.ip,
        details: { name: input.name, scopes, expires_at: expiresAt?.toISOString() ?? null },
      },
      tx,
    );
    return created;
  });
  return { token: { ...toApi(row), secret } };
}

export async function listTokens(actor: Actor) {
  const rows = await db()
    .select()
    .from(apiTokens)
    .where(holds(actor.grants, "admin") ? undefined : eq(apiTokens.userId, actor.user.id))
    .orderBy(desc(apiTokens.createdAt))
    .limit(1000);
  return { tokens: rows.map(toApi), next_cursor: null };
}

export async function revokeToken(actor: Actor, id: string, meta: RequestMeta) {
  const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  if (!row || (row.userId !== actor.user.id && !holds(actor.grants, "admin"))) {
    throw new ApiError("not_found", `No token '${id}'.`);
  }
  if (row.revokedAt) return { token: toApi(row) };
  const updated = await db().transaction(async (tx) => {
    const r = returnedRow(
      await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning(),
    );
    await recordAudit(
      {
        action: "token.revoke",
        outcome: "success",
        actor: auditActor(actor),
        orgId: row.orgId,
        target: id,
        requestId: meta.requestId,
        ip: meta.ip,
        details: { name: row.name },
      },
      tx,
    );
    return r;
  });
  return { token: toApi(updated) };
}

/** The live token for a presented secret, or null; records last use at most once a minute. */
export async function verifyTokenSecret(secret: string): Promise<ApiTokenRow | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const [row] = await db()
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.secretHash, hashSecret(secret)))
    .limit(1);
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db()
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
  }
  return row;
}
