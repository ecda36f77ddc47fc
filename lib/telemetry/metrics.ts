// The console's own Prometheus metrics (served at /api/metrics): requests by route template and status,
// database timings, process metrics. Label values are bounded: route templates, methods, status codes.
import client from "prom-client";

interface Metrics {
  registry: client.Registry;
  requests: client.Counter<"method" | "route" | "status">;
  duration: client.Histogram<"method" | "route" | "status">;
  dbQueries: client.Histogram<"engine" | "op">;
  logStore: client.Histogram<"engine" | "op">;
  unauthenticated: client.Counter<"method" | "route">;
  ingested: client.Counter<"kind" | "protocol" | "org" | "outcome">;
}

const g = globalThis as unknown as { __opsConsoleMetrics?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "ops_console_" });
  return {
    registry,
    requests: new client.Counter({
      name: "http_requests_total",
      help: "API requests by route template, method and status code.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new client.Histogram({
      name: "http_request_duration_seconds",
      help: "API request duration by route template, method and status code.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    dbQueries: new client.Histogram({
      name: "db_query_duration_seconds",
      help: "Database statement duration by engine and statement kind.",
      labelNames: ["engine", "op"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    logStore: new client.Histogram({
      name: "log_store_statement_duration_seconds",
      help: "Log store statements (ClickHouse through chDB or a server) by engine and operation.",
      labelNames: ["engine", "op"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    unauthenticated: new client.Counter({
      name: "http_unauthenticated_requests_total",
      help: "Calls to audited API routes without credentials: counted here instead of one audit event each.",
      labelNames: ["method", "route"],
      registers: [registry],
    }),
    ingested: new client.Counter({
      name: "log_ingest_lines_total",
      help: "Log lines ingested by kind (tenant, platform), protocol, org (known orgs only) and outcome (accepted, rejected).",
      labelNames: ["kind", "protocol", "org", "outcome"],
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  g.__opsConsoleMetrics ??= create();
  return g.__opsConsoleMetrics;
}

export function observeRequest(method: string, route: string, status: number, seconds: number) {
  const m = metrics();
  const labels = { method, route, status: String(status) };
  m.requests.inc(labels);
  m.duration.observe(labels, seconds);
}

export function observeDbQuery(engine: string, op: string, seconds: number) {
  metrics().dbQueries.observe({ engine, op }, seconds);
}

export function observeLogStore(engine: string, op: string, seconds: number) {
  metrics().logStore.observe({ engine, op }, seconds);
}

export function observeUnauthenticated(method: string, route: string) {
  metrics().unauthenticated.inc({ method, route });
}

const MAX_ORG_LABELS = 1000;
const orgLabels = new Set<string>();

/** Counts ingested lines. Orgs are ones that exist (checked before storing); past 1,000 of them, "other". */
export function observeIngest(kind: "tenant" | "platform", protocol: string, org: string | null, outcome: "accepted" | "rejected", lines: number) {
  if (lines <= 0) return;
  let label = org ?? "none";
  if (!orgLabels.has(label)) {
    if (orgLabels.size >= MAX_ORG_LABELS) label = "other";
    else orgLabels.add(label);
  }
  metrics().ingested.inc({ kind, protocol, org: label, outcome }, lines);
}
