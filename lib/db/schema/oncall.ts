// On-call schedules, overrides and how each person is paged.
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { LAYERS, PLATFORM_TEAM, type RotationLayer } from "@/lib/vocabulary";
import { users } from "./auth";
import { teams } from "./routing";

/** Each team's on-call schedule, versioned like the handoff template: a team's newest version is in force. */
export const oncallSchedules = pgTable(
  "oncall_schedules",
  {
    team: text("team")
      .notNull()
      .default(PLATFORM_TEAM)
      .references(() => teams.id),
    version: integer("version").notNull(),
    layers: jsonb("layers").$type<RotationLayer[]>().notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.team, t.version] })],
);

/** Someone takes (part of) a layer's shift. Cancelled overrides are kept, with who cancelled them. */
export const oncallOverrides = pgTable(
  "oncall_overrides",
  {
    id: text("id").primaryKey(),
    team: text("team")
      .notNull()
      .default(PLATFORM_TEAM)
      .references(() => teams.id),
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
  (t) => [index("oncall_overrides_window_idx").on(t.team, t.layer, t.startsAt, t.endsAt)],
);

/**
 * How a person is reached: a JSON webhook, a Slack-compatible incoming webhook (chat), an email address
 * (SMTP_URL), and an SMS/phone gateway webhook (critical only). Which ones a notification uses is
 * NOTIFY_CHANNELS's choice by severity.
 */
export interface Contact {
  webhook_url?: string;
  slack_webhook_url?: string;
  email?: string;
  sms_webhook_url?: string;
}

/** Where each person is paged (one row per person; absent: the platform's PAGING_WEBHOOK_URL). */
export const contacts = pgTable("contacts", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  contact: jsonb("contact").$type<Contact>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
