// Alert rules as code: one declaration per rule, its condition written against the same typed queries
// and thresholds as the dashboards' panels (a rule that names a panel alerts at that panel's line, so the
// two cannot disagree). From these come the Prometheus rule file (./rule-file), the console's own
// evaluation of each rule's state (./rule-state), and the rules' promtool tests. Browser-safe.
import type { AlertSeverity } from "@/lib/vocabulary";
import type { Query } from "./query";
import type { Service } from "./services";
import { SERVICE_SIGNALS } from "./signals";
import { SLOS } from "./slo";
import { DASHBOARDS } from "./dashboards";
import type { Level, Panel } from "./dashboards/types";

export type Condition =
  /** A panel's query over its `level` line; `by` narrows the alert's labels (e.g. one alert per region, not per host). */
  | { kind: "panel"; panel: string; level: Exclude<Level, "ok">; by?: string[] }
  /** A query below `fraction` of itself `offsetS` ago (traffic against the same hour last week). */
  | { kind: "drop"; query: Query; fraction: number; offsetS: number }
  /** The service's key metric had samples in a region within the last hour and has none in the last `gapS`. */
  | { kind: "silent"; service: Service; gapS: number }
  /** A scrape target Prometheus cannot reach (`up == 0`). */
  | { kind: "target-down" }
  /** An SLO's error budget left (the recording rule) at or under `remaining` (1 = untouched). */
  | { kind: "budget"; atMost: number; below?: boolean }
  /** Always true: the dead man's switch. */
  | { kind: "always" };

export interface AlertRuleDef {
  /** The alertname. */
  name: string;
  severity: AlertSeverity;
  service: Service;
  /** How long the condition must hold before the alert fires. */
  forS: number;
  when: Condition;
  /** One line, may use {{ $labels.region }}. */
  summary: string;
  /** What users notice. */
  impact: string;
  /** What is affected, and how to tell how much. */
  scope: string;
  firstSteps: string[];
  /** docs/runbooks/{slug}.md */
  runbook: string;
  /** The dashboard to open (and the panel, when the rule is one). */
  dashboard: string;
}

const MIN = 60;

