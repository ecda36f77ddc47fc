// The control-plane schema: people, tenant orgs (with their apps and envs), API tokens, audit, tenant
// logs, incidents, alerts, handoffs, limits. Value lists (severities, statuses, log levels) come from
// lib/vocabulary, so there is one list of each; the database layer imports no domain.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  integer,
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
import { LOG_LEVELS, INCIDENT_SEVERITIES, INCIDENT_STATUSES, HANDOFF_STATUSES, CHANGE_KINDS, CHANGE_STATUSES, LAYERS, type RotationLayer, ROLES, AUDIT_OUTCOMES, ACTOR_KINDS, FOLLOW_UP_STATUSES, ALERT_KINDS, ALERT_STATUSES, HANDOFF_PHASES, DELIVERY_STATUSES } from "@/lib/vocabulary";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
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
    outcome: text("outcome", { enum: AUDIT_OUTCOMES }).notNull(),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
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
    // Correlation: one request's or trace's lines in an org.
    index("log_lines_request_idx").on(t.orgId, t.requestId, t.ts).where(sql`request_id is not null`),
    index("log_lines_trace_idx").on(t.orgId, t.traceId, t.ts).where(sql`trace_id is not null`),
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


// Incidents: the record an incident commander keeps; people are user ids.
export const incidents = pgTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    number: bigserial("number", { mode: "number" }).notNull(),
    title: text("title").notNull(),
    severity: text("severity", { enum: INCIDENT_SEVERITIES }).notNull(),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull(),
    commanderId: text("commander_id").references(() => users.id),
    roles: jsonb("roles").$type<Record<string, string>>().notNull().default({}),
    services: text("services").array().notNull().default(sql`'{}'::text[]`),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    summary: text("summary").notNull().default(""),
    declaredBy: text("declared_by").notNull().references(() => users.id),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
    impactStartedAt: timestamp("impact_started_at", { withTimezone: true }),
    mitigatedAt: timestamp("mitigated_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("incidents_number_key").on(t.number), index("incidents_status_idx").on(t.status, t.declaredAt)],
);

// The timeline: append-only (no update or delete path; a trigger refuses both). Corrections are new
// entries that point at the one they correct.
export const timelineEntries = pgTable(
  "timeline_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: text("incident_id").notNull().references(() => incidents.id),
    kind: text("kind").notNull(),
    body: text("body").notNull().default(""),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    authorId: text("author_id").references(() => users.id),
    correctsId: bigint("corrects_id", { mode: "number" }),
  },
  (t) => [index("timeline_incident_idx").on(t.incidentId, t.occurredAt, t.id)],
);

export const freezeExceptions = pgTable(
  "freeze_exceptions",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id").notNull().references(() => incidents.id),
    service: text("service").notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("freeze_exceptions_incident_idx").on(t.incidentId)],
);

export const followUps = pgTable(
  "follow_ups",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id").notNull().references(() => incidents.id),
    title: text("title").notNull(),
    ownerId: text("owner_id").references(() => users.id),
    due: text("due"),
    ticketUrl: text("ticket_url"),
    status: text("status", { enum: FOLLOW_UP_STATUSES }).notNull().default("open"),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [index("follow_ups_incident_idx").on(t.incidentId), index("follow_ups_status_idx").on(t.status)],
);

export type IncidentRow = typeof incidents.$inferSelect;
export type TimelineEntryRow = typeof timelineEntries.$inferSelect;

// Alerts from Alertmanager, kept by fingerprint: a repeat updates last_seen and count.
export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    fingerprint: text("fingerprint").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    pagerEligible: boolean("pager_eligible").notNull(),
    notEligibleReason: text("not_eligible_reason"),
    status: text("status", { enum: ALERT_STATUSES }).notNull(),
    count: integer("count").notNull().default(1),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    annotations: jsonb("annotations").$type<Record<string, string>>().notNull(),
    firstSeen: timestamp("first_seen", { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    ackedBy: text("acked_by").references(() => users.id),
    ackedAt: timestamp("acked_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by"),
    incidentId: text("incident_id").references(() => incidents.id),
    /** When this firing began, as the console saw it (again when a resolved alert fires anew): escalation's clock. */
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
    /** When it fired again soon after resolving (a flap), newest last, the last hour's only. */
    flaps: jsonb("flaps").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Sent with another alert's notification (same service and region, fired within a minute): that alert's id. */
    groupedWith: text("grouped_with"),
  },
  (t) => [uniqueIndex("alerts_fingerprint_key").on(t.fingerprint), index("alerts_status_idx").on(t.status, t.lastSeen)],
);

// The error budget policy's exceptions: a service's owner lets deploys through while an SLO's budget is
// spent, with a reason, for a while. Never deleted: ended.
export const budgetExceptions = pgTable(
  "budget_exceptions",
  {
    id: text("id").primaryKey(),
    sloId: text("slo_id").notNull(),
    /** Null: every region. */
    region: text("region"),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedBy: text("ended_by").references(() => users.id),
  },
  (t) => [index("budget_exceptions_slo_idx").on(t.sloId, t.expiresAt)],
);

// When each alerting pipeline last proved itself: the Watchdog alert's arrivals (the dead man's switch).
export const pipelineHeartbeats = pgTable("pipeline_heartbeats", {
  source: text("source").primaryKey(),
  firstAt: timestamp("first_at", { withTimezone: true }).notNull().defaultNow(),
  lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
  count: integer("count").notNull().default(1),
});

