// Shift handoff API contracts: the checklist, the live context, the gate, the template.
import { z } from "zod";
import { endpoint, limitParam } from "@/lib/http/endpoint";
import { alertSchema } from "@/lib/alerts/contract";
import { incidentSchema } from "@/lib/incidents/contract";
import { changeSchema } from "@/lib/changes/contract";
import { maintenanceSchema } from "@/lib/maintenance/contract";
import { HANDOFF_STATUSES, HANDOFF_PHASES } from "@/lib/vocabulary";

const iso = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const person = z.object({ id: z.string(), name: z.string() });
const idParams = z.object({ id: z.string().max(100) });

export const handoffItemSchema = z.object({
  key: z.string(),
  phase: z.enum(HANDOFF_PHASES),
  label: z.string(),
  done: z.boolean(),
  note: z.string(),
  done_by: z.string().nullable(),
  done_at: z.string().nullable(),
});

export const problemSchema = z.object({
  kind: z.enum(["item", "summary", "stale_timeline", "status"]),
  key: z.string().optional(),
  incident_id: z.string().optional(),
  message: z.string(),
});

export const handoffContextSchema = z.object({
  incidents: z.array(incidentSchema.extend({ commander_name: z.string().nullable() })),
  /** The newest open pages and tickets (pages first, at most 50 together); `open_alerts` counts them all. */
  pages: z.array(alertSchema),
  tickets: z.array(alertSchema),
  open_alerts: z.object({ page: z.number(), ticket: z.number() }),
  follow_ups: z.array(
    z.object({
      id: z.string(),
      incident_id: z.string(),
      incident_ref: z.string(),
      title: z.string(),
      owner_id: z.string().nullable(),
      due: z.string().nullable(),
      overdue: z.boolean().describe("an action item past its due date (listed first)"),
    }),
  ),
  /** Postmortems past their draft deadline, not yet sent to review: the IC should hear of them at handoff. */
  postmortems_overdue: z.array(
    z.object({
      incident_id: z.string(),
      ref: z.string(),
      title: z.string(),
      severity: z.string(),
      owner_id: z.string().nullable(),
      status: z.string(),
      draft_due_at: z.string(),
    }),
  ),
  slos: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      region: z.string(),
      alert_state: z.enum(["ok", "ticket", "page", "no_data"]),
    }),
  ),
  slos_error: z.string().nullable(),
  stale_after_minutes: z.number(),
  /** What changed on the platform during the outgoing shift, newest first (at most 100). */
  changes: z.object({ start: z.string(), end: z.string(), list: z.array(changeSchema), truncated: z.boolean() }),
  /** The maintenance windows that start or run during the incoming's shift (start-of-shift: check scheduled maintenance). */
  maintenance: z.object({ start: z.string(), end: z.string(), list: z.array(maintenanceSchema) }),
});
export type HandoffContext = z.infer<typeof handoffContextSchema>;

export const handoffSchema = z.object({
  id: z.string(),
  status: z.enum(HANDOFF_STATUSES),
  outgoing: person,
  incoming: person,
  template_version: z.number(),
  shift_start: z.string().nullable(),
  shift_end: z.string().nullable(),
  created_at: z.string(),
  submitted_at: z.string().nullable(),
  acked_at: z.string().nullable(),
  paging_test: z.object({ at: z.string(), delivered: z.boolean(), detail: z.string() }).nullable(),
  items: z.array(handoffItemSchema),
  summaries: z.record(z.string(), z.object({ summary: z.string(), updated_at: z.string() })),
});
export type Handoff = z.infer<typeof handoffSchema>;

const withContext = z.object({
  handoff: handoffSchema,
  context: handoffContextSchema,
  submit_problems: z.array(problemSchema),
  ack_problems: z.array(problemSchema),
});
export type HandoffView = z.infer<typeof withContext>;

export const createHandoffEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/handoffs",
  summary: "Start a handoff as the outgoing on-call engineer to `incoming_id`",
  tag: "handoffs",
  scope: "handoffs:write",
  audit: "handoff.create",
  auditResult: (r) => ({ handoff_id: r.handoff.id }),
  body: z
    .object({
      incoming_id: z.string().min(1, "is required").max(100),
      shift_start: iso.optional(),
      shift_end: iso.optional(),
    })
    .refine((b) => !b.shift_start || !b.shift_end || Date.parse(b.shift_start) < Date.parse(b.shift_end), {
      message: "must be after shift_start",
      path: ["shift_end"],
    }),
  status: 201,
  response: withContext,
});