/** The nine baseline alerts of the observability architecture, the playbook's critical and warning rules, and the guide's. */
export const ALERT_RULE_DEFS: AlertRuleDef[] = [
  {
    name: "ControlPlaneApiDown",
    severity: "critical",
    service: "control-plane",
    forS: 1 * MIN,
    when: { kind: "panel", panel: "control-plane/api-probe", level: "critical" },
    summary: "The control plane API in {{ $labels.region }} does not answer its health probe",
    impact: "Deploys, scaling and every API call in the region fail; running apps keep serving.",
    scope: "One region's API; check the others on the same panel.",
    firstSteps: ["Open the API health probe panel and the API error ratio", "Check the control plane's platform logs in the region for crashes", "Roll back the last control plane deploy if one preceded it"],
    runbook: "control-plane-api-down",
    dashboard: "control-plane",
  },
  {
    name: "PostgresDown",
    severity: "critical",
    service: "postgres",
    forS: 1 * MIN,
    when: { kind: "panel", panel: "control-plane/pg-up", level: "critical" },
    summary: "The Postgres primary in {{ $labels.region }} is down",
    impact: "Every control plane write in the region fails: deploys, scaling, route changes. Apps keep serving.",
    scope: "One region's control plane database.",
    firstSteps: ["Check the primary's host and the Postgres logs", "Promote the healthiest replica if the primary does not return within 5 minutes", "Freeze deploys to the region"],
    runbook: "postgres-down",
    dashboard: "control-plane",
  },
  {
    name: "PostgresReplicationBroken",
    severity: "critical",
    service: "postgres",
    forS: 2 * MIN,
    when: { kind: "panel", panel: "control-plane/pg-replicas", level: "critical" },
    summary: "No replica is streaming from the Postgres primary in {{ $labels.region }}",
    impact: "No failover target: losing the primary would lose writes. Reads from replicas go stale.",
    scope: "One region's replicas; check replica lag on the same dashboard.",
    firstSteps: ["Check replication slots and the replicas' logs", "Restart the replica's WAL receiver, or rebuild it from a base backup", "Do not restart the primary while no replica streams"],
    runbook: "postgres-replication",
    dashboard: "control-plane",
  },
  {
    name: "PostgresReplicaLagHigh",
    severity: "medium",
    service: "postgres",
    forS: 2 * MIN,
    when: { kind: "panel", panel: "control-plane/pg-replica-lag", level: "warn" },
    summary: "A Postgres replica in {{ $labels.region }} is more than 5 s behind its primary",
    impact: "Reads served by replicas are stale; a failover now would lose the lag's writes.",
    scope: "The lagging replica; see Replica lag by region.",
    firstSteps: ["Check the replica's disk and network", "Look for a long transaction or a vacuum holding replay"],
    runbook: "postgres-replication",
    dashboard: "control-plane",
  },
  {
    name: "EventAppendErrors",
    severity: "critical",
    service: "control-plane",
    forS: 2 * MIN,
    when: { kind: "panel", panel: "control-plane/event-append-errors", level: "critical" },
    summary: "More than 1 % of event appends fail in {{ $labels.region }}",
    impact: "Commands are refused or lost: deploys and scaling fail, and nothing downstream converges.",
    scope: "One region's event log; check Postgres on the same dashboard.",
    firstSteps: ["Check the Postgres primary and its disk", "Read the control plane's error lines for the append error class"],
    runbook: "event-append-errors",
    dashboard: "control-plane",
  },
  {
    name: "ProjectionLagHigh",
    severity: "high",
    service: "projector",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "control-plane/projection-lag", level: "critical" },
    summary: "A projection in {{ $labels.region }} is more than 10,000 events behind",
    impact: "App status, machine state or routes shown to users are stale.",
    scope: "One projection in one region; see Last applied event.",
    firstSteps: ["Find the event the consumer is stuck on in the projector's logs", "Dead-letter it and restart the consumer"],
    runbook: "projection-lag",
    dashboard: "control-plane",
  },
  {
    name: "SchedulerLoopStalled",
    severity: "critical",
    service: "scheduler",
    forS: 1 * MIN,
    when: { kind: "panel", panel: "control-plane/scheduler-last-loop", level: "critical" },
    summary: "The scheduler loop in {{ $labels.region }} has not completed for over 2 minutes",
    impact: "No new microVM is placed: deploys, restarts and scaling in the region hang.",
    scope: "One region's scheduler.",
    firstSteps: ["Check the scheduler's logs for a stuck lock or panic", "Restart the scheduler (it resumes from the event log)"],
    runbook: "scheduler-stalled",
    dashboard: "control-plane",
  },
  {
    name: "EdgeConfigApplyFailing",
    severity: "high",
    service: "edge",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "edge/config-apply-failures", level: "critical" },
    summary: "Edge nodes in {{ $labels.region }} are failing to apply config",
    impact: "Route changes do not reach the edge: new deploys get no traffic, removed backends keep getting it.",
    scope: "One region's edge nodes; see Config reloads.",
    firstSteps: ["Read the edge's error lines for the rejected config", "Roll back the last config push"],
    runbook: "edge-config-apply",
    dashboard: "edge",
  },
  {
    name: "EdgeBackendsUnreachable",
    severity: "critical",
    service: "edge",
    forS: 3 * MIN,
    when: { kind: "panel", panel: "edge/backends-unreachable", level: "critical" },
    summary: "Edge nodes in {{ $labels.region }} cannot reach more than 10 backends",
    impact: "Requests to apps behind those backends fail or time out.",
    scope: "Which backends and apps: the edge's logs name them; check the overlay dashboard.",
    firstSteps: ["Check the WireGuard overlay between the edge and the hosts", "Check whether the backends' hosts are down"],
    runbook: "edge-backends-unreachable",
    dashboard: "edge",
  },
  {
    name: "AgentHeartbeatMissing",
    severity: "high",
    service: "agent",
    forS: 2 * MIN,
    when: { kind: "panel", panel: "host-fleet/agent-heartbeat", level: "critical" },
    summary: "Host agents in {{ $labels.region }} have sent no heartbeat for over 90 s",
    impact: "Their hosts' microVMs cannot be started, stopped or rescheduled; they may be down.",
    scope: "Which hosts: the host grid shows them as down.",
    firstSteps: ["Open the host grid for the region", "Check whether the hosts answer at all (a hardware or kernel failure)", "Drain them so their microVMs are rescheduled"],
    runbook: "agent-heartbeat",
    dashboard: "host-fleet",
  },
  {
    name: "HostDiskPressure",
    severity: "critical",
    service: "agent",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "host-fleet/disk-pressure", level: "critical", by: ["region"] },
    summary: "A host in {{ $labels.region }} has used more than 90 % of its microVM disk pool",
    impact: "microVMs on it fail writes and cannot start; volumes may go read-only.",
    scope: "Which hosts: the Disk pressure table, fullest first.",
    firstSteps: ["Cordon the host so nothing new lands on it", "Move the largest volumes off it"],
    runbook: "host-disk-pressure",
    dashboard: "host-fleet",
  },
  {
    name: "HostMemoryPressure",
    severity: "critical",
    service: "agent",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "host-fleet/memory-pressure", level: "critical", by: ["region"] },
    summary: "A host in {{ $labels.region }} has used more than 95 % of its memory",
    impact: "microVMs on it are OOM-killed and restart.",
    scope: "Which hosts: the Memory pressure table, fullest first.",
    firstSteps: ["Cordon the host", "Migrate its largest microVMs elsewhere"],
    runbook: "host-resource-pressure",
    dashboard: "host-fleet",
  },
  {
    name: "HostCpuHigh",
    severity: "medium",
    service: "agent",
    forS: 10 * MIN,
    when: { kind: "panel", panel: "host-fleet/cpu", level: "warn", by: ["region"] },
    summary: "A host in {{ $labels.region }} has used more than 80 % of its CPU for 10 minutes",
    impact: "microVMs on it run slower (CPU steal).",
    scope: "Which hosts: the CPU table, busiest first.",
    firstSteps: ["Check for a noisy tenant microVM", "Rebalance with the scheduler's drain"],
    runbook: "host-resource-pressure",
    dashboard: "host-fleet",
  },
  {
    name: "ApiErrorRateCritical",
    severity: "critical",
    service: "control-plane",
    forS: 2 * MIN,
    when: { kind: "panel", panel: "control-plane/api-errors", level: "critical" },
    summary: "More than 10 % of API requests in {{ $labels.region }} fail with a 5xx",
    impact: "Customers' deploys, scaling and API calls fail.",
    scope: "One region's API; see API requests by status.",
    firstSteps: ["Check the API health probe and Postgres", "Roll back the last control plane change"],
    runbook: "api-availability",
    dashboard: "control-plane",
  },
  {
    name: "ApiErrorRateElevated",
    severity: "medium",
    service: "control-plane",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "control-plane/api-errors", level: "warn" },
    summary: "More than 1 % of API requests in {{ $labels.region }} fail with a 5xx",
    impact: "Some API calls fail; clients retry.",
    scope: "One region's API.",
    firstSteps: ["Look at the API's error lines by error class", "Check the recent changes to the control plane"],
    runbook: "api-availability",
    dashboard: "control-plane",
  },
  {
    name: "ApiLatencyCritical",
    severity: "critical",
    service: "control-plane",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "control-plane/api-p99", level: "critical" },
    summary: "API p99 latency in {{ $labels.region }} is over 1 s",
    impact: "API calls are slow enough for clients to time out.",
    scope: "One region's API; compare p50 and p95.",
    firstSteps: ["Check Postgres latency and connections", "Check the scheduler and reconciler backlogs"],
    runbook: "api-availability",
    dashboard: "control-plane",
  },
  {
    name: "ApiLatencyHigh",
    severity: "medium",
    service: "control-plane",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "control-plane/api-p99", level: "warn" },
    summary: "API p99 latency in {{ $labels.region }} is over 500 ms",
    impact: "API calls are slower than the latency objective.",
    scope: "One region's API.",
    firstSteps: ["Check Postgres latency", "Check for a noisy caller in the API's logs"],
    runbook: "api-availability",
    dashboard: "control-plane",
  },
  {
    name: "WorkQueueBacklog",
    severity: "medium",
    service: "scheduler",
    forS: 5 * MIN,
    when: { kind: "panel", panel: "control-plane/queue-depth", level: "warn" },
    summary: "The {{ $labels.queue }} queue in {{ $labels.region }} holds more than 1,000 items",
    impact: "Work is delayed: deploys and scaling take longer to happen.",
    scope: "One queue in one region.",
    firstSteps: ["Check the workers consuming the queue", "Check the reconciler's retries"],
    runbook: "queue-backlog",
    dashboard: "control-plane",
  },
  {
    name: "ApiTrafficDrop",
    severity: "high",
    service: "control-plane",
    forS: 10 * MIN,
    when: { kind: "drop", query: { kind: "rate", sel: { metric: "http_requests_total", match: { service: "api" } }, by: ["region"] }, fraction: 0.5, offsetS: 7 * 24 * 3600 },
    summary: "API traffic in {{ $labels.region }} is below half of the same hour last week",
    impact: "Clients may not be reaching the API: a network, DNS or edge problem in front of it.",
    scope: "One region; compare the edge's connect success.",
    firstSteps: ["Check the edge and DNS for the API's hostname", "Ask whether a large customer stopped deliberately"],
    runbook: "traffic-drop",
    dashboard: "overview",
  },
];

