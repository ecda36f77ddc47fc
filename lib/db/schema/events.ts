// The platform's events (releases, instance lifecycle, health checks, routes, edge applies, consumer
// cursors), append-only like the audit log, and the small projections describe reads: each projection row
// keeps the (ts, event_id) of the event it reflects and is replaced only by a later one.
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { CONSUMER_KINDS, INSTANCE_STATES, PLATFORM_EVENT_KINDS, TERMINATION_REASONS } from "@/lib/vocabulary";

const ts = () => timestamp("ts", { withTimezone: true, precision: 3 }).notNull();
/** Collated "C" in the migration: compared byte by byte, as ./rules isLater compares them. */
const eventId = () => text("event_id").notNull();

// Append-only: a trigger (migration 0016) refuses UPDATE and TRUNCATE, and DELETE outside retention. The ids
// an index keys on are collated "C" too (migration 0016): ASCII ids compare byte by byte, far cheaper than a
// locale's rules on every insert's walk down five indexes.
export const platformEvents = pgTable(
  "platform_events",
  {
    /** The console's arrival order: live tails resume by it. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    /** The platform's own id: a repeated event is the same event. */
    eventId: eventId(),
    ts: ts(),
    kind: text("kind", { enum: PLATFORM_EVENT_KINDS }).notNull(),
    region: text("region").notNull(),
    orgId: text("org_id"),
    appId: text("app_id"),
    envId: text("env_id"),
    processType: text("process_type"),
    releaseId: text("release_id"),
    instanceId: text("instance_id"),
    hostId: text("host_id"),
    nodeId: text("node_id"),
    route: text("route"),
    reason: text("reason", { enum: TERMINATION_REASONS }),
    /** The rest of the event as posted: exit code, resources, health check, backends, config version, error, consumer. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("platform_events_event_id_key").on(t.eventId),
    index("platform_events_ts_idx").on(t.ts, t.eventId),
    index("platform_events_env_ts_idx").on(t.orgId, t.appId, t.envId, t.ts, t.eventId),
    index("platform_events_instance_ts_idx")
      .on(t.instanceId, t.ts, t.eventId)
      .where(sql`instance_id is not null`),
    index("platform_events_route_ts_idx")
      .on(t.route, t.ts, t.eventId)
      .where(sql`route is not null`),
    index("platform_events_kind_ts_idx").on(t.kind, t.ts, t.eventId),
    // The failures, newest first, in one ordered walk: a list of several kinds cannot walk the kind index
    // (one ordered run per kind), and the time index with a filter passes over every other event first.
    index("platform_events_failures_ts_idx")
      .on(t.ts, t.eventId)
      .where(sql`kind in ('instance.failed', 'health_check.failed', 'edge.apply_failed')`),
  ],
);
export type PlatformEventRow = typeof platformEvents.$inferSelect;

/** Each instance's current lifecycle state: the latest instance.* event. */
export const platformInstances = pgTable(
  "platform_instances",
  {
    instanceId: text("instance_id").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    processType: text("process_type").notNull(),
    releaseId: text("release_id"),
    hostId: text("host_id"),
    region: text("region").notNull(),
    state: text("state", { enum: INSTANCE_STATES }).notNull(),
    reason: text("reason", { enum: TERMINATION_REASONS }),
    exitCode: integer("exit_code"),
    resources: jsonb("resources").$type<Record<string, number>>(),
    ts: ts(),
    eventId: eventId(),
  },
  (t) => [index("platform_instances_env_idx").on(t.orgId, t.appId, t.envId, t.processType)],
);

/** Each instance's last health check. */
export const platformHealth = pgTable("platform_health", {
  instanceId: text("instance_id").primaryKey(),
  passed: boolean("passed").notNull(),
  check: jsonb("check").$type<Record<string, unknown>>(),
  ts: ts(),
  eventId: eventId(),
});

/** The release each process type of an env should run: the latest release.activated. */
export const platformDesired = pgTable(
  "platform_desired",
  {
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    processType: text("process_type").notNull(),
    releaseId: text("release_id").notNull(),
    desiredInstances: integer("desired_instances"),
    ts: ts(),
    eventId: eventId(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.appId, t.envId, t.processType] })],
);

/** Each route's binding: bound with its backends, or unbound. */
export const platformRoutes = pgTable(
  "platform_routes",
  {
    route: text("route").primaryKey(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    envId: text("env_id").notNull(),
    region: text("region").notNull(),
    bound: boolean("bound").notNull(),
    backends: jsonb("backends").$type<{ instance_id: string; address: string | null }[]>().notNull().default([]),
    ts: ts(),
    eventId: eventId(),
  },
  (t) => [index("platform_routes_env_idx").on(t.orgId, t.appId, t.envId)],
);

/** Each edge node's last apply of each route's config. */
export const platformEdge = pgTable(
  "platform_edge",
  {
    route: text("route").notNull(),
    nodeId: text("node_id").notNull(),
    region: text("region").notNull(),
    configVersion: integer("config_version").notNull(),
    applied: boolean("applied").notNull(),
    error: text("error"),
    ts: ts(),
    eventId: eventId(),
  },
  (t) => [primaryKey({ columns: [t.route, t.nodeId] })],
);

/** Each consumer's cursor: the last event it applied, and its last reconcile error. */
export const platformConsumers = pgTable("platform_consumers", {
  consumer: text("consumer").primaryKey(),
  consumerKind: text("consumer_kind", { enum: CONSUMER_KINDS }).notNull(),
  region: text("region").notNull(),
  appliedEventId: text("applied_event_id"),
  appliedTs: timestamp("applied_ts", { withTimezone: true, precision: 3 }),
  error: text("error"),
  backoffSeconds: integer("backoff_seconds"),
  ts: ts(),
  eventId: eventId(),
});
