// The shapes of dashboards, SLOs and rule states on the wire (the API contracts in ./contract use them).
import { z } from "zod";
import { changeKindSchema, changeStatusSchema } from "@/lib/changes/contract";
import { BUDGET_TIERS } from "./slo";

const thresholds = z.object({ warn: z.number(), critical: z.number(), direction: z.enum(["above", "below"]) });
export const panelMeta = z.object({
  id: z.string(),
  services: z.array(z.string()).describe("the services this panel is about: its Logs and Changes look there"),
  title: z.string(),
  description: z.string(),
  unit: z.enum(["percent", "seconds", "per_second", "count"]),
  kind: z.enum(["timeseries", "stat", "status-grid", "table"]),
  thresholds: thresholds.nullable(),
  runbook_url: z.string().nullable(),
  grid: z
    .object({ cell: z.string(), state: z.string().optional(), values: z.record(z.string(), z.string()).optional() })
    .nullable(),
  promql: z.string().describe("The PromQL this panel runs against Prometheus"),
});
const labels = z.record(z.string(), z.string());
const point = z.tuple([z.number().describe("unix ms"), z.number().nullable()]);
const series = z.object({ labels, points: z.array(point) });

/** What the console can say of a signal: a level, or that it cannot tell (no data, a failing source). */
export const dataState = z.enum(["ok", "warn", "critical", "no_data", "error"]);
export type DataState = z.infer<typeof dataState>;

export const dashboardStatus = z.object({
  state: dataState.describe(
    "the worst of its panels: critical, warn, error (a query failed), no_data (a panel or a region reports nothing), ok",
  ),
  findings: z.array(
    z.object({
      panel: z.string(),
      level: dataState.exclude(["ok"]),
      labels,
      value: z.number().nullable(),
      since: z.string().nullable().optional().describe("no data: when it last had data (within the hour)"),
    }),
  ),
  finding_count: z.number(),
  panel_errors: z.number(),
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
  annotations: z
    .array(annotationSchema)
    .describe("changes under way in the range to this panel's services, in the region when one is chosen"),
  error: z.string().optional(),
  no_data_since: z
    .string()
    .nullable()
    .optional()
    .describe("present when the panel has had no data at the range's end: when it last had (within the hour), or null"),
  missing_regions: z.array(z.string()).optional().describe("regions a by-region panel shows nothing for now"),
});
export type DashboardPanel = z.infer<typeof dashboardPanel>;

export const budgetExceptionSchema = z.object({
  id: z.string(),
  slo: z.string(),
  region: z.string().nullable(),
  reason: z.string(),
  by: z.object({ id: z.string(), name: z.string() }),
  at: z.string(),
  expires_at: z.string(),
});

const burnRates = z.object({
  "5m": z.number(),
  "30m": z.number(),
  "1h": z.number(),
  "2h": z.number(),
  "6h": z.number(),
  "1d": z.number(),
  "3d": z.number(),
});
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
  alert_state: z
    .enum(["ok", "ticket", "page", "no_data"])
    .describe("no_data: nothing over the last five minutes, so the console cannot say"),
  data_state: z.enum(["ok", "no_data"]),
  no_data_since: z
    .string()
    .nullable()
    .optional()
    .describe("with no data: when it last had data (within the hour), else null"),
  policy: z.object({
    tier: z
      .enum(BUDGET_TIERS)
      .nullable()
      .describe(
        "the error budget policy: ship (over 80 % left), balanced (50–80 %), slow_down (under 50 %), freeze (spent: deploys to its service are frozen); null without data",
      ),
    exception: budgetExceptionSchema
      .nullable()
      .describe("the owner's exception letting deploys through while the budget is spent"),
  }),
  runbook_url: z.string(),
  dashboard_url: z.string(),
  service: z.string().describe("the service whose logs and changes explain a burn"),
  burn_window: z
    .object({ start: z.string(), end: z.string() })
    .describe(
      "the window an investigation of this burn looks at: the firing page rule's long window (1 h or 6 h), else 6 h for a ticket, 1 h when calm",
    ),
  logs_url: z.string().describe("that service's platform logs in this region over the burn window, warnings and worse"),
  changes_url: z
    .string()
    .describe("the changes to that service in this region over the burn window and the hour before it"),
  burn_history: z.array(point).describe("1h burn rate, hourly over the last 24 h (with history=true)"),
});
export type Slo = z.infer<typeof sloSchema>;

const ruleAlert = z.object({
  labels,
  state: z.enum(["firing", "pending"]),
  active_since: z.string().nullable(),
  value: z.number().nullable(),
});
export const ruleStatusSchema = z.object({
  name: z.string(),
  severity: z.string(),
  priority: z.string().nullable(),
  service: z.string(),
  slo: z.string().nullable(),
  summary: z.string(),
  runbook_url: z.string(),
  dashboard_url: z.string(),
  for_s: z.number(),
  expr: z.string(),
  state: z.enum(["firing", "pending", "ok", "no_data", "error", "not_loaded", "not_applicable"]),
  alerts: z.array(ruleAlert),
  detail: z.string().nullable(),
});
export type RuleStatusView = z.infer<typeof ruleStatusSchema>;
