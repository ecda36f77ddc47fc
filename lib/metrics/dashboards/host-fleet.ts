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
    { id: "disk-pressure", title: "Disk pressure", description: "Hosts by share of their microVM disk pool in use now; the fullest first.", unit: "percent", kind: "table", query: { kind: "gauge", sel: sel("host_disk_used_ratio"), agg: "max", by: ["region", "host"] }, thresholds: { warn: 0.85, critical: 0.95, direction: "above" } },
  ],
};
