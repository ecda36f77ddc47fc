import { sel, type Dashboard } from "./types";

export const edge: Dashboard = {
  slug: "edge",
  title: "Edge",
  description: "Connect success, resets, timeouts, endpoint health, config reloads and upstream failures.",
  panels: [
    {
      id: "connect-success",
      title: "Connect success",
      description: "Share of client connections the edge completed, by region.",
      unit: "percent",
      kind: "timeseries",
      query: { kind: "ratio", num: sel("edge_connect_failures_total"), den: sel("edge_connect_attempts_total"), by: ["region"], complement: true },
      thresholds: { warn: 0.999, critical: 0.99, direction: "below" },
      runbook: "edge-connect-failures",
    },
    { id: "failures-by-reason", title: "Failures by reason", description: "Failed connections per second: TLS, resets, timeouts.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("edge_connect_failures_total"), by: ["reason"] } },
    { id: "resets", title: "Resets", description: "Connections reset, per second, by region.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("edge_connect_failures_total", { reason: "reset" }), by: ["region"] } },
    { id: "timeouts", title: "Timeouts", description: "Connections timed out, per second, by region.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("edge_connect_failures_total", { reason: "timeout" }), by: ["region"] } },
    {
      id: "node-failure-ratio",
      title: "Failure ratio by node",
      description: "Share of failed connections per edge node now; the worst first.",
      unit: "percent",
      kind: "table",
      query: { kind: "ratio", num: sel("edge_connect_failures_total"), den: sel("edge_connect_attempts_total"), by: ["region", "node"] },
      thresholds: { warn: 0.001, critical: 0.01, direction: "above" },
      runbook: "edge-connect-failures",
    },
    {
      id: "endpoint-health",
      title: "Endpoint health",
      description: "Health check of every edge endpoint now (1 up, 0 down).",
      unit: "count",
      kind: "status-grid",
      query: { kind: "gauge", sel: sel("edge_endpoint_up"), agg: "min", by: ["region", "endpoint"] },
      thresholds: { warn: 1, critical: 1, direction: "below" },
      grid: { cell: "endpoint", values: { "1": "up", "0": "down" } },
    },
    { id: "config-reloads", title: "Config reloads", description: "Edge config reloads per second by result.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("edge_config_reloads_total"), by: ["result"] } },
    { id: "upstream-failures", title: "Upstream failures", description: "Edge requests whose upstream failed, per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("edge_upstream_failures_total"), by: ["region"] } },
  ],
};
