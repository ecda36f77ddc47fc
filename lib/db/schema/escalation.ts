// The escalation steps taken for each page's firing.
import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { DELIVERY_STATUSES, RECIPIENTS } from "@/lib/vocabulary";
import { users } from "./auth";
import { alerts } from "./alerts";

/**
 * Each escalation step of a page's firing, taken once across replicas (the unique key is the claim):
 * who was notified, how, and whether it was delivered. A step left "sending" by a process that died is
 * taken up again.
 */
export const alertEscalations = pgTable(
  "alert_escalations",
  {
    id: text("id").primaryKey(),
    alertId: text("alert_id")
      .notNull()
      .references(() => alerts.id),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull(),
    step: integer("step").notNull(),
    layer: text("layer").notNull(),
    /** step: the step's person; shadow: the rotation's shadow, sent a copy marked "shadow". */
    recipient: text("recipient", { enum: RECIPIENTS }).notNull().default("step"),
    userId: text("user_id").references(() => users.id),
    channel: text("channel"),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    detail: text("detail").notNull().default(""),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alert_escalations_step_key").on(t.alertId, t.firedAt, t.step, t.recipient),
    index("alert_escalations_status_idx").on(t.status, t.claimedAt),
  ],
);
