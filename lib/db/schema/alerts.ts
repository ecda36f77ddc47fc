// Alerts, the error budget's exceptions and the alerting pipelines' heartbeats.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, PLATFORM_TEAM } from "@/lib/vocabulary";
import { users } from "./auth";
import { incidents } from "./incidents";

// Alerts from Alertmanager, kept by fingerprint: a repeat updates last_seen and count.
export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    fingerprint: text("fingerprint").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    pagerEligible: boolean("pager_eligible").notNull(),
    notEligibleReason: text("not_eligible_reason"),
    status: text("status", { enum: ALERT_STATUSES }).notNull(),
    count: integer("count").notNull().default(1),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    annotations: jsonb("annotations").$type<Record<string, string>>().notNull(),
    firstSeen: timestamp("first_seen", { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    ackedBy: text("acked_by").references(() => users.id),
    ackedAt: timestamp("acked_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by"),
    incidentId: text("incident_id").references(() => incidents.id),
    /** When this firing began, as the console saw it (again when a resolved alert fires anew): escalation's clock. */
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
    /** When it fired again soon after resolving (a flap), newest last, the last hour's only. */
    flaps: jsonb("flaps")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Sent with another alert's notification (same service and region, fired within a minute): that alert's id. */
    groupedWith: text("grouped_with"),
    /** The playbook's severity, from the `priority` (P0–P3) or `severity` label: its clock. */
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull().default("low"),
    /** The team whose rotation owns it: its service's owner in the catalog, else the platform team. */
    team: text("team").notNull().default(PLATFORM_TEAM),
    /** Its service has no owner in the catalog (routed to the platform team): an ownership gap. */
    ownerGap: boolean("owner_gap").notNull().default(false),
    /** The maintenance window holding its notifications now (its id), if any. */
    heldBy: text("held_by"),
    /** When its clock started, if later than fired_at: the end of the maintenance window that held it. */
    clockFrom: timestamp("clock_from", { withTimezone: true }),
    /**
     * When the escalation clock next has something to do for it (a step due, a hold to look at again); null when
     * its ladder is done. The clock reads only alerts due, so a pass costs what is due, not what is open.
     */
    nextDueAt: timestamp("next_due_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alerts_fingerprint_key").on(t.fingerprint),
    index("alerts_status_idx").on(t.status, t.lastSeen),
    index("alerts_next_due_idx").on(t.nextDueAt),
    index("alerts_fired_idx").on(t.firedAt),
    index("alerts_incident_idx").on(t.incidentId),
  ],
);

// The weekly review's pages, a UTC day at a time: what a year's review reads instead of every page. A trigger on
// alerts (migration 0019) bumps a day's version, and forgets its summary, in the transaction that inserts,
// deletes or changes a page of that day in any column the review reads; a reader recomputes a day whose summary
// is missing or older than its version and stores it only if the version has not moved meanwhile.
export const alertPageDays = pgTable("alert_page_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(1),
  /** The day's pages summed per service (lib/insights/rules `DaySummary`); null: to be computed. */
  summary: jsonb("summary"),
  /** The version the summary was computed at. */
  summaryVersion: bigint("summary_version", { mode: "number" }),
  /** The acknowledgement clocks it was computed with: a changed policy recomputes it. */
  clockKey: text("clock_key"),
});

// The error budget policy's exceptions: a service's owner lets deploys through while an SLO's budget is
// spent, with a reason, for a while. Never deleted: ended.
export const budgetExceptions = pgTable(
  "budget_exceptions",
  {
    id: text("id").primaryKey(),
    sloId: text("slo_id").notNull(),
    /** Null: every region. */
    region: text("region"),
    reason: text("reason").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedBy: text("ended_by").references(() => users.id),
  },
  (t) => [index("budget_exceptions_slo_idx").on(t.sloId, t.expiresAt)],
);

// When each alerting pipeline last proved itself: the Watchdog alert's arrivals (the dead man's switch).
export const pipelineHeartbeats = pgTable("pipeline_heartbeats", {
  source: text("source").primaryKey(),
  firstAt: timestamp("first_at", { withTimezone: true }).notNull().defaultNow(),
  lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
  count: integer("count").notNull().default(1),
});
