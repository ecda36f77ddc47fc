// Routing: teams (each with its own rotation in oncall_schedules), the service catalog that says which
// team owns each service (versioned like schedules), and maintenance windows that hold alerts.
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { MAINTENANCE_KINDS, type AlertSeverity } from "@/lib/vocabulary";
import type { Policy } from "@/lib/playbook";
import { users } from "./auth";

/** A team that owns services and keeps a rotation. `platform` always exists (the migration makes it). */
export const teams = pgTable("teams", {
  /** A slug: lowercase letters, digits and dashes. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** The rotation's zone for working hours (a low alert emails only within them). */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Working hours, local, [start, end) in whole hours, Monday to Friday. */
  workStartHour: integer("work_start_hour").notNull().default(9),
  workEndHour: integer("work_end_hour").notNull().default(17),
  createdBy: text("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One service's entry in the catalog. */
export interface CatalogEntry {
  service: string;
  /** The owning team (its rotation is paged). */
  team: string;
  /** Over the playbook's (and ESCALATION_POLICY's) clocks, per severity. */
  escalation_policy?: Partial<Record<AlertSeverity, Policy>>;
  runbooks: string[];
  dashboards: string[];
  slos: string[];
}

/** The service catalog, versioned: the newest version is in force from its save; older ones are the record. */
export const serviceCatalog = pgTable("service_catalog", {
  version: integer("version").primaryKey(),
  entries: jsonb("entries").$type<CatalogEntry[]>().notNull(),
  createdBy: text("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Planned (or approved emergency) work on services and regions: its alerts notify nobody while it runs. */
export const maintenanceWindows = pgTable(
  "maintenance_windows",
  {
    id: text("id").primaryKey(),
    /** Shown as M-<number>. */
    number: serial("number").notNull(),
    kind: text("kind", { enum: MAINTENANCE_KINDS }).notNull(),
    services: jsonb("services").$type<string[]>().notNull(),
    /** Empty: every region. */
    regions: jsonb("regions").$type<string[]>().notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** What customers read on /status. */
    description: text("description").notNull(),
    rollbackPlan: text("rollback_plan").notNull().default(""),
    /** Emergency work: the engineering manager who approved it. */
    approvedBy: text("approved_by").references(() => users.id),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by").references(() => users.id),
    /** The hold ended early (a SEV0/SEV1 declared on its services): from then on its alerts notify. */
    holdEndedAt: timestamp("hold_ended_at", { withTimezone: true }),
    holdEndedReason: text("hold_ended_reason"),
  },
  (t) => [
    uniqueIndex("maintenance_windows_number_key").on(t.number),
    index("maintenance_windows_time_idx").on(t.startsAt, t.endsAt),
  ],
);
