// Incident API contracts: lifecycle, timeline, live events, deploy freeze, follow-ups, export.
import { z } from "zod";
import { endpoint, limitParam, repeated } from "@/lib/http/endpoint";
import { SERVICES } from "@/lib/metrics/services";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, WRITABLE_KINDS, CHANGE_KINDS, FOLLOW_UP_STATUSES } from "@/lib/vocabulary";

const name = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const iso = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const userId = z.string().min(1).max(100);
/** Services come from the catalog, so a freeze, the status page and Investigate all mean the same ones. */
const services = z.array(z.enum(SERVICES, { message: `must be a service of the catalog: ${SERVICES.join(", ")}` })).max(50);
/** Which regions exist is configuration (METRICS_REGIONS), checked by lib/incidents. */
const regions = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a region name")).max(20);
export const severitySchema = z.enum(INCIDENT_SEVERITIES, { message: `must be one of: ${INCIDENT_SEVERITIES.join(", ")}` });
export const statusSchema = z.enum(INCIDENT_STATUSES, { message: `must be one of: ${INCIDENT_STATUSES.join(", ")}` });

export const incidentSchema = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  severity: severitySchema,
  status: statusSchema,
  commander_id: z.string().nullable(),
  roles: z.record(z.string(), z.string()),
  services: z.array(z.string()),
  regions: z.array(z.string()),
  summary: z.string(),
  declared_by: z.string(),
  declared_at: z.string(),
  impact_started_at: z.string().nullable(),
  mitigated_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  updated_at: z.string(),
  last_entry_at: z.string().nullable(),
  stale: z.boolean(),
  freezes_deploys: z.boolean(),
  customer_update_every_minutes: z.number().nullable().describe("while open, a customer update is due this often (STATUS_UPDATE_CADENCE); null: none"),
});
export type Incident = z.infer<typeof incidentSchema>;

export const entrySchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  kind: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  occurred_at: z.string(),
  recorded_at: z.string(),
  author_id: z.string().nullable(),
  corrects: z.string().nullable(),
  corrected_by: z.array(z.string()),
});
export type TimelineEntry = z.infer<typeof entrySchema>;

export const declareIncidentBodySchema = z.object({
  title: z.string().trim().min(3, "must be at least 3 characters").max(200, "must be at most 200 characters"),
  severity: severitySchema,
  summary: z.string().max(5000).optional(),
  services: services.optional(),
  regions: regions.optional(),
  commander_id: userId.nullish(),
  impact_started_at: iso.optional(),
});
export type DeclareIncidentBody = z.infer<typeof declareIncidentBodySchema>;

export const updateIncidentBodySchema = z
  .object({
    title: declareIncidentBodySchema.shape.title.optional(),
    severity: severitySchema.optional(),
    status: statusSchema.optional(),
    commander_id: userId.nullable().optional(),
    roles: z.record(z.string().regex(/^[a-z_]{1,30}$/, "role names are lowercase words"), userId).optional(),
    services: services.optional(),
    regions: regions.optional(),
    summary: z.string().max(5000).optional(),
    impact_started_at: iso.nullable().optional(),
    note: z.string().trim().max(5000, "must be at most 5,000 characters").optional().describe("an update that goes with the change, into the same timeline entry"),
    customer_update: z.string().trim().min(1, "say what customers should know").max(5000, "must be at most 5,000 characters").optional().describe("a customer status update posted with the change (the closing update when resolving)"),
  })
  .refine((b) => Object.keys(b).some((k) => k !== "note" && k !== "customer_update"), { message: "change at least one field (a note goes with a change)" });
export type UpdateIncidentBody = z.infer<typeof updateIncidentBodySchema>;

export const appendEntryBodySchema = z.object({
  kind: z.enum(WRITABLE_KINDS, { message: `must be one of: ${WRITABLE_KINDS.join(", ")}` }),
  body: z.string().max(20_000, "must be at most 20,000 characters").default(""),
  data: z.record(z.string(), z.unknown()).optional(),
  occurred_at: iso.optional(),
  corrects: z.string().regex(/^\d{1,18}$/, "must be an entry id").optional(),
});
export type AppendEntryBody = z.infer<typeof appendEntryBodySchema>;

export const takeoverBodySchema = z.object({
  known: z.string().trim().min(1, "say what is known").max(5000),
  ruled_out: z.string().max(5000).default(""),
  last_customer_update: z.string().max(5000).default(""),
});

export const freezeExceptionBodySchema = z.object({ service: name, reason: z.string().trim().min(3, "say why this deploy cannot wait").max(2000) });

export const followUpSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  title: z.string(),
  owner_id: z.string().nullable(),
  due: z.string().nullable(),
  ticket_url: z.string().nullable(),
  status: z.enum(FOLLOW_UP_STATUSES),
  created_at: z.string(),
  done_at: z.string().nullable(),
});
export type FollowUp = z.infer<typeof followUpSchema>;
export const createFollowUpBodySchema = z.object({
  title: z.string().trim().min(3, "must be at least 3 characters").max(300),
  owner_id: userId.nullish(),
  due: z.iso.date({ message: "must be a date like 2026-12-01" }).nullish(),
  ticket_url: z.url({ message: "must be a URL" }).max(2000).nullish(),
});
export const updateFollowUpBodySchema = z.object({ status: z.enum(FOLLOW_UP_STATUSES) });

const idParams = z.object({ id: z.string().max(100) });
const listQuery = z.object({
  status: repeated(z.enum([...INCIDENT_STATUSES, "open"])),
  severity: repeated(severitySchema),
  limit: limitParam(200, 50),
  cursor: z.string().max(200).optional(),
});

