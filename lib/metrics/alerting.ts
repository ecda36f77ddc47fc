// Alert rules as code: one declaration per rule, its condition written against the same typed queries
// and thresholds as the dashboards' panels (a rule that names a panel alerts at that panel's line, so the
// two cannot disagree). From these come the Prometheus rule file (./rule-file), the console's own
// evaluation of each rule's state (./rule-state), and the rules' promtool tests. Browser-safe.
import { SERVICE_SIGNALS } from "./signals";
import { SLOS } from "./slo";
import { DASHBOARDS } from "./dashboards";
import type { Panel, Thresholds } from "./dashboards/types";
import { isService, type Service } from "./services";
import { MIN, type AlertRuleDef, type Condition } from "./alert-rule";
import { ALERT_RULE_DEFS } from "./baseline-rules";

/** Absent-signal rules: a component whose metrics vanish raises an alert like any failure, per region. */
export const SILENT_RULE_DEFS: AlertRuleDef[] = Object.keys(SERVICE_SIGNALS)
  .filter(isService)
  .map((service) => ({
    name: "ServiceMetricsMissing",
    severity: "high",
    service,
    forS: 2 * MIN,
    when: { kind: "silent", service, gapS: 5 * MIN },
    summary: `${service} in {{ $labels.region }} has reported no metrics for 5 minutes`,
    impact: "Its dashboards show no data: the console cannot tell whether it works. It may be down.",
    scope: `Every ${service} metric in the region; check whether the service itself is up.`,
    firstSteps: [
      "Check the service and its exporter in the region",
      "Check Prometheus's targets page for scrape errors",
    ],
    runbook: "metrics-missing",
    dashboard: dashboardOf(service),
  }));

export const TARGET_DOWN_RULE: AlertRuleDef = {
  name: "ScrapeTargetDown",
  severity: "high",
  service: "control-plane",
  forS: 2 * MIN,
  when: { kind: "target-down" },
  summary: "Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}",
  impact: "Everything that target reports reads as no data.",
  scope: "One scrape target; see Prometheus's targets page.",
  firstSteps: [
    "Check that the target's process runs and listens",
    "Check the network between Prometheus and the target",
  ],
  runbook: "metrics-missing",
  dashboard: "overview",
};

/** The error budget policy's alerts, per SLO and region (a ticket below 20 % left, a page when spent). */
export const BUDGET_RULE_DEFS: AlertRuleDef[] = [
  {
    name: "ErrorBudgetNearlyExhausted",
    severity: "medium",
    service: "control-plane",
    forS: 15 * MIN,
    when: { kind: "budget", atMost: 0.2, below: true },
    summary: "{{ $labels.slo }} in {{ $labels.region }} has less than 20 % of its 30-day error budget left",
    impact: "Little room for more failures: slow down risky changes to the service.",
    scope: "One SLO in one region; see its card on the overview.",
    firstSteps: ["Review what spent the budget", "Prefer reliability work over features until it recovers"],
    runbook: "error-budget-policy",
    dashboard: "overview",
  },
  {
    name: "ErrorBudgetExhausted",
    severity: "critical",
    service: "control-plane",
    forS: 5 * MIN,
    when: { kind: "budget", atMost: 0 },
    summary: "{{ $labels.slo }} in {{ $labels.region }} has spent its 30-day error budget",
    impact:
      "The objective is missed for the period. Deploys to the service are frozen until it recovers or its owner records an exception.",
    scope: "One SLO in one region.",
    firstSteps: ["Stop shipping to the service (the deploy freeze says so)", "Find and fix what keeps failing"],
    runbook: "error-budget-policy",
    dashboard: "overview",
  },
];

export const WATCHDOG_RULE: AlertRuleDef = {
  name: "Watchdog",
  severity: "low",
  service: "control-plane",
  forS: 0,
  when: { kind: "always" },
  summary: "The alerting pipeline is working (always firing)",
  impact: "None: its arrival every minute proves Prometheus and Alertmanager deliver. Its absence pages.",
  scope: "The whole alerting pipeline.",
  firstSteps: ["None while it arrives"],
  runbook: "alerting-pipeline-silent",
  dashboard: "overview",
};

function dashboardOf(service: Service): string {
  return DASHBOARDS.find((d) => d.slug !== "overview" && d.services.includes(service))?.slug ?? "overview";
}

/** Every rule the console ships, in the rule file's order. */
export const ALL_RULES: AlertRuleDef[] = [
  ...ALERT_RULE_DEFS,
  ...SILENT_RULE_DEFS,
  TARGET_DOWN_RULE,
  ...BUDGET_RULE_DEFS,
  WATCHDOG_RULE,
];

/** The panel a rule names. */
export function rulePanel(c: Extract<Condition, { kind: "panel" }>): {
  panel: Panel & { thresholds: Thresholds };
  dashboard: string;
} {
  const [slug = "", id = ""] = c.panel.split("/");
  const panel = DASHBOARDS.find((d) => d.slug === slug)?.panels.find((p) => p.id === id);
  if (!panel) throw new Error(`alert rule names no panel ${c.panel}`);
  if (!panel.thresholds) throw new Error(`panel ${c.panel} has no thresholds to alert on`);
  return { panel: { ...panel, thresholds: panel.thresholds }, dashboard: slug };
}

/** The SLOs the budget rules cover (each SLO names its own service). */
export const BUDGET_SLOS = SLOS;
