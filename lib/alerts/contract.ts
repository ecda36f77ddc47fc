// Alert API contracts: Alertmanager's webhook (payload version 4, as Alertmanager sends it), the list
// of pages and tickets, and what a person does with one.
import { z } from "zod";
import { endpoint, limitParam, repeated } from "@/lib/http/endpoint";
import { severitySchema } from "@/lib/incidents/contract";
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES } from "@/lib/vocabulary";
import { escalationSchema } from "@/lib/escalation/contract";
import { maintenanceRefSchema } from "@/lib/maintenance/contract";

const stringMap = z.record(z.string(), z.string());

// Alertmanager's own format: fields it adds in later versions are accepted and ignored (looseObject),
// unlike the console's own request bodies, which refuse fields they do not name.
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(["firing", "resolved"], { message: "must be firing or resolved" }),
  labels: stringMap.refine((l) => Boolean(l.alertname), { message: "needs an alertname label" }),
  annotations: stringMap.default({}),
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(4000).optional(),
  fingerprint: z.string().min(1, "is required").max(200),
});

export const alertmanagerWebhookSchema = z.looseObject({
  version: z.literal("4", { message: "only Alertmanager webhook payload version 4 is understood" }),
  groupKey: z.string().max(4000),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(200),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().max(2000).optional(),
  alerts: z.array(alertmanagerAlertSchema).max(1000, "at most 1000 alerts a payload"),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

export const alertSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  pager_eligible: z.boolean(),
  not_eligible_reason: z.string().nullable(),
  status: z.enum(ALERT_STATUSES),
  count: z.number(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  first_seen: z.string(),
  fired_at: z.string().describe("when this firing began (again after a resolve): the escalation clock starts here"),
  last_seen: z.string(),
  acked_by: z.string().nullable(),
  acked_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  resolved_by: z.string().nullable().describe("who closed it: a person's id, or alertmanager"),
  incident_id: z.string().nullable(),
  scope: z
    .object({ service: z.string().nullable(), region: z.string().nullable() })
    .describe("the service and region it is about: its labels, or the SLO it burns"),
  flaps_last_hour: z
    .number()
    .describe(
      "times it fired again within ALERT_FLAP_MINUTES of resolving, in the last hour (each without a new notification)",
    ),
  grouped_with: z
    .string()
    .nullable()
    .describe("the alert whose notification it was sent with (same service and region, fired within a minute)"),
  severity: z.enum(ALERT_SEVERITIES).describe("the playbook's: from its priority (P0–P3) or severity label"),
  priority: z.enum(["P0", "P1", "P2", "P3"]),
  team: z
    .object({ id: z.string(), name: z.string() })
    .describe("the team whose rotation owns it: its service's owner in the catalog, else the platform team"),
  owner_gap: z.boolean().describe("its service has no owner in the catalog: routed to the platform team"),
  runbook_untested: z
    .boolean()
    .optional()
    .describe("in a list: its runbook (one of the console's) was not exercised for RUNBOOK_TEST_DAYS"),
  clock: z
    .object({
      ack_within_s: z.number(),
      escalate_after_s: z.number(),
      steps: z.array(escalationSchema).describe("the notifications of this firing"),
    })
    .optional()
    .describe("in lists: its severity's clock and who has been notified"),
  held_by: maintenanceRefSchema
    .nullable()
    .describe(
      "the maintenance window holding its notifications now: it notifies when the window ends, if still firing",
    ),
});
export type Alert = z.infer<typeof alertSchema>;

const idParams = z.object({ id: z.string().max(100) });

export const alertmanagerWebhookEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/alerts/alertmanager",
  summary: "Alertmanager webhook receiver (payload version 4); authenticate with a token holding alerts:write",
  tag: "alerts",
  scope: "alerts:write",
  body: alertmanagerWebhookSchema,
  response: z.object({ accepted: z.number(), firing: z.number(), resolved: z.number() }),
});

