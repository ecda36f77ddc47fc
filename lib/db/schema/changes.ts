// Change events: deploys, rollbacks, config pushes and the like.
import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { CHANGE_KINDS, CHANGE_STATUSES } from "@/lib/vocabulary";

// Change events: deploys, rollbacks, config pushes, flags, migrations, maintenance and operator
// actions, posted by pipelines and agents; one row per external_id (a later post updates its status).
export const changes = pgTable(
  "changes",
  {
    id: text("id").primaryKey(),
    externalId: text("external_id").notNull(),
    kind: text("kind", { enum: CHANGE_KINDS }).notNull(),
    service: text("service").notNull(),
    regions: text("regions")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    summary: text("summary").notNull(),
    ref: text("ref"),
    url: text("url"),
    actor: text("actor").notNull(),
    status: text("status", { enum: CHANGE_STATUSES }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    orgId: text("org_id"),
    appId: text("app_id"),
    envId: text("env_id"),
    /** Posted while a deploy freeze covered its service and region, without an exception. */
    freezeViolation: boolean("freeze_violation").notNull().default(false),
    /** The incidents whose freeze it broke. */
    freezeIncidents: text("freeze_incidents")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Posted as an import of past changes (its start may lie further back than CHANGE_MAX_BACKDATE_MINUTES). */
    backfill: boolean("backfill").notNull().default(false),
    /** The SLOs whose spent error budget froze its service when it was posted ("slo:region"). */
    freezeBudgets: text("freeze_budgets")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Posted while a maintenance window covered its service and region: that window's id. */
    maintenanceId: text("maintenance_id"),
    postedBy: text("posted_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("changes_external_id_key").on(t.externalId),
    index("changes_started_idx").on(t.startedAt),
    index("changes_service_started_idx").on(t.service, t.startedAt),
    index("changes_org_started_idx").on(t.orgId, t.startedAt),
  ],
);

export type ChangeRow = typeof changes.$inferSelect;
