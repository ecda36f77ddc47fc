// Who is calling: a signed-in person (next-auth JWT cookie) or an API token (Authorization: Bearer).
// Built fresh from the database on each request, so role and membership changes apply at once.
import "server-only";
import { decode } from "next-auth/jwt";
import { authSecret } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { grantsFor, tokenGrants, type Actor } from "./permissions";
import { findUserById, memberOrgs } from "./users";
import { verifyTokenSecret } from "./tokens";
import { type Scope } from "@/lib/vocabulary";

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  const chunks: [number, string][] = [];
  let whole: string | undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    let value: string;
    try {
      value = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      continue; // not a cookie we could have set
    }
    if (key === name) whole = value;
    else if (key.startsWith(`${name}.`)) chunks.push([Number(key.slice(name.length + 1)), value]);
  }
  if (whole) return whole;
  return chunks.length
    ? chunks
        .sort((a, b) => a[0] - b[0])
        .map((c) => c[1])
        .join("")
    : undefined;
}

export function sessionTokenFromCookies(header: string | null): string | undefined {
  for (const name of SESSION_COOKIES) {
    const v = cookieValue(header, name);
    if (v) return v;
  }
  return undefined;
}

async function userActor(userId: string): Promise<Actor | null> {
  const user = await findUserById(userId);
  if (!user || user.disabledAt) return null;
  const orgs = await memberOrgs(user.id);
  return {
    kind: "user",
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    orgs,
    grants: grantsFor(
      user.role,
      orgs.map((o) => o.id),
    ),
    token: null,
  };
}

/** The person behind a next-auth session JWT, or null when absent, expired or forged. */
export async function actorFromSessionToken(jwt: string | undefined): Promise<Actor | null> {
  if (!jwt) return null;
  const payload = await decode({ token: jwt, secret: authSecret() }).catch(() => null);
  if (!payload?.sub) return null;
  return userActor(payload.sub);
}

/** The token's actor; throws 401 for a forged, expired or revoked token. */
export async function actorFromBearer(secret: string): Promise<Actor> {
  const token = await verifyTokenSecret(secret);
  const creator = token && (await userActor(token.userId));
  if (!token || !creator) throw new ApiError("unauthorized", "The API token is invalid, expired or revoked.");
  const scopes = token.scopes as Scope[];
  return {
    ...creator,
    kind: "token",
    orgs: token.orgId ? creator.orgs.filter((o) => o.id === token.orgId) : creator.orgs,
    grants: tokenGrants(creator.grants, scopes, token.orgId),
    token: { id: token.id, name: token.name, org_id: token.orgId, scopes },
  };
}

/** Resolve the caller of an HTTP request; null when it carries no credentials at all. */
export async function actorFromRequest(req: Request): Promise<Actor | null> {
  const authz = req.headers.get("authorization");
  if (authz) {
    const [, token] = /^Bearer\s+(\S+)$/i.exec(authz.trim()) ?? [];
    if (!token) throw new ApiError("unauthorized", "Authorization must be 'Bearer <token>'.");
    return actorFromBearer(token);
  }
  return actorFromSessionToken(sessionTokenFromCookies(req.headers.get("cookie")));
}
