// On-call schedules, overrides and how each person is paged.
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { LAYERS, type RotationLayer } from "@/lib/vocabulary";
import { users } from "./auth";

/** On-call schedules, versioned like the handoff template: the newest version is in force. */
export const oncallSchedules = pgTable("oncall_schedules", {
  version: integer("version").primaryKey(),
  layers: jsonb("layers").$type<RotationLayer[]>().notNull(),
  createdBy: text("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Someone takes (part of) a layer's shift. Cancelled overrides are kept, with who cancelled them. */
export const oncallOverrides = pgTable(
  "oncall_overrides",
  {
    id: text("id").primaryKey(),
    layer: text("layer", { enum: LAYERS }).notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull().default(""),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by").references(() => users.id),
  },
  (t) => [index("oncall_overrides_window_idx").on(t.layer, t.startsAt, t.endsAt)],
);

/** How a person is reached when paged: a JSON webhook and/or a Slack-compatible incoming webhook. */
export interface Contact {
  webhook_url?: string;
  slack_webhook_url?: string;
}

/** Where each person is paged (one row per person; absent: the platform's PAGING_WEBHOOK_URL). */
export const contacts = pgTable("contacts", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  contact: jsonb("contact").$type<Contact>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
