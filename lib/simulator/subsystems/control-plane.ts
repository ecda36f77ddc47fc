// The control plane in one region: the API (status codes, latency), scheduler, reconciler, projections
// (lag, last applied event) and Postgres.
import type { Builder, RegionSignals } from "./builder";
import { API_RPS, CONVERGE_BUCKETS, LATENCY_BUCKETS, LOOP_BUCKETS, MIN, PG_BUCKETS, PROJECTIONS } from "../shape";

export function controlPlane(b: Builder, s: RegionSignals): void {
  const { counter, gauge, histogram, wobble, p } = b;
  const { region, shape, hostWave, apiNoise, latNoise } = s;
// --- control plane: API
const apiRate = (m: number) => API_RPS[region]! * shape(m) * apiNoise(m);
const err5 = wobble(`api5xx:${region}`, 0.5);
const shares: Record<string, (m: number) => number> = {
  "400": () => 0.01,
  "404": () => 0.015,
  "429": () => 0.003,
  "500": (m) => 0.0002 * err5(m) * (1 + 20 * hostWave(m)),
  "503": (m) => 0.0002 * err5(m) * (1 + 10 * hostWave(m)),
};
for (const [code, share] of Object.entries(shares)) {
  counter("http_requests_total", "API requests by status code.", { service: "api", region, code }, (m) => apiRate(m) * share(m));
}
counter("http_requests_total", "API requests by status code.", { service: "api", region, code: "200" }, (m) =>
  apiRate(m) * (1 - Object.values(shares).reduce((a, f) => a + f(m), 0)),
);
histogram("http_request_duration_seconds", "API request duration.", { service: "api", region }, LATENCY_BUCKETS, apiRate, (m) => 0.045 * latNoise(m) * (1 + 3 * hostWave(m)), 0.9);

// --- scheduler, reconciler, projections, Postgres
const startRate = (m: number) => 2.2 * shape(m) * apiNoise(m);
histogram("scheduler_loop_duration_seconds", "Scheduler loop duration.", { region }, LOOP_BUCKETS, () => 2, (m) => 0.08 * latNoise(m) * (1 + 4 * hostWave(m)), 0.6);
counter("scheduler_placements_total", "Placement decisions by result.", { region, result: "placed" }, (m) => startRate(m) * (1 - 0.001 - 0.12 * hostWave(m)));
counter("scheduler_placements_total", "Placement decisions by result.", { region, result: "failed" }, (m) => startRate(m) * (0.001 + 0.12 * hostWave(m)));
counter("scheduler_backoff_total", "Placements deferred with backoff.", { region }, (m) => 0.05 + 1.5 * hostWave(m));
const backlogNoise = wobble(`backlog:${region}`, 0.6);
gauge("reconcile_backlog", "Objects waiting for the reconciler.", { region }, (m) => Math.round(12 * backlogNoise(m) + 450 * hostWave(m)));
counter("reconcile_retries_total", "Reconciler retries.", { region }, (m) => 0.2 * backlogNoise(m) + 6 * hostWave(m));
histogram("reconcile_converge_duration_seconds", "Time from desired-state change to converged.", { region }, CONVERGE_BUCKETS, () => 1.5, (m) => 2.5 * (1 + 5 * hostWave(m)), 0.7);
for (const projection of PROJECTIONS) {
  const lagNoise = wobble(`lag:${region}:${projection}`, 0.8);
  const lag = (m: number) => {
    const since = p.activeSince("projection-lag", region, m, projection);
    return since === null ? Math.round(15 * lagNoise(m)) : Math.round(40 * Math.max(1, (m * MIN - since) / 1000));
  };
  gauge("projection_lag_events", "Events behind the event log head.", { region, projection }, lag);
  gauge("projection_last_applied_event_timestamp_seconds", "When the last applied event was written.", { region, projection }, (m) => {
    const since = p.activeSince("projection-lag", region, m, projection);
    return since === null ? m * 60 - 5 * lagNoise(m) : Math.floor(since / 1000);
  });
}
const pgNoise = wobble(`pg:${region}`, 0.2);
gauge("pg_stat_activity_count", "Postgres connections by state.", { region, state: "active" }, (m) => Math.round(14 * shape(m) * pgNoise(m) + 60 * hostWave(m)));
gauge("pg_stat_activity_count", "Postgres connections by state.", { region, state: "idle" }, (m) => Math.round(46 - 10 * shape(m) * pgNoise(m)));
histogram("pg_query_duration_seconds", "Postgres statement latency.", { region }, PG_BUCKETS, (m) => 900 * shape(m), (m) => 0.0018 * pgNoise(m) * (1 + 2 * hostWave(m)), 0.8);
}
