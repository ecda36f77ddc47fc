// The audit trail: who did what, to what, and how it went.
import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { AUDIT_OUTCOMES, ACTOR_KINDS, ACTOR_RELATIONS } from "@/lib/vocabulary";

// Append-only: the code has no update or delete path, and a trigger (migration 0001) refuses both.
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    action: text("action").notNull(),
    outcome: text("outcome", { enum: AUDIT_OUTCOMES }).notNull(),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    /** Who the actor was to `org_id` when they acted (null: no org, or no person). */
    actorRelation: text("actor_relation", { enum: ACTOR_RELATIONS }),
    tokenId: text("token_id"),
    orgId: text("org_id"),
    target: text("target"),
    requestId: text("request_id"),
    ip: text("ip"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_org_seq_idx").on(t.orgId, t.seq),
    index("audit_events_action_seq_idx").on(t.action, t.seq),
    index("audit_events_actor_seq_idx").on(t.actorId, t.seq),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
