// Demo data: two tenant orgs with apps and envs, and the demo accounts (password "demo").
// Exists only in demo data; applied on an empty embedded store or by `npm run db:seed`.
import { hashPassword } from "@/lib/auth/password";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/auth/demo-accounts";
import type { Db } from "@/lib/db/client";
import { count, eq } from "drizzle-orm";
import { apps, envs, memberships, oncallSchedules, orgs, serviceCatalog, teams, users } from "@/lib/db/schema";
import type { CatalogEntry } from "@/lib/db/schema";
import type { RotationLayer } from "@/lib/vocabulary";
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
  await seedDemoRouting(db);
}

/** The demo's teams besides `platform` (the migration makes it), each owning services. */
export const DEMO_TEAMS = [
  { id: "edge", name: "Edge & networking", timeZone: "Europe/Berlin" },
  { id: "data", name: "Data", timeZone: "America/New_York" },
] as const;

const base = { start_date: "2026-01-05", handoff_time: "09:00", time_zone: "UTC" } as const;

/**
 * Each team's rotation. The platform's: the on-call and the IC alternate daily as primary, with Ada
 * shadowing the rotation. Edge and data keep small weekly rotations of the same operators.
 */
const DEMO_ROTATIONS: Record<string, RotationLayer[]> = {
  platform: [
    { layer: "primary", rotation: "daily", ...base, people: ["usr_oncall", "usr_ic"] },
    { layer: "secondary", rotation: "weekly", ...base, people: ["usr_ic", "usr_admin"] },
    { layer: "tertiary", rotation: "weekly", ...base, people: ["usr_admin"] },
    { layer: "shadow", rotation: "weekly", ...base, people: ["usr_admin"] },
  ],
  edge: [
    { layer: "primary", rotation: "weekly", ...base, time_zone: "Europe/Berlin", people: ["usr_ic", "usr_oncall"] },
    { layer: "secondary", rotation: "weekly", ...base, time_zone: "Europe/Berlin", people: ["usr_admin"] },
  ],
  data: [
    {
      layer: "primary",
      rotation: "weekly",
      ...base,
      time_zone: "America/New_York",
      people: ["usr_admin", "usr_oncall"],
    },
    { layer: "secondary", rotation: "weekly", ...base, time_zone: "America/New_York", people: ["usr_ic"] },
  ],
};

/** Who owns what: every service has an owner (an ownership gap shows when an admin removes one). */
export const DEMO_CATALOG: CatalogEntry[] = [
  {
    service: "control-plane",
    team: "platform",
    runbooks: ["control-plane-api-down", "api-availability"],
    dashboards: ["control-plane"],
    slos: ["api-availability", "api-latency"],
  },
  {
    service: "scheduler",
    team: "platform",
    runbooks: ["scheduler-stalled", "queue-backlog"],
    dashboards: ["control-plane"],
    slos: [],
  },
  {
    service: "projector",
    team: "platform",
    runbooks: ["projection-lag", "event-append-errors"],
    dashboards: ["control-plane"],
    slos: [],
  },
  {
    service: "agent",
    team: "platform",
    runbooks: ["agent-heartbeat", "host-down"],
    dashboards: ["host-fleet"],
    slos: [],
  },
  {
    service: "edge",
    team: "edge",
    runbooks: ["edge-connect-failures", "edge-backends-unreachable", "edge-config-apply"],
    dashboards: ["edge"],
    slos: ["edge-connect"],
  },
  { service: "overlay", team: "edge", runbooks: ["overlay-handshake"], dashboards: ["overlay-network"], slos: [] },
  {
    service: "postgres",
    team: "data",
    runbooks: ["postgres-down", "postgres-replication", "backup-late"],
    dashboards: ["storage"],
    slos: [],
  },
  {
    service: "storage",
    team: "data",
    runbooks: ["volume-attach-failures"],
    dashboards: ["storage"],
    slos: ["volume-attach"],
  },
];

/** The demo's teams, their rotations (for a team with none) and the service catalog (when there is none). */
async function seedDemoRouting(db: Db) {
  for (const t of DEMO_TEAMS) await db.insert(teams).values(t).onConflictDoNothing();
  for (const [team, layers] of Object.entries(DEMO_ROTATIONS)) {
    const [existing] = await db
      .select({ version: oncallSchedules.version })
      .from(oncallSchedules)
      .where(eq(oncallSchedules.team, team))
      .limit(1);
    if (!existing) await db.insert(oncallSchedules).values({ team, version: 1, layers }).onConflictDoNothing();
  }
  const [catalog] = await db.select({ n: count() }).from(serviceCatalog);
  if (!catalog?.n) await db.insert(serviceCatalog).values({ version: 1, entries: DEMO_CATALOG }).onConflictDoNothing();
}