export type AlertListPage = z.infer<typeof listAlertsEndpoint.response>;

export const listAlertsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/alerts",
  summary:
    "Pages and tickets from alerts, open first; `state` firing|acknowledged|resolved|open, `kind` page|ticket, `name` (alertname); with totals",
  tag: "alerts",
  scope: "alerts:write",
  query: z.object({
    state: repeated(z.enum([...ALERT_STATUSES, "open"])),
    kind: repeated(z.enum(ALERT_KINDS)),
    name: repeated(z.string().min(1).max(200)),
    incident: z.string().max(100).optional().describe("the alerts attached to this incident (id or INC-n)"),
    limit: limitParam(500, 100),
    cursor: z.string().max(100).optional(),
  }),
  response: z.object({
    alerts: z.array(alertSchema),
    next_cursor: z.string().nullable(),
    /** How many match (all pages), by kind; and the alert names under the state and kind filters, most first. */
    totals: z.object({
      total: z.number(),
      page: z.number(),
      ticket: z.number(),
      by_name: z.array(z.object({ name: z.string(), count: z.number() })),
    }),
  }),
});

export const ackAlertEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/alerts/{id}/ack",
  summary: "Acknowledge an alert",
  tag: "alerts",
  scope: "alerts:write",
  audit: "alert.ack",
  params: idParams,
  response: z.object({ alert: alertSchema }),
});

export const resolveAlertEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/alerts/{id}/resolve",
  summary: "Close an alert by hand (a ticket someone dealt with)",
  tag: "alerts",
  scope: "alerts:write",
  audit: "alert.resolve",
  params: idParams,
  response: z.object({ alert: alertSchema }),
});

export const attachAlertEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/alerts/{id}/attach",
  summary:
    "Attach an alert to an open incident instead of declaring another; the alert becomes an `alert` entry in its timeline, and its resolution later appears there too",
  tag: "alerts",
  scope: "incidents:write",
  audit: "alert.attach",
  auditResult: (r) => ({ incident_id: r.incident.id }),
  params: idParams,
  body: z.object({
    incident_id: z.string().trim().min(1, "is required").max(100).describe("the incident's id or INC-n"),
  }),
  response: z.object({ alert: alertSchema, incident: z.object({ id: z.string(), ref: z.string() }) }),
});

export const alertIncidentEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/alerts/{id}/incident",
  summary: "Declare an incident from an alert; the alert becomes an `alert` entry in its timeline",
  tag: "alerts",
  scope: "incidents:write",
  audit: "alert.declare_incident",
  auditResult: (r) => ({ incident_id: r.incident.id }),
  params: idParams,
  body: z.object({ title: z.string().trim().min(3).max(200).optional(), severity: severitySchema.optional() }),
  status: 201,
  response: z.object({ alert: alertSchema, incident: z.object({ id: z.string(), ref: z.string() }) }),
});

export const pipelineEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/alerts/pipeline",
  summary:
    "Whether the alerting pipeline (Prometheus → Alertmanager → the console) works: when its Watchdog last arrived",
  tag: "alerts",
  scope: "dashboards:read",
  response: z.object({
    state: z
      .enum(["ok", "silent", "never"])
      .describe(
        "silent: no Watchdog for WATCHDOG_MISSING_MINUTES (the console pages the primary); never: no Watchdog has ever arrived",
      ),
    last_watchdog_at: z.string().nullable(),
    first_watchdog_at: z.string().nullable(),
    missing_after_s: z.number(),
    pipelines: z.array(
      z.object({
        source: z.string().describe("the Alertmanager that sends the Watchdog (its external URL)"),
        state: z.enum(["ok", "silent"]),
        last_watchdog_at: z.string(),
        first_watchdog_at: z.string(),
      }),
    ),
  }),
});
export type PipelineState = z.infer<typeof pipelineEndpoint.response>;
