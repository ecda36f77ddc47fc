// Tenant and platform log lines, their streams and sources, and operators' reasons for reading an org's logs.
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { LOG_LEVELS } from "@/lib/vocabulary";
import { users, orgs } from "./auth";

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
    // Correlation: one request's or trace's lines in an org.
    index("log_lines_request_idx")
      .on(t.orgId, t.requestId, t.ts)
      .where(sql`request_id is not null`),
    index("log_lines_trace_idx")
      .on(t.orgId, t.traceId, t.ts)
      .where(sql`trace_id is not null`),
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
  (t) => [
    primaryKey({ columns: [t.orgId, t.appId, t.envId, t.processType, t.instanceId] }),
    index("log_streams_org_seen_idx").on(t.orgId, t.lastSeen),
  ],
);

export type LogLineRow = typeof logLines.$inferSelect;

// Platform logs (control plane, projector, scheduler, agent, edge): a table of their own, apart from
// tenant logs, so that no tenant query can reach one. Range-partitioned by day on ts like log_lines
// (migration 0008); operators read them by component and region, by node, or by request and trace.
export const platformLogLines = pgTable(
  "platform_log_lines",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    ts: timestamp("ts", { withTimezone: true, precision: 6 }).notNull(),
    component: text("component").notNull(),
    region: text("region").notNull(),
    nodeId: text("node_id").notNull(),
    hostId: text("host_id"),
    level: text("level", { enum: LOG_LEVELS }).notNull(),
    message: text("message").notNull(),
    requestId: text("request_id"),
    traceId: text("trace_id"),
    errorClass: text("error_class"),
    orgId: text("org_id"),
    appId: text("app_id"),
    envId: text("env_id"),
    instanceId: text("instance_id"),
    routeId: text("route_id"),
    releaseId: text("release_id"),
    attrs: jsonb("attrs").$type<Record<string, unknown>>(),
    ingestedAt: timestamp("ingested_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("platform_log_lines_scope_idx").on(t.component, t.region, t.ts.desc(), t.id.desc()),
    index("platform_log_lines_ts_idx").on(t.ts.desc(), t.id.desc()),
    index("platform_log_lines_node_idx").on(t.nodeId, t.ts, t.id),
    index("platform_log_lines_id_idx").on(t.id),
    index("platform_log_lines_request_idx")
      .on(t.requestId, t.ts)
      .where(sql`request_id is not null`),
    index("platform_log_lines_trace_idx")
      .on(t.traceId, t.ts)
      .where(sql`trace_id is not null`),
  ],
);

// The platform's log sources (component × region × node × host) and when they were seen, for the pickers.
export const platformLogSources = pgTable(
  "platform_log_sources",
  {
    component: text("component").notNull(),
    region: text("region").notNull(),
    nodeId: text("node_id").notNull(),
    hostId: text("host_id").notNull().default(""),
    firstSeen: timestamp("first_seen", { withTimezone: true }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.component, t.region, t.nodeId, t.hostId] }),
    index("platform_log_sources_seen_idx").on(t.lastSeen),
  ],
);

// An operator's stated reason for reading one org's logs: one person, one org, until it expires.
// Kept on the server, so a link to the logs never carries it.
export const accessReasons = pgTable(
  "access_reasons",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("access_reasons_user_org_idx").on(t.userId, t.orgId, t.expiresAt)],
);
