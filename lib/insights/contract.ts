// The weekly review's API contract: incident counts and clocks, update cadence, action items, alert quality
// and untested runbooks over a window, for operators.
import { z } from "zod";
import { endpoint, repeated } from "@/lib/http/endpoint";
import { INCIDENT_SEVERITIES } from "@/lib/vocabulary";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const s = z.number().nullable();
const sev = z.enum(INCIDENT_SEVERITIES, { message: `must be one of: ${INCIDENT_SEVERITIES.join(", ")}` });

export const insightsQuerySchema = z.object({
  from: instant.optional().describe("default: 28 days before `to`"),
  to: instant.optional().describe("default: now"),
  service: repeated(z.string().max(100)),
  severity: repeated(sev),
});
export type InsightsQuery = z.infer<typeof insightsQuerySchema>;

export const insightsSchema = z.object({
  from: z.string(),
  to: z.string(),
  incidents: z.number(),
  by_week: z.array(
    z.object({
      week: z.string().describe("Monday, UTC"),
      total: z.number(),
      sev0: z.number(),
      sev1: z.number(),
      sev2: z.number(),
      sev3: z.number(),
    }),
  ),
  by_service: z.array(z.object({ service: z.string(), incidents: z.number() })),
  clocks: z.array(
    z.object({
      severity: sev,
      incidents: z.number(),
      mtta_median_s: s,
      mtta_p90_s: s,
      declare_median_s: s,
      declare_p90_s: s,
      mitigate_median_s: s,
      mitigate_p90_s: s,
      mttr_median_s: s,
      mttr_p90_s: s,
      mtta_target_s: z.number().describe("the playbook's acknowledgement clock for this severity"),
      mttr_target_s: z.number().describe("the playbook's MTTR target (critical: under 2 minutes)"),
    }),
  ),
  cadence: z.object({ kept: z.number(), missed: z.number() }),
  action_items: z.object({ open: z.number(), overdue: z.number(), closed: z.number() }),
  postmortems: z.object({ published: z.number(), overdue: z.number() }),
  alerts: z.object({
    pages: z.number(),
    per_shift: z.number().describe("pages per week-long on-call shift"),
    night_pages: z.number().describe("pages fired 22:00–06:59 UTC"),
    by_hour: z.array(z.object({ hour: z.number(), pages: z.number() })),
    acked_within_clock: z.number(),
    acked_within_clock_share: z.number().nullable(),
    actionable: z.number(),
    noise: z.number(),
    actionable_share: z.number().nullable(),
    noisiest: z.array(z.object({ name: z.string(), pages: z.number(), noise: z.number() })),
    flapping: z.array(z.object({ name: z.string(), flaps: z.number() })),
  }),
  slos: z
    .array(
      z.object({
        slo: z.string(),
        name: z.string(),
        service: z.string(),
        objective: z.number(),
        region: z.string().nullable(),
        attained: z.number().nullable().describe("the SLI over the 30 days ending at `to`; null: no data"),
        budget_left: z.number().nullable().describe("share of the period's error budget left; null: no data"),
      }),
    )
    .describe("each SLO's attainment per region over its period ending at `to`"),
  budget_by_incident: z
    .array(
      z.object({
        incident_id: z.string(),
        ref: z.string().describe("INC-n"),
        slo: z.string(),
        region: z.string().nullable(),
        seconds: z.number().describe("impact start to mitigation (else resolution)"),
        spent: z.number().nullable().describe("share of the SLO's 30-day budget spent; null: no data"),
      }),
    )
    .describe("budget spent by the window's newest resolved incidents (up to 20), per SLO of their services"),
  slo_error: z.string().nullable().describe("why the metrics source gave no SLO figures, if it did not"),
  runbooks_untested: z
    .array(z.object({ slug: z.string(), title: z.string(), last_exercised_at: z.string().nullable() }))
    .describe("runbooks not exercised for RUNBOOK_TEST_DAYS"),
});
export type Insights = z.infer<typeof insightsSchema>;

export const getInsightsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/insights",
  summary:
    "The weekly review (operators): incidents by week, severity and service; MTTA, time to declare, to mitigate and MTTR (median and p90 by severity, with the playbook's targets); update cadence kept or missed; action items; alert quality (pages per shift and per hour, acknowledged within the clock, actionable versus noise, noisiest and flapping rules); untested runbooks",
  tag: "insights",
  scope: "dashboards:read",
  query: insightsQuerySchema,
  response: insightsSchema,
});
