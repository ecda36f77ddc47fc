// Incident API contracts: lifecycle, timeline, live events, deploy freeze, follow-ups, export.
import { z } from "zod";
import { endpoint, limitParam, repeated } from "@/lib/http/endpoint";
import { INCIDENT_STATUSES, CHANGE_KINDS } from "@/lib/vocabulary";
import {
  severitySchema,
  incidentSchema,
  entrySchema,
  declareIncidentBodySchema,
  updateIncidentBodySchema,
  appendEntryBodySchema,
  takeoverBodySchema,
  freezeExceptionBodySchema,
  followUpSchema,
  createFollowUpBodySchema,
  updateFollowUpBodySchema,
} from "./schemas";

export {
  severitySchema,
  statusSchema,
  incidentSchema,
  type Incident,
  entrySchema,
  type TimelineEntry,
  declareIncidentBodySchema,
  type DeclareIncidentBody,
  updateIncidentBodySchema,
  type UpdateIncidentBody,
  appendEntryBodySchema,
  type AppendEntryBody,
  takeoverBodySchema,
  freezeExceptionBodySchema,
  followUpSchema,
  type FollowUp,
  createFollowUpBodySchema,
  updateFollowUpBodySchema,
} from "./schemas";

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
  summary:
    "Whether deploys are frozen — by an open Sev0/Sev1 not yet mitigated, or by a spent error budget of the service's SLOs — for deploy pipelines",
  tag: "incidents",
  scope: "incidents:read",
  query: z.object({
    service: z.string().max(100).optional(),
    region: z.string().max(100).optional(),
    kind: z
      .enum(CHANGE_KINDS)
      .optional()
      .describe(
        "the change about to be made (default deploy): a spent budget freezes deploys only, never rollbacks or config",
      ),
  }),
  response: z.object({
    frozen: z.boolean(),
    reasons: z.array(
      z.object({
        incident: z.string(),
        ref: z.string(),
        title: z.string(),
        severity: severitySchema,
        since: z.string(),
      }),
    ),
    exceptions: z.array(
      z.object({
        incident: z.string(),
        ref: z.string(),
        service: z.string(),
        reason: z.string(),
        by: z.string(),
        at: z.string(),
      }),
    ),
    budgets: z
      .array(z.object({ slo: z.string(), name: z.string(), region: z.string(), remaining: z.number() }))
      .describe(
        "the service's SLOs whose 30-day error budget is spent, without an exception: deploys wait until it recovers",
      ),
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
  response: z.object({
    exception: z.object({ id: z.string(), service: z.string(), reason: z.string(), by: z.string(), at: z.string() }),
  }),
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
