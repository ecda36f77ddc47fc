import { sel, type Dashboard } from "./types";

export const storage: Dashboard = {
  slug: "storage",
  title: "Storage",
  description: "Volume errors, attach failures, backup jobs and their last success.",
  services: ["storage", "postgres"],
  panels: [
    { id: "attach-success", services: ["storage"], title: "Volume attach success", description: "Share of volume attaches that succeeded, by region.", unit: "percent", kind: "timeseries", query: { kind: "ratio", num: sel("volume_attach_failures_total"), den: sel("volume_attach_attempts_total"), by: ["region"], complement: true }, thresholds: { warn: 0.995, critical: 0.98, direction: "below" }, runbook: "volume-attach-failures" },
    { id: "attach-failures", services: ["storage"], title: "Attach failures", description: "Failed volume attaches per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("volume_attach_failures_total"), by: ["region"] } },
    { id: "volume-errors", services: ["storage"], title: "Volume errors", description: "Volume I/O and checksum errors per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("volume_errors_total"), by: ["region", "kind"] } },
    { id: "backup-age", services: ["postgres", "storage"], title: "Backups: last success", description: "How long ago each backup job last succeeded.", unit: "seconds", kind: "table", query: { kind: "age", sel: sel("backup_job_last_success_timestamp_seconds"), by: ["region", "backup"] }, thresholds: { warn: 93_600, critical: 172_800, direction: "above" }, runbook: "backup-late" },
    { id: "backup-status", services: ["postgres", "storage"], title: "Backups: last run", description: "Outcome of each backup job's last run (1 success, 0 failure).", unit: "count", kind: "status-grid", query: { kind: "gauge", sel: sel("backup_job_last_run_status"), agg: "min", by: ["region", "backup"] }, thresholds: { warn: 1, critical: 1, direction: "below" }, grid: { cell: "backup", values: { "1": "succeeded", "0": "failed" } }, runbook: "backup-late" },
  ],
};
