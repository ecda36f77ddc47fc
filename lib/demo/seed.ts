// Demo data: two tenant orgs with apps and envs, and the demo accounts (password "demo").
// Exists only in demo data; applied on an empty embedded store or by `npm run db:seed`.
import { count } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/auth/demo-accounts";
import type { Db } from "@/lib/db/client";
import { apps, envs, memberships, oncallSchedules, orgs, users } from "@/lib/db/schema";
import { seedDemoIncidents } from "./incidents";

export const DEMO_ORGS = [
  {
    id: "acme",
    name: "Acme Corp",
    apps: [
      ["web", "Web storefront"],
      ["api", "Public API"],
      ["worker", "Background jobs"],
    ],
  },
  {
    id: "globex",
    name: "Globex",
    apps: [
      ["shop", "Shop"],
      ["billing", "Billing service"],
    ],
  },
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
        for (const env of DEMO_ENVS)
          await tx.insert(envs).values({ orgId: org.id, appId: id, id: env }).onConflictDoNothing();
      }
    }
    for (const a of DEMO_ACCOUNTS) {
      await tx
        .insert(users)
        .values({ id: a.id, email: a.email, name: a.name, role: a.role, passwordHash })
        .onConflictDoNothing();
      for (const org of a.orgs) await tx.insert(memberships).values({ userId: a.id, orgId: org }).onConflictDoNothing();
    }
  });
  await seedDemoIncidents(db);
  await seedDemoSchedule(db);
}

/** A demo rotation (when there is none): the on-call and the IC alternate daily as primary. */
async function seedDemoSchedule(db: Db) {
  const [existing] = await db.select({ version: oncallSchedules.version }).from(oncallSchedules).limit(1);
  if (existing) return;
  const base = { start_date: "2026-01-05", handoff_time: "09:00", time_zone: "UTC" } as const;
  await db
    .insert(oncallSchedules)
    .values({
      version: 1,
      layers: [
        { layer: "primary", rotation: "daily", ...base, people: ["usr_oncall", "usr_ic"] },
        { layer: "secondary", rotation: "weekly", ...base, people: ["usr_ic", "usr_admin"] },
        { layer: "tertiary", rotation: "weekly", ...base, people: ["usr_admin"] },
      ],
    })
    .onConflictDoNothing();
}
