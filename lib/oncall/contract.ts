// On-call API contracts: who holds each layer now (or at a time), the shifts in a window, overrides, and
// the versioned schedule.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { LAYERS, ROTATIONS } from "@/lib/vocabulary";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
/** Which team's rotation (`platform` when absent); an unknown team is a 400 listing the teams. */
const team = z.string().max(64).describe("the team whose rotation (default platform)").optional();
const person = z.object({ id: z.string(), name: z.string() });
export const shiftSchema = z.object({
  layer: z.enum(LAYERS),
  user: person,
  start: z.string(),
  end: z.string(),
  override_id: z.string().nullable(),
});
export type ShiftView = z.infer<typeof shiftSchema>;

export const rotationLayerSchema = z.object({
  layer: z.enum(LAYERS),
  rotation: z.enum(ROTATIONS),
  start_date: z.iso.date({ message: "must be a date, YYYY-MM-DD" }),
  handoff_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)"),
  time_zone: z.string().min(1).max(64),
  people: z.array(z.string().max(64)).min(1, "needs at least one person").max(50),
});

export const scheduleSchema = z.object({
  team: z.string(),
  version: z.number().describe("per team"),
  layers: z.array(rotationLayerSchema),
  created_at: z.string(),
  created_by: z.string().nullable(),
});

export const overrideSchema = z.object({
  id: z.string(),
  team: z.string(),
  layer: z.enum(LAYERS),
  user: person,
  start: z.string(),
  end: z.string(),
  reason: z.string(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  correction: z.boolean().optional().describe("an admin's correction of past shifts"),
});

export const onCallEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/oncall",
  summary: "Who holds each layer (primary, secondary, tertiary, shadow) of a team's rotation now, or at `at`",
  tag: "oncall",
  scope: "incidents:read",
  query: z.object({ at: instant.optional(), team }),
  response: z.object({
    at: z.string(),
    team: z.string(),
    schedule_version: z.number().nullable(),
    on_call: z.array(shiftSchema),
    next: z
      .array(shiftSchema.extend({ time_zone: z.string().describe("the layer's zone, where its shifts change") }))
      .describe("per layer, who takes over next (someone other than who holds it now) and when"),
    next_primary: shiftSchema.nullable().describe("who holds the primary shift after the current one"),
  }),
});

export const shiftsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/oncall/shifts",
  summary: "Every layer's shifts between `from` and `to` (at most 35 days), overrides cut in",
  tag: "oncall",
  scope: "incidents:read",
  query: z.object({ from: instant, to: instant, team }),
  response: z.object({ shifts: z.array(shiftSchema), overrides: z.array(overrideSchema) }),
});

export const addOverrideEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/oncall/overrides",
  summary: "Take a layer's shift, or part of it (operators and admins)",
  tag: "oncall",
  scope: "incidents:write",
  audit: "oncall.override",
  body: z.object({
    team,
    layer: z.enum(LAYERS),
    user_id: z.string().max(64),
    start: instant.describe("now or later; a start in the last five minutes is taken as now"),
    end: instant,
    reason: z.string().max(500).optional(),
    correction: z
      .boolean()
      .optional()
      .describe(
        "an admin correcting the record of past shifts: start may lie in the past (a reason is required, and the audit log keeps it)",
      ),
  }),
  status: 201,
  response: z.object({ override: overrideSchema }),
  auditResult: (r) => ({
    team: r.override.team,
    override_id: r.override.id,
    layer: r.override.layer,
    user_id: r.override.user.id,
    start: r.override.start,
    end: r.override.end,
    ...(r.override.correction ? { correction: true, reason: r.override.reason } : {}),
  }),
});

export const cancelOverrideEndpoint = endpoint({
  method: "DELETE",
  path: "/api/v1/oncall/overrides/{id}",
  summary: "Cancel an override (kept, with who cancelled it)",
  tag: "oncall",
  scope: "incidents:write",
  audit: "oncall.override_cancel",
  params: z.object({ id: z.string().max(64) }),
  query: z.object({ team }),
  response: z.object({ cancelled: z.boolean() }),
});

export const getScheduleEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/oncall/schedule",
  summary: "A team's rotation schedule in force",
  tag: "oncall",
  scope: "incidents:read",
  query: z.object({ team }),
  response: z.object({ schedule: scheduleSchema.nullable() }),
});

const scheduleLayers = z
  .array(rotationLayerSchema)
  .min(1, "needs at least one layer")
  .max(LAYERS.length)
  .describe("the shadow layer is optional; a shadow must not be the primary at the same time");

const warningSchema = z.object({
  code: z.enum(["holder_changes", "major_incident", "same_person", "shadow_self"]),
  message: z.string(),
  layer: z.enum(LAYERS).optional(),
  field: z.string().optional(),
});

export const previewScheduleEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/oncall/schedule/preview",
  summary: "What saving a schedule would do (admins): who is on call now and for 14 days, changes, warnings",
  tag: "oncall",
  scope: "admin",
  body: z.object({ team, layers: scheduleLayers }),
  response: z.object({
    preview: z.object({
      at: z.string().describe("the new version would take effect from here; shifts before it stay"),
      now: z.array(z.object({ layer: z.enum(LAYERS), before: person.nullable(), after: person.nullable() })),
      shifts: z.array(shiftSchema.extend({ changed: z.boolean().describe("the schedule in force says otherwise") })),
      warnings: z.array(warningSchema),
    }),
  }),
});

export const putScheduleEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/oncall/schedule",
  summary: "Replace the schedule (admins): a new version, in force from now (past shifts stay as they were)",
  tag: "oncall",
  scope: "admin",
  audit: "oncall.schedule_update",
  body: z.object({
    team,
    layers: scheduleLayers,
    confirm: z
      .boolean()
      .optional()
      .describe(
        "save although one person is on two layers at the same time (refused with 400 without it; a shadow who is the primary is refused always)",
      ),
  }),
  response: z.object({ schedule: scheduleSchema, warnings: z.array(warningSchema) }),
  auditResult: (r) => ({ team: r.schedule.team, version: r.schedule.version, warnings: r.warnings.map((w) => w.code) }),
});
