// Shift handoffs: the versioned template, each handoff, its checklist items and incident summaries.
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { HANDOFF_STATUSES, HANDOFF_PHASES } from "@/lib/vocabulary";
import { users } from "./auth";
import { incidents } from "./incidents";

// Shift handoffs. A template is versioned (admins edit it by writing a new version); a handoff keeps the
// version it started with and copies its items.
export interface HandoffTemplateItem {
  key: string;
  phase: "start" | "end";
  label: string;
}

export const handoffTemplates = pgTable("handoff_templates", {
  version: integer("version").primaryKey(),
  items: jsonb("items").$type<HandoffTemplateItem[]>().notNull(),
  createdBy: text("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const handoffs = pgTable(
  "handoffs",
  {
    id: text("id").primaryKey(),
    outgoingId: text("outgoing_id")
      .notNull()
      .references(() => users.id),
    incomingId: text("incoming_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: HANDOFF_STATUSES }).notNull().default("open"),
    templateVersion: integer("template_version")
      .notNull()
      .references(() => handoffTemplates.version),
    shiftStart: timestamp("shift_start", { withTimezone: true }),
    shiftEnd: timestamp("shift_end", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    ackedAt: timestamp("acked_at", { withTimezone: true }),
    pagingTest: jsonb("paging_test").$type<{ at: string; delivered: boolean; detail: string } | null>(),
  },
  (t) => [
    index("handoffs_created_idx").on(t.createdAt),
    index("handoffs_people_idx").on(t.outgoingId, t.incomingId, t.status),
  ],
);

export const handoffItems = pgTable(
  "handoff_items",
  {
    handoffId: text("handoff_id")
      .notNull()
      .references(() => handoffs.id),
    key: text("key").notNull(),
    position: integer("position").notNull(),
    phase: text("phase", { enum: HANDOFF_PHASES }).notNull(),
    label: text("label").notNull(),
    done: boolean("done").notNull().default(false),
    note: text("note").notNull().default(""),
    doneBy: text("done_by").references(() => users.id),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.handoffId, t.key] })],
);

export const handoffSummaries = pgTable(
  "handoff_summaries",
  {
    handoffId: text("handoff_id")
      .notNull()
      .references(() => handoffs.id),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    summary: text("summary").notNull(),
    updatedBy: text("updated_by")
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.handoffId, t.incidentId] })],
);
