// Dashboard and SLO API contracts.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { changeSchema } from "@/lib/changes/contract";
import {
  panelMeta,
  dashboardStatus,
  dashboardPanel,
  budgetExceptionSchema,
  sloSchema,
  ruleStatusSchema,
} from "./schemas";

export {
  dataState,
  type DataState,
  dashboardStatus,
  annotationSchema,
  type Annotation,
  dashboardPanel,
  type DashboardPanel,
  budgetExceptionSchema,
  sloSchema,
  type Slo,
  ruleStatusSchema,
  type RuleStatusView,
} from "./schemas";

/** Shape only here; which regions exist is configuration (METRICS_REGIONS), checked by lib/metrics. */
const region = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a region name like eu-west");
const flag = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .optional()
  .transform((v) => v === "true" || v === "1");

export const listDashboardsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/dashboards",
  summary: "The dashboard set with its panels; `status=true` adds each dashboard's state now",
  tag: "dashboards",
  scope: "dashboards:read",
  query: z.object({ status: flag }),
  response: z.object({
    source: z.enum(["simulator", "prometheus"]),
    dashboards: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        description: z.string(),
        panels: z.array(panelMeta),
        status: dashboardStatus.nullable(),
      }),
    ),
  }),
});

export const getDashboardEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/dashboards/{slug}",
  summary: "A dashboard's panels with data: time series over from..to, stats, grids and tables now",
  tag: "dashboards",
  scope: "dashboards:read",
  params: z.object({ slug: z.string().max(100) }),
  query: z.object({
    from: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative: 15m, 6h, 7d (default: to - 6h)"),
    to: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative (default: now)"),
    region: region.optional(),
    step: z
      .string()
      .max(16)
      .optional()
      .describe("Seconds or 30s/5m/1h; raised when the range would need more than 1,000 points"),
  }),
  response: z.object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    source: z.enum(["simulator", "prometheus"]),
    from: z.string(),
    to: z.string(),
    step: z.number(),
    region: z.string().nullable(),
    changes: z
      .array(changeSchema)
      .describe("changes under way in the range to any of the dashboard's services (in the region), newest first"),
    changes_truncated: z.boolean().describe("more than 200 changes: narrow the range"),
    panels: z.array(dashboardPanel),
  }),
});
export type DashboardData = z.infer<typeof getDashboardEndpoint.response>;

export const listSlosEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/slos",
  summary: "SLOs per region: SLI, error budget left, time to exhaustion, burn rates over 5m…3d and alert state",
  tag: "dashboards",
  scope: "dashboards:read",
  query: z.object({ region: region.optional(), history: flag }),
  response: z.object({ source: z.enum(["simulator", "prometheus"]), slos: z.array(sloSchema) }),
});

export const budgetExceptionEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/slos/{id}/exceptions",
  summary:
    "The service owner's exception to the error budget freeze: deploys of the SLO's service go through (in a region, or every one) for `hours` (24, at most 168)",
  tag: "dashboards",
  scope: "incidents:write",
  audit: "slo.budget_exception",
  params: z.object({ id: z.string().max(100) }),
  body: z.object({
    region: region.nullish(),
    reason: z.string().trim().min(3, "say why deploys cannot wait for the budget to recover").max(2000),
    hours: z.number().int().min(1).max(168).optional(),
  }),
  status: 201,
  response: z.object({ exception: budgetExceptionSchema }),
  auditResult: (r) => ({
    exception_id: r.exception.id,
    slo: r.exception.slo,
    region: r.exception.region,
    reason: r.exception.reason,
    expires_at: r.exception.expires_at,
  }),
});

export const endBudgetExceptionEndpoint = endpoint({
  method: "DELETE",
  path: "/api/v1/slos/{id}/exceptions/{exceptionId}",
  summary: "End an error budget exception before it expires (kept, with who ended it)",
  tag: "dashboards",
  scope: "incidents:write",
  audit: "slo.budget_exception_end",
  params: z.object({ id: z.string().max(100), exceptionId: z.string().max(100) }),
  response: z.object({ ended: z.boolean() }),
});

export const alertRulesEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/alert-rules",
  summary:
    "The console's Prometheus rule file: recording rules for every SLO and every alerting rule (YAML; format=json for JSON)",
  tag: "dashboards",
  scope: "dashboards:read",
  query: z.object({
    format: z.enum(["yaml", "json"]).default("yaml"),
    scale: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .optional()
      .describe("shrink every window and `for` by this factor (test stacks only)"),
  }),
  produces: "application/yaml",
  response: z.unknown(),
});

export const ruleStatesEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/alert-rules/state",
  summary:
    "Every alerting rule with its state now: firing, pending, ok, no data, or an error (from Prometheus, or evaluated on the simulator)",
  tag: "dashboards",
  scope: "dashboards:read",
  response: z.object({ source: z.enum(["simulator", "prometheus"]), rules: z.array(ruleStatusSchema) }),
});