export const listIncidentsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents",
  summary: "Incidents, open first then newest; filter by status (or `open`) and severity",
  tag: "incidents",
  scope: "incidents:read",
  query: listQuery,
  response: z.object({ incidents: z.array(incidentSchema), next_cursor: z.string().nullable() }),
});

export const declareIncidentEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents",
  summary: "Declare an incident; a Sev0/Sev1 without a named IC makes the declarer the IC",
  tag: "incidents",
  scope: "incidents:write",
  audit: "incident.declare",
  auditResult: (r) => ({ incident_id: r.incident.id }),
  body: declareIncidentBodySchema,
  status: 201,
  response: z.object({ incident: incidentSchema }),
});

export const getIncidentEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}",
  summary: "One incident (by id or ref, e.g. INC-42)",
  tag: "incidents",
  scope: "incidents:read",
  params: idParams,
  response: z.object({ incident: incidentSchema }),
});

export const updateIncidentEndpoint = endpoint({
  method: "PATCH",
  path: "/api/v1/incidents/{id}",
  summary: "Change status, severity, roles or fields; each change is written to the timeline",
  tag: "incidents",
  scope: "incidents:write",
  audit: "incident.update",
  params: idParams,
  body: updateIncidentBodySchema,
  response: z.object({ incident: incidentSchema }),
});

export const takeoverEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/takeover",
  summary: "Take over as incident commander, with a briefing recorded in the timeline",
  tag: "incidents",
  scope: "incidents:write",
  audit: "incident.takeover",
  params: idParams,
  body: takeoverBodySchema,
  response: z.object({ incident: incidentSchema }),
});

export const listTimelineEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/timeline",
  summary: "The whole timeline in occurred order",
  tag: "incidents",
  scope: "incidents:read",
  params: idParams,
  response: z.object({ entries: z.array(entrySchema) }),
});

export const appendEntryEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/timeline",
  summary: "Append an entry (append-only: a correction is a new entry with `corrects`)",
  tag: "incidents",
  scope: "incidents:write",
  params: idParams,
  body: appendEntryBodySchema,
  status: 201,
  response: z.object({ entry: entrySchema }),
});

export const incidentEventsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/events",
  summary: "Live (text/event-stream): `entry` and `incident` events; resumes from Last-Event-ID",
  tag: "incidents",
  scope: "incidents:read",
  params: idParams,
  produces: "text/event-stream",
  response: entrySchema,
});

export const deployFreezeEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/deploy-freeze",
  summary: "Whether deploys are frozen — by an open Sev0/Sev1 not yet mitigated, or by a spent error budget of the service's SLOs — for deploy pipelines",
  tag: "incidents",
  scope: "incidents:read",
  query: z.object({
    service: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    kind: z.enum(CHANGE_KINDS).optional().describe("the change about to be made (default deploy): a spent budget freezes deploys only, never rollbacks or config"),
  }),
  response: z.object({
    frozen: z.boolean(),
    reasons: z.array(z.object({ incident: z.string(), ref: z.string(), title: z.string(), severity: severitySchema, since: z.string() })),
    exceptions: z.array(z.object({ incident: z.string(), ref: z.string(), service: z.string(), reason: z.string(), by: z.string(), at: z.string() })),
    budgets: z.array(z.object({ slo: z.string(), name: z.string(), region: z.string(), remaining: z.number() })).describe("the service's SLOs whose 30-day error budget is spent, without an exception: deploys wait until it recovers"),
  }),
});

export const createFreezeExceptionEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/freeze-exceptions",
  summary: "Let one service deploy despite the freeze (the incident commander only)",
  tag: "incidents",
  scope: "incidents:write",
  audit: "incident.freeze_exception",
  params: idParams,
  body: freezeExceptionBodySchema,
  status: 201,
  response: z.object({ exception: z.object({ id: z.string(), service: z.string(), reason: z.string(), by: z.string(), at: z.string() }) }),
});

export const listFollowUpsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/follow-ups",
  summary: "Follow-up work from an incident",
  tag: "incidents",
  scope: "incidents:read",
  params: idParams,
  response: z.object({ follow_ups: z.array(followUpSchema) }),
});

export const createFollowUpEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/follow-ups",
  summary: "Add a follow-up",
  tag: "incidents",
  scope: "incidents:write",
  audit: "incident.follow_up_create",
  auditResult: (r) => ({ follow_up_id: r.follow_up.id }),
  params: idParams,
  body: createFollowUpBodySchema,
  status: 201,
  response: z.object({ follow_up: followUpSchema }),
});

export const updateFollowUpEndpoint = endpoint({
  method: "PATCH",
  path: "/api/v1/incidents/{id}/follow-ups/{followUpId}",
  summary: "Mark a follow-up done or open",
  tag: "incidents",
  scope: "incidents:write",
  audit: "incident.follow_up_update",
  params: idParams.extend({ followUpId: z.string().max(100) }),
  body: updateFollowUpBodySchema,
  response: z.object({ follow_up: followUpSchema }),
});

export const exportIncidentEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/export",
  summary: "A postmortem skeleton: summary, impact, roles, the whole timeline (UTC, corrections shown), follow-ups",
  tag: "incidents",
  scope: "incidents:read",
  params: idParams,
  query: z.object({ format: z.enum(["markdown", "json"]).default("markdown") }),
  produces: "text/markdown",
  response: z.record(z.string(), z.unknown()),
});
