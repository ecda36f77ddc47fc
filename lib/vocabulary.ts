// The words every layer shares, defined once: the schema, contracts, env, rules and components import
// them from here. Browser-safe, and it imports nothing.

/** An alert's severity, as the playbook names them, with its priority: critical (P0), high (P1), medium (P2), low (P3). */
export const ALERT_SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const SEVERITY_PRIORITY: Record<AlertSeverity, "P0" | "P1" | "P2" | "P3"> = { critical: "P0", high: "P1", medium: "P2", low: "P3" };