// Shift handoffs. A template is versioned (admins edit it by writing a new version); a handoff keeps the
// version it started with and copies its items.
export interface HandoffTemplateItem {
  key: string;
  phase: "start" | "end";
  label: string;
}

export const handoffTemplates = pgTable(
  "handoff_templates",
  {
    version: integer("version").primaryKey(),
    items: jsonb("items").$type<HandoffTemplateItem[]>().notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
);


export const handoffs = pgTable(
  "handoffs",
  {
    id: text("id").primaryKey(),
    outgoingId: text("outgoing_id").notNull().references(() => users.id),
    incomingId: text("incoming_id").notNull().references(() => users.id),
    status: text("status", { enum: HANDOFF_STATUSES }).notNull().default("open"),
    templateVersion: integer("template_version").notNull().references(() => handoffTemplates.version),
    shiftStart: timestamp("shift_start", { withTimezone: true }),
    shiftEnd: timestamp("shift_end", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    ackedAt: timestamp("acked_at", { withTimezone: true }),
    pagingTest: jsonb("paging_test").$type<{ at: string; delivered: boolean; detail: string } | null>(),
  },
  (t) => [index("handoffs_created_idx").on(t.createdAt), index("handoffs_people_idx").on(t.outgoingId, t.incomingId, t.status)],
);

export const handoffItems = pgTable(
  "handoff_items",
  {
    handoffId: text("handoff_id").notNull().references(() => handoffs.id),
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
    handoffId: text("handoff_id").notNull().references(() => handoffs.id),
    incidentId: text("incident_id").notNull().references(() => incidents.id),
    summary: text("summary").notNull(),
    updatedBy: text("updated_by").notNull().references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.handoffId, t.incidentId] })],
);

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
  (t) => [index("stream_leases_org_idx").on(t.kind, t.orgId, t.expiresAt), index("stream_leases_user_idx").on(t.kind, t.userId, t.expiresAt), index("stream_leases_holder_idx").on(t.holder)],
);

// An operator's stated reason for reading one org's logs: one person, one org, until it expires.
// Kept on the server, so a link to the logs never carries it.
export const accessReasons = pgTable(
  "access_reasons",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    orgId: text("org_id").notNull().references(() => orgs.id),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("access_reasons_user_org_idx").on(t.userId, t.orgId, t.expiresAt)],
);

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
    index("platform_log_lines_request_idx").on(t.requestId, t.ts).where(sql`request_id is not null`),
    index("platform_log_lines_trace_idx").on(t.traceId, t.ts).where(sql`trace_id is not null`),
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
  (t) => [primaryKey({ columns: [t.component, t.region, t.nodeId, t.hostId] }), index("platform_log_sources_seen_idx").on(t.lastSeen)],
);

// Change events: deploys, rollbacks, config pushes, flags, migrations, maintenance and operator
// actions, posted by pipelines and agents; one row per external_id (a later post updates its status).
export const changes = pgTable(
  "changes",
  {
    id: text("id").primaryKey(),
    externalId: text("external_id").notNull(),
    kind: text("kind", { enum: CHANGE_KINDS }).notNull(),
    service: text("service").notNull(),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    summary: text("summary").notNull(),
    ref: text("ref"),
    url: text("url"),
    actor: text("actor").notNull(),
    status: text("status", { enum: CHANGE_STATUSES }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    orgId: text("org_id"),
    appId: text("app_id"),
    envId: text("env_id"),
    /** Posted while a deploy freeze covered its service and region, without an exception. */
    freezeViolation: boolean("freeze_violation").notNull().default(false),
    /** The incidents whose freeze it broke. */
    freezeIncidents: text("freeze_incidents").array().notNull().default(sql`'{}'::text[]`),
    /** Posted as an import of past changes (its start may lie further back than CHANGE_MAX_BACKDATE_MINUTES). */
    backfill: boolean("backfill").notNull().default(false),
    /** The SLOs whose spent error budget froze its service when it was posted ("slo:region"). */
    freezeBudgets: text("freeze_budgets").array().notNull().default(sql`'{}'::text[]`),
    postedBy: text("posted_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("changes_external_id_key").on(t.externalId),
    index("changes_started_idx").on(t.startedAt),
    index("changes_service_started_idx").on(t.service, t.startedAt),
    index("changes_org_started_idx").on(t.orgId, t.startedAt),
  ],
);

export type ChangeRow = typeof changes.$inferSelect;

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
    userId: text("user_id").notNull().references(() => users.id),
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
  userId: text("user_id").primaryKey().references(() => users.id),
  contact: jsonb("contact").$type<Contact>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Each escalation step of a page's firing, taken once across replicas (the unique key is the claim):
 * who was notified, how, and whether it was delivered. A step left "sending" by a process that died is
 * taken up again.
 */
export const alertEscalations = pgTable(
  "alert_escalations",
  {
    id: text("id").primaryKey(),
    alertId: text("alert_id").notNull().references(() => alerts.id),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull(),
    step: integer("step").notNull(),
    layer: text("layer").notNull(),
    userId: text("user_id").references(() => users.id),
    channel: text("channel"),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    detail: text("detail").notNull().default(""),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("alert_escalations_step_key").on(t.alertId, t.firedAt, t.step), index("alert_escalations_status_idx").on(t.status, t.claimedAt)],
);