/** Absent-signal rules: a component whose metrics vanish raises an alert like any failure, per region. */
export const SILENT_RULE_DEFS: AlertRuleDef[] = (Object.keys(SERVICE_SIGNALS) as Service[]).map((service) => ({
  name: "ServiceMetricsMissing",
  severity: "high",
  service,
  forS: 2 * MIN,
  when: { kind: "silent", service, gapS: 5 * MIN },
  summary: `${service} in {{ $labels.region }} has reported no metrics for 5 minutes`,
  impact: "Its dashboards show no data: the console cannot tell whether it works. It may be down.",
  scope: `Every ${service} metric in the region; check whether the service itself is up.`,
  firstSteps: ["Check the service and its exporter in the region", "Check Prometheus's targets page for scrape errors"],
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
  firstSteps: ["Check that the target's process runs and listens", "Check the network between Prometheus and the target"],
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
    impact: "The objective is missed for the period. Deploys to the service are frozen until it recovers or its owner records an exception.",
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
export const ALL_RULES: AlertRuleDef[] = [...ALERT_RULE_DEFS, ...SILENT_RULE_DEFS, TARGET_DOWN_RULE, ...BUDGET_RULE_DEFS, WATCHDOG_RULE];

/** The panel a rule names. */
export function rulePanel(c: Extract<Condition, { kind: "panel" }>): { panel: Panel; dashboard: string } {
  const [slug, id] = c.panel.split("/") as [string, string];
  const panel = DASHBOARDS.find((d) => d.slug === slug)?.panels.find((p) => p.id === id);
  if (!panel) throw new Error(`alert rule names no panel ${c.panel}`);
  if (!panel.thresholds) throw new Error(`panel ${c.panel} has no thresholds to alert on`);
  return { panel, dashboard: slug };
}

/** The SLOs the budget rules cover (each SLO names its own service). */
export const BUDGET_SLOS = SLOS;
