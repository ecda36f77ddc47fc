// Postmortem API contracts: read an incident's postmortem with the draft built from the incident, save it
// (each save a version), submit it for review, approve it, publish it, append corrections once published,
// and export it as Markdown or print-friendly HTML.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { entrySchema, followUpSchema } from "@/lib/incidents/schemas";
import { ACTION_KINDS, POSTMORTEM_SECTIONS, POSTMORTEM_STATUSES } from "@/lib/vocabulary";

const section = z.string().max(20_000, "must be at most 20,000 characters");
const sectionsSchema = z
  .object(
    Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, section.optional()])) as Record<
      (typeof POSTMORTEM_SECTIONS)[number],
      z.ZodOptional<typeof section>
    >,
  )
  .strict();

export const postmortemSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  status: z.enum(POSTMORTEM_STATUSES),
  owner_id: z.string().nullable().describe("the incident commander: they own it"),
  sections: sectionsSchema,
  review_meeting_at: z.string().nullable(),
  version: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  submitted_at: z.string().nullable(),
  published_at: z.string().nullable(),
  published_by: z.string().nullable(),
});
export type Postmortem = z.infer<typeof postmortemSchema>;

export const versionSchema = z.object({
  version: z.number(),
  status: z.enum(POSTMORTEM_STATUSES),
  author_id: z.string().nullable(),
  changed: z.array(z.string()).describe("the sections (and review_meeting_at, status) this version changed"),
  at: z.string(),
});

const draftSchema = z.object({
  sections: sectionsSchema.describe("what a new postmortem starts from: summary, impact and detection, computed"),
  facts: z.object({
    start: z.string(),
    duration_s: z.number(),
    ack_s: z.number().nullable(),
    declare_s: z.number().nullable(),
    mitigate_s: z.number().nullable(),
    resolve_s: z.number().nullable(),
    customers: z.array(z.string()),
    budgets: z.array(z.object({ name: z.string(), spent: z.number() })),
  }),
  timeline: z.array(entrySchema),
  evidence: z.array(
    z.object({
      entry_id: z.string(),
      what: z.string(),
      url: z.string(),
      window: z.object({ from: z.string(), to: z.string().nullable() }).nullable(),
      pinned_at: z.string(),
    }),
  ),
  changes: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      service: z.string(),
      regions: z.array(z.string()),
      summary: z.string(),
      started_at: z.string(),
      actor: z.string(),
    }),
  ),
  alerts: z.array(z.object({ id: z.string(), name: z.string(), severity: z.string(), fired_at: z.string() })),
  updates: z.array(
    z.object({ entry_id: z.string(), audience: z.enum(["customer", "internal"]), at: z.string(), body: z.string() }),
  ),
  suggestions: z
    .array(z.object({ title: z.string(), kind: z.enum(ACTION_KINDS) }))
    .describe("“Update runbook X” and “Improve monitoring for alert rule Y”, from what the incident touched"),
});

export const postmortemViewSchema = z.object({
  incident: z.object({
    id: z.string(),
    ref: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string(),
    commander_id: z.string().nullable(),
    resolved_at: z.string().nullable(),
  }),
  required: z.boolean().describe("SEV0/SEV1: a postmortem is required"),
  deadlines: z.object({ draft_due_at: z.string().nullable(), review_by: z.string() }).nullable(),
  overdue: z.boolean(),
  postmortem: postmortemSchema.nullable().describe("null: not started yet (the draft shows what it starts from)"),
  draft: draftSchema.nullable().describe("null until the incident is resolved"),
  action_items: z.array(followUpSchema),
  versions: z.array(versionSchema),
  approvals: z.array(z.object({ reviewer_id: z.string(), version: z.number(), at: z.string() })),
  corrections: z.array(
    z.object({ id: z.string(), section: z.string(), body: z.string(), author_id: z.string(), at: z.string() }),
  ),
});
export type PostmortemView = z.infer<typeof postmortemViewSchema>;

export const savePostmortemBodySchema = z
  .object({
    sections: sectionsSchema.optional(),
    review_meeting_at: z.iso
      .datetime({ offset: true, message: "must be an ISO-8601 time with a zone" })
      .nullable()
      .optional(),
    base_version: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("the version the edit started from: a later save in between is a 409, not overwritten"),
  })
  .refine((b) => b.sections !== undefined || b.review_meeting_at !== undefined, {
    message: "change sections or review_meeting_at",
  });
export type SavePostmortemBody = z.infer<typeof savePostmortemBodySchema>;

export const correctionBodySchema = z.object({
  section: z.enum([...POSTMORTEM_SECTIONS, "action_items"], {
    message: `must be one of: ${[...POSTMORTEM_SECTIONS, "action_items"].join(", ")}`,
  }),
  body: z.string().trim().min(3, "say what is corrected").max(5000, "must be at most 5,000 characters"),
});

const idParams = z.object({ id: z.string().max(100) });
const viewResponse = postmortemViewSchema;

export const getPostmortemEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/postmortem",
  summary:
    "An incident's postmortem (null until started) with its deadlines, versions, approvals and corrections, and the draft built from the incident: timeline, pinned evidence with their windows, changes before impact, attached alerts, updates sent",
  tag: "postmortems",
  scope: "incidents:read",
  params: idParams,
  response: viewResponse,
});

export const savePostmortemEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/incidents/{id}/postmortem",
  summary:
    "Start or edit a resolved incident's postmortem (each save a version: who changed which sections); a published one is immutable (409: append a correction)",
  tag: "postmortems",
  scope: "incidents:write",
  audit: "postmortem.save",
  params: idParams,
  body: savePostmortemBodySchema,
  response: viewResponse,
});

export const submitPostmortemEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/postmortem/submit",
  summary: "Send the draft to review (its owner, the IC, or an admin)",
  tag: "postmortems",
  scope: "incidents:write",
  audit: "postmortem.submit",
  params: idParams,
  response: viewResponse,
});

export const approvePostmortemEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/postmortem/approve",
  summary: "Approve the version in review (a reviewer: anyone but its owner)",
  tag: "postmortems",
  scope: "incidents:write",
  audit: "postmortem.approve",
  params: idParams,
  response: viewResponse,
});

export const publishPostmortemEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/postmortem/publish",
  summary:
    "Publish the postmortem in review (its owner or an admin): refused naming what is missing — a root cause; for SEV0/SEV1 every action item's owner and due date; a reviewer's approval of the version in review (an edit after an approval needs a new one)",
  tag: "postmortems",
  scope: "incidents:write",
  audit: "postmortem.publish",
  params: idParams,
  response: viewResponse,
});

export const correctPostmortemEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/postmortem/corrections",
  summary: "Append a correction to a published postmortem (it stays as published; corrections show beside it)",
  tag: "postmortems",
  scope: "incidents:write",
  audit: "postmortem.correct",
  params: idParams,
  body: correctionBodySchema,
  status: 201,
  response: viewResponse,
});

export const exportPostmortemEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/postmortem/export",
  summary: "The postmortem as Markdown or print-friendly HTML (the draft until one is started)",
  tag: "postmortems",
  scope: "incidents:read",
  params: idParams,
  query: z.object({
    format: z.enum(["markdown", "html"], { message: "must be markdown or html" }).default("markdown"),
  }),
  produces: "text/markdown",
  response: z.record(z.string(), z.unknown()),
});
