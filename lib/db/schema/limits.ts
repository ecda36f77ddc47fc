// Limits that hold across replicas: rate-limit hits and open-stream leases.
import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Limits that hold across console replicas: every process counts in the database.
// A failed sign-in (or any throttled act) is one row; a sliding window counts the rows inside it.
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rate_limit_hits_key_idx").on(t.bucket, t.key, t.at)],
);

// Open long-lived streams (live tails): a lease each, renewed while the stream is read and deleted when it
// ends; a process that dies leaves leases that expire on their own.
export const streamLeases = pgTable(
  "stream_leases",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    orgId: text("org_id"),
    userId: text("user_id").notNull(),
    holder: text("holder").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("stream_leases_org_idx").on(t.kind, t.orgId, t.expiresAt),
    index("stream_leases_user_idx").on(t.kind, t.userId, t.expiresAt),
    index("stream_leases_holder_idx").on(t.holder),
  ],
);
