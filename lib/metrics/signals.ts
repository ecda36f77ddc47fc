// Which metrics speak for which service: the series a component reports, and the one whose silence means
// the component (or its exporter) went quiet. The absent-signal alert rules watch the key metrics; the
// simulator's "metrics-silent" scenario silences every metric of a service. Browser-safe.
import { isService, type Service } from "./services";

export interface ServiceSignals {
  /** The metric whose disappearance, in a region, raises the service's absent-signal alert. */
  key: string;
  /** Metric name prefixes the service reports (everything it would stop reporting if it went quiet). */
  prefixes: readonly string[];
}

export const SERVICE_SIGNALS: Record<Service, ServiceSignals> = {
  "control-plane": { key: "http_requests_total", prefixes: ["http_request", "probe_success", "event_append"] },
  scheduler: { key: "scheduler_placements_total", prefixes: ["scheduler_", "reconcile_", "control_plane_queue_depth"] },
  projector: { key: "projection_lag_events", prefixes: ["projection_"] },
  postgres: { key: "pg_stat_activity_count", prefixes: ["pg_"] },
  edge: { key: "edge_connect_attempts_total", prefixes: ["edge_"] },
  agent: { key: "host_state", prefixes: ["host_", "agent_", "microvm", "wireguard_"] },
  overlay: { key: "overlay_rtt_seconds", prefixes: ["overlay_"] },
  storage: { key: "volume_attach_attempts_total", prefixes: ["volume_", "backup_"] },
};

/** The service a metric belongs to, or null. */
export function serviceOfMetric(metric: string): Service | null {
  for (const service of Object.keys(SERVICE_SIGNALS).filter(isService))
    if (SERVICE_SIGNALS[service].prefixes.some((p) => metric.startsWith(p))) return service;
  return null;
}
