import { sel, type Dashboard, type Panel } from "./types";

const apiQuantile = (q: number): Panel => ({
  id: `api-p${q * 100}`,
  title: `API latency p${q * 100}`,
  description: `${q * 100}th percentile API request duration, by region.`,
  services: ["control-plane"],
  unit: "seconds",
  kind: "timeseries",
  query: { kind: "quantile", q, histogram: "http_request_duration_seconds", match: { service: "api" }, by: ["region"] },
  thresholds: q === 0.99 ? { warn: 0.5, critical: 1, direction: "above" } : undefined,
});

export const controlPlane: Dashboard = {
  slug: "control-plane",
  title: "Control plane",
  description: "API, scheduler, reconciler, projections and Postgres.",
  services: ["control-plane", "scheduler", "projector", "postgres"],
  panels: [
    { id: "api-rate", services: ["control-plane"], title: "API requests by status", description: "API requests per second by status code.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("http_requests_total", { service: "api" }), by: ["code"] } },
    {
      id: "api-errors",
      services: ["control-plane"],
      title: "API error ratio (5xx)",
      description: "Share of API requests answered with a 5xx, by region.",
      unit: "percent",
      kind: "timeseries",
      query: { kind: "ratio", num: sel("http_requests_total", { service: "api", code: ["=~", "5.."] }), den: sel("http_requests_total", { service: "api" }), by: ["region"] },
      thresholds: { warn: 0.001, critical: 0.005, direction: "above" },
      runbook: "api-availability",
    },
    apiQuantile(0.5),
    apiQuantile(0.95),
    apiQuantile(0.99),
    { id: "scheduler-loop", services: ["scheduler"], title: "Scheduler loop p95", description: "95th percentile duration of one scheduler loop.", unit: "seconds", kind: "timeseries", query: { kind: "quantile", q: 0.95, histogram: "scheduler_loop_duration_seconds", by: ["region"] }, thresholds: { warn: 0.5, critical: 2, direction: "above" } },
    { id: "placements", services: ["scheduler"], title: "Placements", description: "Placement decisions per second by result.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("scheduler_placements_total"), by: ["result"] } },
    { id: "backoff", services: ["scheduler"], title: "Scheduler backoff", description: "Placements deferred with backoff, per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("scheduler_backoff_total"), by: ["region"] } },
    { id: "reconcile-backlog", services: ["scheduler"], title: "Reconciler backlog", description: "Objects waiting for the reconciler.", unit: "count", kind: "timeseries", query: { kind: "gauge", sel: sel("reconcile_backlog"), agg: "sum", by: ["region"] }, thresholds: { warn: 100, critical: 300, direction: "above" } },
    { id: "reconcile-retries", services: ["scheduler"], title: "Reconciler retries", description: "Reconciler retries per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("reconcile_retries_total"), by: ["region"] } },
    { id: "converge", services: ["scheduler"], title: "Time to converge p95", description: "95th percentile time from a desired-state change to converged.", unit: "seconds", kind: "timeseries", query: { kind: "quantile", q: 0.95, histogram: "reconcile_converge_duration_seconds", by: ["region"] }, thresholds: { warn: 30, critical: 120, direction: "above" } },
    { id: "projection-lag", services: ["projector"], title: "Projection lag", description: "Events each projection is behind the event log head.", unit: "count", kind: "timeseries", query: { kind: "gauge", sel: sel("projection_lag_events"), agg: "max", by: ["region", "projection"] }, thresholds: { warn: 1000, critical: 10000, direction: "above" }, runbook: "projection-lag" },
    { id: "projection-last-applied", services: ["projector"], title: "Last applied event", description: "How long ago each projection applied its last event.", unit: "seconds", kind: "table", query: { kind: "age", sel: sel("projection_last_applied_event_timestamp_seconds"), by: ["region", "projection"] }, thresholds: { warn: 120, critical: 600, direction: "above" }, runbook: "projection-lag" },
    { id: "pg-connections", services: ["postgres"], title: "Postgres connections", description: "Connections by state.", unit: "count", kind: "timeseries", query: { kind: "gauge", sel: sel("pg_stat_activity_count"), agg: "sum", by: ["region", "state"] } },
    { id: "pg-latency", services: ["postgres"], title: "Postgres latency p99", description: "99th percentile statement duration.", unit: "seconds", kind: "timeseries", query: { kind: "quantile", q: 0.99, histogram: "pg_query_duration_seconds", by: ["region"] }, thresholds: { warn: 0.05, critical: 0.25, direction: "above" } },
  ],
};
