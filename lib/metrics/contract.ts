// Dashboard and SLO API contracts.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { changeKindSchema, changeSchema, changeStatusSchema } from "@/lib/changes/contract";

/** Shape only here; which regions exist is configuration (METRICS_REGIONS), checked by lib/metrics. */
const region = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a region name like eu-west");
const flag = z.enum(["true", "false", "1", "0"], { message: "must be true or false" }).optional().transform((v) => v === "true" || v === "1");

const level = z.enum(["ok", "warn", "critical"]);
const thresholds = z.object({ warn: z.number(), critical: z.number(), direction: z.enum(["above", "below"]) });
const panelMeta = z.object({
  id: z.string(),
  services: z.array(z.string()).describe("the services this panel is about: its Logs and Changes look there"),
  title: z.string(),
  description: z.string(),
  unit: z.enum(["percent", "seconds", "per_second", "count"]),
  kind: z.enum(["timeseries", "stat", "status-grid", "table"]),
  thresholds: thresholds.nullable(),
  runbook_url: z.string().nullable(),
  grid: z.object({ cell: z.string(), state: z.string().optional(), values: z.record(z.string(), z.string()).optional() }).nullable(),
  promql: z.string().describe("The PromQL this panel runs against Prometheus"),
});
const labels = z.record(z.string(), z.string());
const point = z.tuple([z.number().describe("unix ms"), z.number().nullable()]);
const series = z.object({ labels, points: z.array(point) });

export const dashboardStatus = z.object({
  state: level,
  findings: z.array(z.object({ panel: z.string(), level, labels, value: z.number().nullable() })),
  finding_count: z.number(),
  panel_errors: z.number(),
});

export const listDashboardsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/dashboards",
  summary: "The dashboard set with its panels; `status=true` adds each dashboard's state now",
  tag: "dashboards",
  scope: "dashboards:read",
  query: z.object({ status: flag }),
  response: z.object({
    source: z.enum(["simulator", "prometheus"]),
    dashboards: z.array(z.object({ slug: z.string(), title: z.string(), description: z.string(), panels: z.array(panelMeta), status: dashboardStatus.nullable() })),
  }),
});

export const annotationSchema = z.object({
  change_id: z.string(),
  time: z.number().describe("unix ms the change started"),
  end: z.number().nullable().describe("unix ms it finished; null while under way"),
  kind: changeKindSchema,
  service: z.string(),
  regions: z.array(z.string()),
  summary: z.string(),
  actor: z.string(),
  status: changeStatusSchema,
  url: z.string().nullable(),
  freeze_violation: z.boolean(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const dashboardPanel = panelMeta.extend({
  series: z.array(series),
  annotations: z.array(annotationSchema).describe("changes under way in the range to this panel's services, in the region when one is chosen"),
  error: z.string().optional(),
});
export type DashboardPanel = z.infer<typeof dashboardPanel>;

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
    step: z.string().max(16).optional().describe("Seconds or 30s/5m/1h; raised when the range would need more than 1,000 points"),
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
    changes: z.array(changeSchema).describe("changes under way in the range to any of the dashboard's services (in the region), newest first"),
    changes_truncated: z.boolean().describe("more than 200 changes: narrow the range"),
    panels: z.array(dashboardPanel),
  }),
});
export type DashboardData = z.infer<typeof getDashboardEndpoint.response>;

const burnRates = z.object({ "5m": z.number(), "30m": z.number(), "1h": z.number(), "2h": z.number(), "6h": z.number(), "1d": z.number(), "3d": z.number() });
export const sloSchema = z.object({
  id: z.string(),
  slo: z.string(),
  name: z.string(),
  description: z.string(),
  region: z.string(),
  objective: z.number(),
  period_days: z.number(),
  sli: z.number().nullable(),
  error_budget_remaining: z.number().nullable(),
  time_to_exhaustion_s: z.number().nullable(),
  burn_rates: burnRates,
  alert_state: z.enum(["ok", "ticket", "page"]),
  runbook_url: z.string(),
  dashboard_url: z.string(),
  service: z.string().describe("the service whose logs and changes explain a burn"),
  burn_window: z.object({ start: z.string(), end: z.string() }).describe("the window an investigation of this burn looks at: the firing page rule's long window (1 h or 6 h), else 6 h for a ticket, 1 h when calm"),
  logs_url: z.string().describe("that service's platform logs in this region over the burn window, warnings and worse"),
  changes_url: z.string().describe("the changes to that service in this region over the burn window and the hour before it"),
  burn_history: z.array(point).describe("1h burn rate, hourly over the last 24 h (with history=true)"),
});
export type Slo = z.infer<typeof sloSchema>;

export const listSlosEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/slos",
  summary: "SLOs per region: SLI, error budget left, time to exhaustion, burn rates over 5m…3d and alert state",
  tag: "dashboards",
  scope: "dashboards:read",
  query: z.object({ region: region.optional(), history: flag }),
  response: z.object({ source: z.enum(["simulator", "prometheus"]), slos: z.array(sloSchema) }),
});
