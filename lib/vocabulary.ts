// The words every layer shares, each defined once: the schema, contracts, env, rules and components import
// them from here, with the few rules that are nothing but these words (is an incident open, is an alert a
// page). Browser-safe, and it imports nothing.

// People and tokens.

export const ROLES = ["admin", "operator", "tenant"] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  "logs:read",
  "logs:write",
  "platform-logs:read",
  "changes:write",
  "events:write",
  "traces:read",
  "traces:write",
  "incidents:read",
  "incidents:write",
  "dashboards:read",
  "handoffs:write",
  "alerts:write",
  "audit:read",
  "admin",
] as const;
export type Scope = (typeof SCOPES)[number];

// The audit log.

export const AUDIT_OUTCOMES = ["success", "failure", "allowed", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const ACTOR_KINDS = ["user", "token", "anonymous", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];
/** Who the actor was to the org an event is about: one of its members, platform staff, or neither. */
export const ACTOR_RELATIONS = ["member", "staff", "outsider"] as const;
export type ActorRelation = (typeof ACTOR_RELATIONS)[number];

// Logs, least to most severe.

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** How a level reads wherever a line shows it: whole words, in capitals ("ERROR", never "ERRO"). */
export const levelLabel = (level: string): string => level.toUpperCase();

// Incidents.

export const INCIDENT_SEVERITIES = ["sev0", "sev1", "sev2", "sev3"] as const;
export type Severity = (typeof INCIDENT_SEVERITIES)[number];
/** What each severity means, as the declare form offers them. */
export const SEVERITY_MEANING: Record<Severity, string> = {
  sev0: "critical, all hands",
  sev1: "major customer impact",
  sev2: "partial impact",
  sev3: "minor",
};
export const INCIDENT_STATUSES = ["investigating", "identified", "mitigated", "resolved"] as const;
export type Status = (typeof INCIDENT_STATUSES)[number];
/** Timeline entries people write, and the ones the console writes itself. */
export const WRITABLE_KINDS = [
  "note",
  "action",
  "decision",
  "runbook_deviation",
  "impact",
  "evidence",
  "status_update",
] as const;
export const AUTO_KINDS = [
  "status_change",
  "severity_change",
  "role_change",
  "field_change",
  "alert",
  "freeze_exception",
  "freeze_violation",
  "handoff",
  "declared",
  "update_reminder",
  "maintenance",
] as const;
export type EntryKind = (typeof WRITABLE_KINDS)[number] | (typeof AUTO_KINDS)[number];
export const AUDIENCES = ["internal", "customer"] as const;
export type Audience = (typeof AUDIENCES)[number];
export const FOLLOW_UP_STATUSES = ["open", "done"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** What an action item of a postmortem does: prevents a recurrence, detects it sooner, mitigates it faster, or fixes a process. */
export const ACTION_KINDS = ["prevent", "detect", "mitigate", "process"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

// Postmortems.

export const POSTMORTEM_STATUSES = ["draft", "in_review", "published"] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];
/** The written sections of a postmortem, in the order the document shows them. */
export const POSTMORTEM_SECTIONS = [
  "summary",
  "impact",
  "detection",
  "root_cause",
  "contributing_factors",
  "went_well",
  "went_badly",
  "got_lucky",
  "lessons",
] as const;
export type PostmortemSection = (typeof POSTMORTEM_SECTIONS)[number];
export const POSTMORTEM_SECTION_TITLES: Record<PostmortemSection, string> = {
  summary: "Summary",
  impact: "Impact",
  detection: "Detection",
  root_cause: "Root cause",
  contributing_factors: "Contributing factors",
  went_well: "What went well",
  went_badly: "What went badly",
  got_lucky: "Where we got lucky",
  lessons: "Lessons learned",
};
/** Why a postmortem reminder went out: the draft is overdue, the review meeting is not scheduled in time, an action item is overdue. */
export const REMINDER_REASONS = ["draft_due", "review_due", "action_due"] as const;
export type ReminderReason = (typeof REMINDER_REASONS)[number];
/** Where a runbook was exercised. */
export const EXERCISE_SETTINGS = ["staging", "incident"] as const;
export type ExerciseSetting = (typeof EXERCISE_SETTINGS)[number];

/** Sev0 and sev1: major incidents. */
export const MAJOR_SEVERITIES: readonly Severity[] = ["sev0", "sev1"];
export const isMajor = (s: Severity) => MAJOR_SEVERITIES.includes(s);
/** Every status but resolved. */
export const OPEN_STATUSES: readonly Status[] = INCIDENT_STATUSES.filter((s) => s !== "resolved");
/** Is an incident (or an alert) still open? */
export const isOpen = (status: string) => status !== "resolved";

// Alerts.

/** An alert's severity, as the playbook names them, with its priority: critical (P0), high (P1), medium (P2), low (P3). */
export const ALERT_SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const SEVERITY_PRIORITY: Record<AlertSeverity, "P0" | "P1" | "P2" | "P3"> = {
  critical: "P0",
  high: "P1",
  medium: "P2",
  low: "P3",
};
export const ALERT_KINDS = ["page", "ticket"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ["firing", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Does this alert page someone (rather than wait in the ticket queue)? */
export const isPage = (a: { kind: string }) => a.kind === "page";

// Handoffs, changes, on call.

export const HANDOFF_STATUSES = ["open", "submitted", "acknowledged"] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];
/** A handoff item's phase: the start of a shift or its end. */
export const HANDOFF_PHASES = ["start", "end"] as const;
export type HandoffPhase = (typeof HANDOFF_PHASES)[number];

export const CHANGE_KINDS = ["deploy", "rollback", "config", "flag", "migration", "maintenance", "operator"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_STATUSES = ["started", "succeeded", "failed", "rolled_back"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** A rotation's layers. The shadow (a new engineer's first week) is notified alongside, never a step. */
export const LAYERS = ["primary", "secondary", "tertiary", "shadow"] as const;
export type Layer = (typeof LAYERS)[number];
/** The layers escalation steps through, in order. */
export const ESCALATION_LAYERS = ["primary", "secondary", "tertiary"] as const;
/**
 * Escalation notifies the owning rotation's layers in order, then the engineering manager, then — for a
 * critical alert attached to a SEV0 only — the executive (ESCALATION_EXECUTIVE).
 */
export const STEPS = [...ESCALATION_LAYERS, "manager", "executive"] as const;
export type Step = (typeof STEPS)[number];
/** Who a notification row is for: the step's person, or the rotation's shadow getting a marked copy. */
export const RECIPIENTS = ["step", "shadow"] as const;
export type Recipient = (typeof RECIPIENTS)[number];
/** What became of one notification. held: inside a maintenance window, sent when it ends if still firing. */
export const DELIVERY_STATUSES = ["sending", "delivered", "failed", "skipped", "grouped", "held"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** How a person is reached: a Slack-compatible chat webhook, a JSON webhook, email, an SMS/phone gateway. */
export const NOTIFY_CHANNELS = ["chat", "webhook", "email", "sms"] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
/** Planned work announced ahead, or urgent work an engineering manager approved. */
export const MAINTENANCE_KINDS = ["scheduled", "emergency"] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];
/** The team that owns the platform's rotation, and every service without an owner of its own. */
export const PLATFORM_TEAM = "platform";

/** How often a rotation's shift changes hands. */
export const ROTATIONS = ["daily", "weekly"] as const;
export type Rotation = (typeof ROTATIONS)[number];

/** One layer of a rotation: who holds it, in turn, from when, changing at a local wall-clock time. */
export interface RotationLayer {
  layer: Layer;
  rotation: Rotation;
  /** The first shift's local date (YYYY-MM-DD): people[0] holds it. */
  start_date: string;
  /** The local time shifts change at, HH:MM. */
  handoff_time: string;
  time_zone: string;
  /** User ids, in rotation order. */
  people: string[];
}

// Investigation.

/** How far either side of a moment an investigation looks (a point on a chart, a line, impact start). */
export const INVESTIGATION_MARGIN_MS = 15 * 60_000;
/** The margin as people read it: "±15 min". */
export const INVESTIGATION_MARGIN_TEXT = `±${INVESTIGATION_MARGIN_MS / 60_000} min`;

// The platform's events: what the control plane did and saw, and the consumers that apply them.

export const PLATFORM_EVENT_KINDS = [
  "release.created",
  "release.activated",
  "instance.allocated",
  "instance.booted",
  "instance.ready",
  "instance.stopping",
  "instance.stopped",
  "instance.failed",
  "health_check.passed",
  "health_check.failed",
  "route.bound",
  "route.unbound",
  "edge.config_applied",
  "edge.apply_failed",
  "consumer.cursor",
] as const;
export type PlatformEventKind = (typeof PLATFORM_EVENT_KINDS)[number];
/** The kinds a tenant sees of its own apps; edge applies (per node) and consumer cursors are the platform's. */
export const TENANT_EVENT_KINDS: readonly PlatformEventKind[] = PLATFORM_EVENT_KINDS.filter(
  (k) => !k.startsWith("edge.") && k !== "consumer.cursor",
);
/** An instance's state: the last lifecycle event it had, without its prefix. */
export const INSTANCE_STATES = ["allocated", "booted", "ready", "stopping", "stopped", "failed"] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];
/** Why an instance stopped or failed. */
export const TERMINATION_REASONS = [
  "oom_killed",
  "crashed",
  "health_check_failed",
  "operator_stop",
  "upgrade",
  "evicted",
  "host_lost",
  "scaled_down",
] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];
/** Stops nobody asked for: they count as restarts. */
export const UNPLANNED_REASONS: readonly TerminationReason[] = [
  "oom_killed",
  "crashed",
  "health_check_failed",
  "evicted",
  "host_lost",
];
/** What a consumer of the event stream is. */
export const CONSUMER_KINDS = ["scheduler", "agent", "edge", "projection", "other"] as const;
export type ConsumerKind = (typeof CONSUMER_KINDS)[number];
/** Whether an env serves what it should, as describe answers it. */
export const SERVING_VERDICTS = ["serving", "partially_serving", "not_serving"] as const;
export type ServingVerdict = (typeof SERVING_VERDICTS)[number];

// Traces (spans, OTLP).

export const SPAN_KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];
export const SPAN_STATUSES = ["unset", "ok", "error"] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];
/** Why a trace was kept (sampling): an error span, a span slower than its service's threshold, or the rate. */
export const TRACE_KEEP_REASONS = ["error", "slow", "rate"] as const;
export type TraceKeepReason = (typeof TRACE_KEEP_REASONS)[number];