export const listHandoffsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/handoffs",
  summary: "Handoffs, newest first; `status` open|submitted|acknowledged, `user` outgoing or incoming",
  tag: "handoffs",
  scope: "handoffs:write",
  query: z.object({
    status: z.enum(HANDOFF_STATUSES).optional(),
    user: z.string().max(100).optional(),
    limit: limitParam(200, 50),
    cursor: z.string().max(100).optional(),
  }),
  response: z.object({
    handoffs: z.array(
      handoffSchema.omit({ items: true, summaries: true }).extend({ items_done: z.number(), items_total: z.number() }),
    ),
    next_cursor: z.string().nullable(),
  }),
});

export const handoffEventsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/handoffs/{id}/events",
  summary:
    "Live (text/event-stream): a `changed` event each time either side ticks, writes, submits, acknowledges or sends a test page",
  tag: "handoffs",
  scope: "handoffs:write",
  params: idParams,
  produces: "text/event-stream",
  response: z.object({ handoff: z.string(), status: z.enum(HANDOFF_STATUSES) }),
});

export const getHandoffEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/handoffs/{id}",
  summary: "A handoff with its checklists, summaries, the live context and what the gate would refuse",
  tag: "handoffs",
  scope: "handoffs:write",
  params: idParams,
  response: withContext,
});

export const patchItemEndpoint = endpoint({
  method: "PATCH",
  path: "/api/v1/handoffs/{id}/items/{key}",
  summary: "Tick or untick a checklist item with a note (start items: incoming; end items: outgoing)",
  tag: "handoffs",
  scope: "handoffs:write",
  audit: "handoff.item",
  params: z.object({ id: z.string().max(100), key: z.string().max(100) }),
  body: z
    .object({ done: z.boolean().optional(), note: z.string().max(2000, "must be at most 2000 characters").optional() })
    .refine((b) => b.done !== undefined || b.note !== undefined, { message: "give done or note" }),
  response: withContext,
});

export const putSummaryEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/handoffs/{id}/incidents/{incidentId}",
  summary: "The outgoing's investigation summary for one open incident",
  tag: "handoffs",
  scope: "handoffs:write",
  audit: "handoff.summary",
  params: z.object({ id: z.string().max(100), incidentId: z.string().max(100) }),
  body: z.object({
    summary: z.string().trim().min(1, "must not be empty").max(5000, "must be at most 5000 characters"),
  }),
  response: withContext,
});

export const submitHandoffEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/handoffs/{id}/submit",
  summary: "The outgoing hands over: 409 listing every missing thing, else each open incident gets a handoff entry",
  tag: "handoffs",
  scope: "handoffs:write",
  audit: "handoff.submit",
  params: idParams,
  response: withContext,
});

export const ackHandoffEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/handoffs/{id}/ack",
  summary: "The incoming takes over: after submit, with every start item done (409 otherwise)",
  tag: "handoffs",
  scope: "handoffs:write",
  audit: "handoff.ack",
  params: idParams,
  response: withContext,
});

export const pagingTestEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/handoffs/{id}/paging-test",
  summary: "Send a test page to PAGING_WEBHOOK_URL for the incoming and record whether it was delivered",
  tag: "handoffs",
  scope: "handoffs:write",
  audit: "handoff.paging_test",
  params: idParams,
  response: withContext,
});

export const exportHandoffEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/handoffs/{id}/export",
  summary: "The handoff as markdown",
  tag: "handoffs",
  scope: "handoffs:write",
  params: idParams,
  produces: "text/markdown",
  response: z.string(),
});

const templateItem = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lowercase slug"),
  phase: z.enum(HANDOFF_PHASES, { message: "must be start or end" }),
  label: z.string().trim().min(3, "must be at least 3 characters").max(200),
});
export const templateSchema = z.object({
  version: z.number(),
  items: z.array(templateItem),
  created_at: z.string(),
  created_by: z.string().nullable(),
});

export const getTemplateEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/handoff-template",
  summary: "The current checklist template",
  tag: "handoffs",
  scope: "handoffs:write",
  response: z.object({ template: templateSchema }),
});

export const putTemplateEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/handoff-template",
  summary: "Replace the checklist (admins): a new version; handoffs already started keep theirs",
  tag: "handoffs",
  scope: "admin",
  audit: "handoff.template_update",
  body: z.object({
    items: z
      .array(templateItem)
      .min(1, "needs at least one item")
      .max(30)
      .refine((l) => new Set(l.map((i) => i.key)).size === l.length, { message: "keys must be unique" })
      .refine((l) => l.some((i) => i.phase === "start") && l.some((i) => i.phase === "end"), {
        message: "needs at least one start and one end item",
      }),
  }),
  response: z.object({ template: templateSchema }),
});
