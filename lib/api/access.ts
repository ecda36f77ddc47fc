// Who is calling an endpoint and whether they may: the session or token behind the request, the
// endpoint's kind of caller and scope (on the {org} in the path when there is one), and this site's origin.
import "server-only";
import { actorFromRequest } from "@/lib/auth/actor";
import { holds, type Actor } from "@/lib/auth/permissions";
import { ApiError } from "@/lib/http/errors";
import type { Endpoint } from "@/lib/http/endpoint";

/** Session-authenticated changes must come from this site (SameSite=Lax is the first guard). */
function checkOrigin(req: Request, actor: Actor) {
  if (actor.kind !== "user" || req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (origin === null) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null", garbage: not this site
  }
  if (!originHost || originHost !== host) throw new ApiError("forbidden", "Cross-site request refused.");
}

/** The caller behind the request: none on a public endpoint when there is none, else a 401. */
export async function resolveCaller(ep: Endpoint, req: Request): Promise<Actor | null> {
  if (ep.auth === "public") return actorFromRequest(req).catch(() => null);
  const actor = await actorFromRequest(req);
  if (!actor) throw new ApiError("unauthorized", "Sign in or send 'Authorization: Bearer <token>'.");
  return actor;
}

/** Refuses a caller this endpoint is not for, or without its scope (on the org when there is one). */
export function checkAccess(ep: Endpoint, req: Request, actor: Actor | null, org: string | undefined) {
  if (!actor) return;
  if (ep.auth === "session" && actor.kind === "token") {
    throw new ApiError("forbidden", "This endpoint is for signed-in people, not API tokens.");
  }
  checkOrigin(req, actor);
  if (org === undefined && ep.scopeOnTokenOrg) org = actor.token?.org_id ?? undefined;
  if (ep.scope && !holds(actor.grants, ep.scope, org)) {
    // The same answer whether or not the org exists.
    throw new ApiError(
      "forbidden",
      org ? `You do not have ${ep.scope} on this org.` : `This needs the ${ep.scope} scope.`,
    );
  }
}
