// The control plane in one region: the API (status codes, latency, its health probe), the event log,
// scheduler, reconciler and work queues, projections (lag, last applied event) and Postgres with its
// replicas — and what the scenarios do to them.
import type { Builder, RegionSignals } from "./builder";
import { API_RPS, CONVERGE_BUCKETS, LATENCY_BUCKETS, LOOP_BUCKETS, MIN, PG_BUCKETS, PROJECTIONS } from "../shape";

export function controlPlane(b: Builder, s: RegionSignals): void {
  const { counter, gauge, histogram, wobble, p } = b;
  const { region, shape, hostWave, apiNoise, latNoise, effect } = s;
  const outage = (m: number) => Math.max(effect("api-outage", m), effect("postgres-down", m));
  // --- control plane: API
  const apiRate = (m: number) => API_RPS[region]! * shape(m) * apiNoise(m) * (1 - 0.7 * effect("traffic-drop", m));
  const err5 = wobble(`api5xx:${region}`, 0.5);
  const shares: Record<string, (m: number) => number> = {
    "400": () => 0.01,
    "404": () => 0.015,
    "429": () => 0.003,
    "500": (m) => 0.0002 * err5(m) * (1 + 20 * hostWave(m)),
    "503": (m) => 0.0002 * err5(m) * (1 + 10 * hostWave(m)) + 0.6 * outage(m),
  };
  for (const [code, share] of Object.entries(shares)) {
    counter(
      "http_requests_total",
      "API requests by status code.",
      { service: "api", region, code },
      (m) => apiRate(m) * share(m),
    );
  }
  counter(
    "http_requests_total",
    "API requests by status code.",
    { service: "api", region, code: "200" },
    (m) => apiRate(m) * (1 - Object.values(shares).reduce((a, f) => a + f(m), 0)),
  );
  histogram(
    "http_request_duration_seconds",
    "API request duration.",
    { service: "api", region },
    LATENCY_BUCKETS,
    apiRate,
    (m) => 0.045 * latNoise(m) * (1 + 3 * hostWave(m) + 40 * effect("postgres-down", m)),
    0.9,
  );
  // The blackbox probe of the API's health endpoint: 1 when it answered, 0 when it did not.
  gauge(
    "probe_success",
    "Whether the health probe of a target succeeded (1) or not (0).",
    { region, target: "control-plane-api" },
    (m) => (effect("api-outage", m) > 0.5 ? 0 : 1),
  );
  // The event log: every command appends; appends fail while Postgres is down or the log itself errs.
  const appends = (m: number) => 35 * shape(m) * apiNoise(m);
  counter("event_appends_total", "Events appended to the event log.", { region }, appends);
  counter(
    "event_append_errors_total",
    "Event appends that failed.",
    { region },
    (m) => appends(m) * (0.0001 + 0.08 * effect("event-append-errors", m) + 0.9 * effect("postgres-down", m)),
  );

  // --- scheduler, reconciler, projections, Postgres
  const startRate = (m: number) => 2.2 * shape(m) * apiNoise(m);
  const running = (m: number) => 1 - effect("scheduler-stall", m);
  histogram(
    "scheduler_loop_duration_seconds",
    "Scheduler loop duration.",
    { region },
    LOOP_BUCKETS,
    (m) => 2 * running(m),
    (m) => 0.08 * latNoise(m) * (1 + 4 * hostWave(m)),
    0.6,
  );
  // When the loop last completed: every few seconds, until a stall freezes it.
  gauge("scheduler_last_loop_timestamp_seconds", "When the scheduler loop last completed.", { region }, (m) => {
    const since = p.activeSince("scheduler-stall", region, m);
    return since === null ? m * 60 - 2 : Math.floor(since / 1000);
  });
  counter(
    "scheduler_placements_total",
    "Placement decisions by result.",
    { region, result: "placed" },
    (m) => running(m) * startRate(m) * (1 - 0.001 - 0.12 * hostWave(m)),
  );
  counter(
    "scheduler_placements_total",
    "Placement decisions by result.",
    { region, result: "failed" },
    (m) => running(m) * startRate(m) * (0.001 + 0.12 * hostWave(m)),
  );
  for (const queue of ["tasks", "events"]) {
    const qNoise = wobble(`queue:${region}:${queue}`, 0.5);
    gauge("control_plane_queue_depth", "Items waiting in a control plane work queue.", { region, queue }, (m) =>
      Math.round(40 * qNoise(m) + 4000 * effect("queue-backlog", m)),
    );
  }
  counter("scheduler_backoff_total", "Placements deferred with backoff.", { region }, (m) => 0.05 + 1.5 * hostWave(m));
  const backlogNoise = wobble(`backlog:${region}`, 0.6);
  gauge("reconcile_backlog", "Objects waiting for the reconciler.", { region }, (m) =>
    Math.round(12 * backlogNoise(m) + 450 * hostWave(m)),
  );
  counter("reconcile_retries_total", "Reconciler retries.", { region }, (m) => 0.2 * backlogNoise(m) + 6 * hostWave(m));
  histogram(
    "reconcile_converge_duration_seconds",
    "Time from desired-state change to converged.",
    { region },
    CONVERGE_BUCKETS,
    () => 1.5,
    (m) => 2.5 * (1 + 5 * hostWave(m)),
    0.7,
  );
  for (const projection of PROJECTIONS) {
    const lagNoise = wobble(`lag:${region}:${projection}`, 0.8);
    const lag = (m: number) => {
      const since = p.activeSince("projection-lag", region, m, projection);
      return since === null ? Math.round(15 * lagNoise(m)) : Math.round(40 * Math.max(1, (m * MIN - since) / 1000));
    };
    gauge("projection_lag_events", "Events behind the event log head.", { region, projection }, lag);
    gauge(
      "projection_last_applied_event_timestamp_seconds",
      "When the last applied event was written.",
      { region, projection },
      (m) => {
        const since = p.activeSince("projection-lag", region, m, projection);
        return since === null ? m * 60 - 5 * lagNoise(m) : Math.floor(since / 1000);
      },
    );
  }
  const pgNoise = wobble(`pg:${region}`, 0.2);
  gauge("pg_stat_activity_count", "Postgres connections by state.", { region, state: "active" }, (m) =>
    Math.round(14 * shape(m) * pgNoise(m) + 60 * hostWave(m)),
  );
  gauge("pg_stat_activity_count", "Postgres connections by state.", { region, state: "idle" }, (m) =>
    Math.round(46 - 10 * shape(m) * pgNoise(m)),
  );
  histogram(
    "pg_query_duration_seconds",
    "Postgres statement latency.",
    { region },
    PG_BUCKETS,
    (m) => 900 * shape(m),
    (m) => 0.0018 * pgNoise(m) * (1 + 2 * hostWave(m)),
    0.8,
  );
  gauge("pg_up", "Whether the Postgres primary answers (1) or not (0).", { region }, (m) =>
    effect("postgres-down", m) > 0.5 ? 0 : 1,
  );
  gauge("pg_replicas_connected", "Streaming replicas connected to the primary.", { region }, (m) =>
    effect("replication-broken", m) > 0.5 ? 0 : 2,
  );
  for (const replica of ["replica-1", "replica-2"]) {
    const lagNoise = wobble(`replag:${region}:${replica}`, 0.6);
    gauge(
      "pg_replication_lag_seconds",
      "How far a replica's replay is behind the primary.",
      { region, replica },
      (m) => {
        const since = p.activeSince("replication-broken", region, m);
        return since === null ? 0.2 * lagNoise(m) : Math.round((m * MIN - since) / 1000);
      },
    );
  }
}
