// The shapes of incidents on the wire: an incident, a timeline entry, a follow-up, and the bodies that
// declare, change, append to and take over one (the API contracts in ./contract use them).
import { z } from "zod";
import { SERVICES } from "@/lib/metrics/services";
import {
  ACTION_KINDS,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  WRITABLE_KINDS,
  FOLLOW_UP_STATUSES,
} from "@/lib/vocabulary";

const name = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const iso = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const userId = z.string().min(1).max(100);
/** Services come from the catalog, so a freeze, the status page and Investigate all mean the same ones. */
const services = z
  .array(z.enum(SERVICES, { message: `must be a service of the catalog: ${SERVICES.join(", ")}` }))
  .max(50);
/** Which regions exist is configuration (METRICS_REGIONS), checked by lib/incidents. */
const regions = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a region name")).max(20);
export const severitySchema = z.enum(INCIDENT_SEVERITIES, {
  message: `must be one of: ${INCIDENT_SEVERITIES.join(", ")}`,
});
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
  customer_update_every_minutes: z
    .number()
    .nullable()
    .describe("while open, a customer update is due this often (STATUS_UPDATE_CADENCE); null: none"),
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

/** What goes with a change, never a change by itself. */
const WITH_A_CHANGE: readonly string[] = [
  "note",
  "customer_update",
  "customer_update_skipped",
  "success_rate",
  "confirm_firing",
] satisfies (keyof UpdateIncidentBody)[];
/** A measured success rate, in percent. */
const successRate = z
  .number({ message: "must be a percent from 0 to 100" })
  .min(0, "must be a percent from 0 to 100")
  .max(100, "must be a percent from 0 to 100");

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
    note: z
      .string()
      .trim()
      .max(5000, "must be at most 5,000 characters")
      .optional()
      .describe("an update that goes with the change, into the same timeline entry"),
    customer_update: z
      .string()
      .trim()
      .min(1, "say what customers should know")
      .max(5000, "must be at most 5,000 characters")
      .optional()
      .describe("a customer status update posted with the change (the closing update when resolving)"),
    customer_update_skipped: z
      .string()
      .trim()
      .min(3, "say why customers are not told")
      .max(2000, "must be at most 2,000 characters")
      .optional()
      .describe("why a change that moves what /status shows goes without a customer update (on the timeline)"),
    success_rate: successRate
      .optional()
      .describe("the success rate customers measurably see now, in percent, carried by the customer update"),
    confirm_firing: z
      .literal(true, { message: "must be true to resolve while attached alerts still fire" })
      .optional()
      .describe("resolve even though alerts attached to the incident still fire (the 409 names them)"),
  })
  .refine((b) => Object.keys(b).some((k) => !WITH_A_CHANGE.includes(k)), {
    message: "change at least one field (a note goes with a change)",
  })
  // The rate is what a customer update tells; alone it would move /status with nothing said.
  .refine((b) => b.success_rate === undefined || b.customer_update !== undefined, {
    message: "a success rate goes with the customer update that tells it",
    path: ["success_rate"],
  });
export type UpdateIncidentBody = z.infer<typeof updateIncidentBodySchema>;

export const appendEntryBodySchema = z.object({
  kind: z.enum(WRITABLE_KINDS, { message: `must be one of: ${WRITABLE_KINDS.join(", ")}` }),
  body: z.string().max(20_000, "must be at most 20,000 characters").default(""),
  data: z.record(z.string(), z.unknown()).optional(),
  occurred_at: iso.optional(),
  corrects: z
    .string()
    .regex(/^\d{1,18}$/, "must be an entry id")
    .optional(),
});
export type AppendEntryBody = z.infer<typeof appendEntryBodySchema>;

export const takeoverBodySchema = z.object({
  known: z.string().trim().min(1, "say what is known").max(5000),
  ruled_out: z.string().max(5000).default(""),
  last_customer_update: z.string().max(5000).default(""),
});

export const freezeExceptionBodySchema = z.object({
  service: name,
  reason: z.string().trim().min(3, "say why this deploy cannot wait").max(2000),
});

export const followUpSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  title: z.string(),
  owner_id: z.string().nullable(),
  due: z.string().nullable(),
  ticket_url: z.string().nullable(),
  kind: z.enum(ACTION_KINDS).nullable().describe("as a postmortem action item: prevent, detect, mitigate or process"),
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
  kind: z.enum(ACTION_KINDS, { message: `must be one of: ${ACTION_KINDS.join(", ")}` }).nullish(),
});
export const updateFollowUpBodySchema = z
  .object({
    status: z.enum(FOLLOW_UP_STATUSES).optional(),
    owner_id: userId.nullable().optional(),
    due: createFollowUpBodySchema.shape.due,
    ticket_url: createFollowUpBodySchema.shape.ticket_url,
    kind: createFollowUpBodySchema.shape.kind,
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "change at least one field" });
export type UpdateFollowUpBody = z.infer<typeof updateFollowUpBodySchema>;
