// Tenant orgs with their apps and envs, as each caller may see them.
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { apps, envs, orgs } from "@/lib/db/schema";
import { seesEveryOrg, type Actor } from "@/lib/auth/permissions";
import type { Org } from "./contract";

/**
 * Members see their orgs; callers holding an org-wide scope platform-wide see every org (lib/auth/permissions).
 * `only`: just that one, if they may see it.
 */
export async function visibleOrgs(actor: Actor, only?: string): Promise<Org[]> {
  const memberOf = new Set(actor.orgs.map((o) => o.id));
  const all = seesEveryOrg(actor.grants);
  if (!all && memberOf.size === 0) return [];
  if (only !== undefined && !all && !memberOf.has(only)) return [];
  const ids = only !== undefined ? [only] : all ? undefined : [...memberOf];
  const [orgRows, appRows, envRows] = await Promise.all([
    db()
      .select()
      .from(orgs)
      .where(ids ? inArray(orgs.id, ids) : undefined)
      .orderBy(asc(orgs.id)),
    db()
      .select()
      .from(apps)
      .where(ids ? inArray(apps.orgId, ids) : undefined)
      .orderBy(asc(apps.id)),
    db()
      .select()
      .from(envs)
      .where(ids ? inArray(envs.orgId, ids) : undefined)
      .orderBy(asc(envs.id)),
  ]);
  return orgRows.map((o) => ({
    id: o.id,
    name: o.name,
    member: memberOf.has(o.id),
    apps: appRows
      .filter((a) => a.orgId === o.id)
      .map((a) => ({
        id: a.id,
        name: a.name,
        envs: envRows.filter((e) => e.orgId === o.id && e.appId === a.id).map((e) => e.id),
      })),
  }));
}

/** An org's display name (its id when there is no such org). */
export async function orgName(id: string): Promise<string> {
  const [row] = await db().select({ name: orgs.name }).from(orgs).where(eq(orgs.id, id)).limit(1);
  return row?.name ?? id;
}

/** An org as a reader sees it: its name, and whether they are a member (an operator who is not reads with a reason). */
export async function orgAsSeenBy(actor: Actor, id: string): Promise<{ id: string; name: string; member: boolean }> {
  const mine = actor.orgs.find((o) => o.id === id);
  return { id, name: mine?.name ?? (await orgName(id)), member: Boolean(mine) };
}
