// GET /api/v1/me's answer: the caller as the API sees it.
import "server-only";
import { allScopes } from "./permissions";
import { SCOPES } from "@/lib/vocabulary";
import { type Actor } from "@/lib/auth/permissions";

export function describeActor(actor: Actor) {
  return {
    user: actor.user,
    orgs: actor.orgs.map((o) => ({
      id: o.id,
      name: o.name,
      scopes: SCOPES.filter((s) => actor.grants.global.has(s) || actor.grants.orgs.get(o.id)?.has(s)),
    })),
    scopes: allScopes(actor.grants),
    token: actor.token,
  };
}
