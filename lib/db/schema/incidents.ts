// Incidents, their timelines, deploy-freeze exceptions and follow-ups.
import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ACTION_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES, FOLLOW_UP_STATUSES } from "@/lib/vocabulary";
import { users } from "./auth";

// Incidents: the record an incident commander keeps; people are user ids.
export const incidents = pgTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    number: bigserial("number", { mode: "number" }).notNull(),
    title: text("title").notNull(),
    severity: text("severity", { enum: INCIDENT_SEVERITIES }).notNull(),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull(),
    commanderId: text("commander_id").references(() => users.id),
    roles: jsonb("roles").$type<Record<string, string>>().notNull().default({}),
    services: text("services")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    regions: text("regions")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    summary: text("summary").notNull().default(""),
    declaredBy: text("declared_by")
      .notNull()
      .references(() => users.id),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
    impactStartedAt: timestamp("impact_started_at", { withTimezone: true }),
    mitigatedAt: timestamp("mitigated_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("incidents_number_key").on(t.number),
    index("incidents_status_idx").on(t.status, t.declaredAt),
    index("incidents_declared_idx").on(t.declaredAt),
  ],
);

// The timeline: append-only (no update or delete path; a trigger refuses both). Corrections are new
// entries that point at the one they correct.
export const timelineEntries = pgTable(
  "timeline_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    kind: text("kind").notNull(),
    body: text("body").notNull().default(""),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    authorId: text("author_id").references(() => users.id),
    correctsId: bigint("corrects_id", { mode: "number" }),
  },
  (t) => [
    index("timeline_incident_idx").on(t.incidentId, t.occurredAt, t.id),
    // The weekly review reads customer updates alone (cadence kept or missed) across a year of incidents.
    index("timeline_customer_updates_idx")
      .on(t.incidentId, t.occurredAt)
      .where(sql`${t.kind} = 'status_update' and ${t.data}->>'audience' = 'customer'`),
  ],
);

export const freezeExceptions = pgTable(
  "freeze_exceptions",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    service: text("service").notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("freeze_exceptions_incident_idx").on(t.incidentId)],
);

export const followUps = pgTable(
  "follow_ups",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    title: text("title").notNull(),
    ownerId: text("owner_id").references(() => users.id),
    due: text("due"),
    ticketUrl: text("ticket_url"),
    /** As a postmortem's action item: prevent, detect, mitigate or process (null: not said). */
    kind: text("kind", { enum: ACTION_KINDS }),
    status: text("status", { enum: FOLLOW_UP_STATUSES }).notNull().default("open"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    index("follow_ups_incident_idx").on(t.incidentId),
    index("follow_ups_status_idx").on(t.status),
    index("follow_ups_due_idx").on(t.status, t.due),
  ],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type TimelineEntryRow = typeof timelineEntries.$inferSelect;
