// People and their org memberships, as the auth layer needs them.
import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { badRequest } from "@/lib/http/errors";
import { memberships, orgs, users, type UserRow } from "@/lib/db/schema";
import { canRespond, RESPONDER_ROLES } from "./permissions";

export async function findUserById(id: string): Promise<UserRow | undefined> {
  const [row] = await db().select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findUserByEmail(email: string): Promise<UserRow | undefined> {
  const [row] = await db()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

export async function memberOrgs(userId: string): Promise<{ id: string; name: string }[]> {
  return db()
    .select({ id: orgs.id, name: orgs.name })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(orgs.id);
}

/** People who can run incidents (operators and admins), for pickers and names. */
export async function listResponders(): Promise<{ id: string; name: string; email: string }[]> {
  return db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.role, [...RESPONDER_ROLES]), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}

/** Refuses (400, naming `field(id)`) anyone who is not an enabled operator or admin. */
export async function assertResponders(
  ids: string[],
  field: (id: string) => string,
  tx: Pick<ReturnType<typeof db>, "select"> = db(),
): Promise<void> {
  if (!ids.length) return;
  const rows = await tx
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  for (const id of ids) {
    const u = rows.find((r) => r.id === id);
    if (!u || u.disabledAt || !canRespond(u.role)) throw badRequest(field(id), `no operator or admin with id '${id}'`);
  }
}

/** People's names by id (for showing who did what). */
export async function userNames(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
