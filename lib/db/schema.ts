// The control-plane schema: people, tenant orgs (with their apps and envs), API tokens, audit.
import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  foreignKey,
} from "drizzle-orm/pg-core";
import { LOG_LEVELS } from "./schema-levels";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "operator", "tenant"] }).notNull(),
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const orgs = pgTable("orgs", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const apps = pgTable(
  "apps",
  {
    orgId: text("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const envs = pgTable(
  "envs",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    id: text("id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.id] }),
    foreignKey({ columns: [t.orgId, t.appId], foreignColumns: [apps.orgId, apps.id] }).onDelete("cascade"),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] }), index("memberships_org_idx").on(t.orgId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id").references(() => orgs.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull(),
    secretHash: text("secret_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_secret_hash_key").on(t.secretHash), index("api_tokens_user_idx").on(t.userId)],
);

// Append-only: the code has no update or delete path, and a trigger (migration 0001) refuses both.
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    action: text("action").notNull(),
    outcome: text("outcome", { enum: ["success", "failure", "allowed", "denied"] }).notNull(),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    actorKind: text("actor_kind", { enum: ["user", "token", "anonymous", "system"] }).notNull(),
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

export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;


// Tenant log lines. Range-partitioned by day on ts (migration 0002); retention drops whole partitions.
// Every query is scoped by org_id first: each index leads with it. No primary key (ids come from a
// sequence) and no trigram index: both cost ingest rate and the scoped queries do not need them
// (docs/BENCHMARKS.md).
export const logLines = pgTable(
  "log_lines",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    ts: timestamp("ts", { withTimezone: true, precision: 6 }).notNull(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    processType: text("process_type").notNull(),
    instanceId: text("instance_id").notNull(),
    releaseId: text("release_id"),
    hostId: text("host_id"),
    level: text("level", { enum: LOG_LEVELS }).notNull(),
    message: text("message").notNull(),
    requestId: text("request_id"),
    traceId: text("trace_id"),
    attrs: jsonb("attrs").$type<Record<string, unknown>>(),
    ingestedAt: timestamp("ingested_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("log_lines_scope_idx").on(t.orgId, t.appId, t.envId, t.ts.desc(), t.id.desc()),
    index("log_lines_org_ts_idx").on(t.orgId, t.ts.desc(), t.id.desc()),
    index("log_lines_instance_idx").on(t.orgId, t.instanceId, t.ts, t.id),
    index("log_lines_org_id_idx").on(t.orgId, t.id),
  ],
);

// The streams each org has written to (app × env × process × instance), for the filter pickers.
export const logStreams = pgTable(
  "log_streams",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    processType: text("process_type").notNull(),
    instanceId: text("instance_id").notNull(),
    firstSeen: timestamp("first_seen", { withTimezone: true }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.appId, t.envId, t.processType, t.instanceId] }), index("log_streams_org_seen_idx").on(t.orgId, t.lastSeen)],
);

export type LogLineRow = typeof logLines.$inferSelect;
