// Maintenance window API contracts: operators schedule planned work (or approved emergency work) on
// services and regions, list and read windows with the alerts they hold, and cancel them.
import { z } from "zod";
import { endpoint, limitParam } from "@/lib/http/endpoint";
import { SERVICES } from "@/lib/metrics/services";
import { MAINTENANCE_KINDS } from "@/lib/vocabulary";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
export const WINDOW_STATES = ["upcoming", "active", "past"] as const;

/** A window as it is referred to elsewhere (a change, an alert): its id and M-number. */
export const maintenanceRefSchema = z.object({ id: z.string(), ref: z.string().describe("M-3") });
export type MaintenanceRef = z.infer<typeof maintenanceRefSchema>;

export const createMaintenanceBodySchema = z.object({
  kind: z.enum(MAINTENANCE_KINDS, { message: `must be one of: ${MAINTENANCE_KINDS.join(", ")}` }),
  services: z
    .array(z.enum(SERVICES, { message: `must be a service of the catalog: ${SERVICES.join(", ")}` }))
    .min(1, "name at least one service")
    .max(SERVICES.length),
  regions: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a region name"))
    .max(20)
    .default([])
    .describe("the regions worked on; none: every region"),
  start: instant,
  end: instant,
  description: text(1000).min(1, "is required: what customers read on /status"),
  rollback_plan: text(4000).describe("required: how the work is undone if it goes wrong (never shown publicly)"),
  approved_by: z
    .string()
    .max(100)
    .nullish()
    .describe(
      "emergency work: the user id of the engineering manager (ESCALATION_MANAGER) or an admin who approved it",
    ),
});
export type CreateMaintenanceBody = z.infer<typeof createMaintenanceBodySchema>;

export const maintenanceSchema = z.object({
  id: z.string(),
  ref: z.string().describe("M-3"),
  kind: z.enum(MAINTENANCE_KINDS),
  state: z.enum(WINDOW_STATES).describe("upcoming, active (running now) or past (ended or cancelled)"),
  services: z.array(z.string()),
  regions: z.array(z.string()).describe("none: every region"),
  start: z.string(),
  end: z.string(),
  description: z.string(),
  rollback_plan: z.string(),
  approved_by: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  cancelled_at: z.string().nullable(),
  cancelled_by: z.string().nullable(),
  hold_ended_at: z.string().nullable().describe("a SEV0/SEV1 on its services ended its hold early"),
  hold_ended_reason: z.string().nullable(),
  held_alerts: z.number().describe("alerts it holds now"),
});
export type Maintenance = z.infer<typeof maintenanceSchema>;

export const heldAlertSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  fired_at: z.string(),
  service: z.string().nullable(),
  region: z.string().nullable(),
});

const idParams = z.object({ id: z.string().max(100) });

export const createMaintenanceEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/maintenance",
  summary:
    "Schedule maintenance (operators and admins): scheduled work at most MAINTENANCE_MAX_MINUTES long and announced MAINTENANCE_NOTICE_HOURS ahead; emergency work approved by the engineering manager or an admin; a rollback plan always",
  tag: "maintenance",
  scope: "incidents:write",
  audit: "maintenance.create",
  body: createMaintenanceBodySchema,
  status: 201,
  response: z.object({
    maintenance_window: maintenanceSchema,
    warnings: z.array(z.string()).describe("e.g. emergency work with under 4 h notice"),
  }),
  auditResult: (r) => ({
    maintenance_id: r.maintenance_window.id,
    ref: r.maintenance_window.ref,
    kind: r.maintenance_window.kind,
    services: r.maintenance_window.services,
    regions: r.maintenance_window.regions,
    start: r.maintenance_window.start,
    end: r.maintenance_window.end,
    approved_by: r.maintenance_window.approved_by,
  }),
});

export const listMaintenanceEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/maintenance",
  summary:
    "Maintenance windows: `state` upcoming (soonest first), active, past (latest first; ended or cancelled); without it, all, latest start first",
  tag: "maintenance",
  scope: "incidents:read",
  query: z.object({
    state: z.enum(WINDOW_STATES, { message: `must be one of: ${WINDOW_STATES.join(", ")}` }).optional(),
    limit: limitParam(500, 100),
    cursor: z.string().max(100).optional(),
  }),
  response: z.object({ maintenance_windows: z.array(maintenanceSchema), next_cursor: z.string().nullable() }),
});

export const getMaintenanceEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/maintenance/{id}",
  summary: "One maintenance window (id or M-3) with the alerts it holds now",
  tag: "maintenance",
  scope: "incidents:read",
  params: idParams,
  response: z.object({ maintenance_window: maintenanceSchema, alerts: z.array(heldAlertSchema) }),
});

export const cancelMaintenanceEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/maintenance/{id}/cancel",
  summary: "Cancel a window before it ends (its alerts notify again); kept, with who cancelled it",
  tag: "maintenance",
  scope: "incidents:write",
  audit: "maintenance.cancel",
  params: idParams,
  response: z.object({ maintenance_window: maintenanceSchema }),
});
