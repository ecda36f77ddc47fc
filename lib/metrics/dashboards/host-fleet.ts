import { sel, type Dashboard } from "./types";

export const hostFleet: Dashboard = {
  slug: "host-fleet",
  title: "Host fleet",
  description: "Host health, drain and cordon status, microVM lifecycle failures and disk pressure.",
  services: ["agent"],
  panels: [
    { id: "hosts", title: "Hosts", description: "Every host's state now: ready, cordoned, draining, drained, down.", unit: "count", kind: "status-grid", query: { kind: "gauge", sel: sel("host_state"), agg: "max", by: ["region", "host", "state"], nonzero: true }, grid: { cell: "host", state: "state" }, runbook: "host-down" },
    { id: "hosts-down", title: "Hosts down", description: "Hosts in state down now.", unit: "count", kind: "stat", query: { kind: "gauge", sel: sel("host_state", { state: "down" }), agg: "sum" }, thresholds: { warn: 0, critical: 2, direction: "above" }, runbook: "host-down" },
    { id: "host-states", title: "Hosts by state", description: "Number of hosts in each state.", unit: "count", kind: "timeseries", query: { kind: "gauge", sel: sel("host_state"), agg: "sum", by: ["state"] } },
    { id: "microvm-failures", title: "microVM lifecycle failures", description: "Failed starts, stops and snapshot restores per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("microvm_lifecycle_failures_total"), by: ["op"] } },
    { id: "microvm-failure-ratio", title: "microVM failure ratio", description: "Share of lifecycle operations that failed, by operation.", unit: "percent", kind: "timeseries", query: { kind: "ratio", num: sel("microvm_lifecycle_failures_total"), den: sel("microvm_lifecycle_operations_total"), by: ["op"] }, thresholds: { warn: 0.01, critical: 0.05, direction: "above" } },
    { id: "microvms-running", title: "microVMs running", description: "Running microVMs by region.", unit: "count", kind: "timeseries", query: { kind: "gauge", sel: sel("microvms_running"), agg: "sum", by: ["region"] } },
    { id: "disk-pressure", title: "Disk pressure", description: "Hosts by share of their microVM disk pool in use now; the fullest first.", unit: "percent", kind: "table", query: { kind: "gauge", sel: sel("host_disk_used_ratio"), agg: "max", by: ["region", "host"] }, thresholds: { warn: 0.85, critical: 0.9, direction: "above" }, runbook: "host-disk-pressure" },
    { id: "memory-pressure", title: "Memory pressure", description: "Hosts by share of their memory in use now; the fullest first.", unit: "percent", kind: "table", query: { kind: "gauge", sel: sel("host_memory_used_ratio"), agg: "max", by: ["region", "host"] }, thresholds: { warn: 0.9, critical: 0.95, direction: "above" }, runbook: "host-resource-pressure" },
    { id: "cpu", title: "CPU", description: "Hosts by share of their CPU in use now; the busiest first.", unit: "percent", kind: "table", query: { kind: "gauge", sel: sel("host_cpu_utilization"), agg: "max", by: ["region", "host"] }, thresholds: { warn: 0.8, critical: 0.95, direction: "above" }, runbook: "host-resource-pressure" },
    {
      id: "agent-heartbeat",
      title: "Oldest agent heartbeat",
      description: "How long ago the most silent host agent last sent a heartbeat, by region.",
      unit: "seconds",
      kind: "stat",
      query: { kind: "age", sel: sel("agent_heartbeat_timestamp_seconds"), by: ["region"] },
      // Agents beat every ten seconds; reported once a minute, a healthy one reads up to ~65 s.
      thresholds: { warn: 75, critical: 90, direction: "above" },
      runbook: "agent-heartbeat",
    },
  ],
};
