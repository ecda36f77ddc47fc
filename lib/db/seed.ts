// Demo data: two tenant orgs with apps and envs, and the demo accounts (password "demo").
// Exists only in demo data; applied on an empty embedded store or by `npm run db:seed`.
import { count } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "./client";
import { apps, envs, memberships, orgs, users } from "./schema";

export const DEMO_PASSWORD = "demo";

export const DEMO_ACCOUNTS = [
  { id: "usr_oncall", email: "oncall@demo.local", name: "Olivia Oncall", role: "operator", orgs: [] },
  { id: "usr_ic", email: "ic@demo.local", name: "Ian Commander", role: "operator", orgs: [] },
  { id: "usr_admin", email: "admin@demo.local", name: "Ada Admin", role: "admin", orgs: [] },
  { id: "usr_acme_dev", email: "dev@acme.demo.local", name: "Alex Acme", role: "tenant", orgs: ["acme"] },
  { id: "usr_globex_dev", email: "dev@globex.demo.local", name: "Gita Globex", role: "tenant", orgs: ["globex"] },
] as const;

export const DEMO_ORGS = [
  { id: "acme", name: "Acme Corp", apps: [["web", "Web storefront"], ["api", "Public API"], ["worker", "Background jobs"]] },
  { id: "globex", name: "Globex", apps: [["shop", "Shop"], ["billing", "Billing service"]] },
] as const;

export const DEMO_ENVS = ["production", "staging"] as const;

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Idempotent: existing rows are left as they are. */
export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const org of DEMO_ORGS) {
      await tx.insert(orgs).values({ id: org.id, name: org.name }).onConflictDoNothing();
      for (const [id, name] of org.apps) {
        await tx.insert(apps).values({ orgId: org.id, id, name }).onConflictDoNothing();
        for (const env of DEMO_ENVS) await tx.insert(envs).values({ orgId: org.id, appId: id, id: env }).onConflictDoNothing();
      }
    }
    for (const a of DEMO_ACCOUNTS) {
      await tx.insert(users).values({ id: a.id, email: a.email, name: a.name, role: a.role, passwordHash }).onConflictDoNothing();
      for (const org of a.orgs) await tx.insert(memberships).values({ userId: a.id, orgId: org }).onConflictDoNothing();
    }
  });
}
