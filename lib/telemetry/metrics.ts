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
  redacted: client.Counter<"kind" | "org" | "pattern">;
  selfSpans: client.Counter<"outcome">;
  traceSpans: client.Counter<"protocol" | "outcome">;
  traceSpansKept: client.Counter<"reason">;
  tracesKept: client.Counter<"reason">;
  traceSpansDropped: client.Counter;
  tracesDropped: client.Counter;
}

declare global {
  var __opsConsoleMetrics: Metrics | undefined;
}

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
    redacted: new client.Counter({
      name: "log_redactions_total",
      help: "Secrets removed from log lines at ingest, by kind of log, org and what they were (aws_access_key, password, ...).",
      labelNames: ["kind", "org", "pattern"],
      registers: [registry],
    }),
    selfSpans: new client.Counter({
      name: "ops_console_self_trace_spans_total",
      help: "The console's own spans by outcome: exported (handed to the trace store or collector), dropped (the export queue was full), failed (the export failed).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    traceSpans: new client.Counter({
      name: "ops_console_trace_spans_total",
      help: "Spans received by protocol (otlp_json, otlp_protobuf, in_process) and outcome: stored (kept), pending (waiting for their trace's decision) or rejected.",
      labelNames: ["protocol", "outcome"],
      registers: [registry],
    }),
    traceSpansKept: new client.Counter({
      name: "ops_console_trace_spans_kept_total",
      help: "Spans stored, by why their trace was kept: error, slow, rate.",
      labelNames: ["reason"],
      registers: [registry],
    }),
    tracesKept: new client.Counter({
      name: "ops_console_traces_kept_total",
      help: "Traces kept, by why: error or slow (counted once, when marked), rate (counted by root span).",
      labelNames: ["reason"],
      registers: [registry],
    }),
    traceSpansDropped: new client.Counter({
      name: "ops_console_trace_spans_dropped_total",
      help: "Spans of traces that sampling dropped: no error or slow span within TRACE_DECISION_MINUTES (or, for the console's own traces, by their end) and not kept by TRACE_SAMPLE_RATE.",
      registers: [registry],
    }),
    tracesDropped: new client.Counter({
      name: "ops_console_trace_traces_dropped_total",
      help: "Traces (or the part of one that arrived within one horizon) that sampling dropped.",
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  globalThis.__opsConsoleMetrics ??= create();
  return globalThis.__opsConsoleMetrics;
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

export function observeSelfSpans(outcome: "exported" | "dropped" | "failed", n: number) {
  metrics().selfSpans.inc({ outcome }, n);
}

export function observeUnauthenticated(method: string, route: string) {
  metrics().unauthenticated.inc({ method, route });
}

const MAX_ORG_LABELS = 1000;
const orgLabels = new Set<string>();

/** An org as a label value: orgs are ones that exist (checked before storing); past 1,000 of them, "other". */
function orgLabel(org: string | null): string {
  const label = org ?? "none";
  if (orgLabels.has(label)) return label;
  if (orgLabels.size >= MAX_ORG_LABELS) return "other";
  orgLabels.add(label);
  return label;
}

/** Counts ingested lines. */
export function observeIngest(
  kind: string,
  protocol: string,
  org: string | null,
  outcome: "accepted" | "rejected",
  lines: number,
) {
  if (lines <= 0) return;
  metrics().ingested.inc({ kind, protocol, org: orgLabel(org), outcome }, lines);
}

/** Counts spans received: stored, pending or rejected. */
export function observeSpans(protocol: string, outcome: "stored" | "pending" | "rejected", n: number) {
  if (n > 0) metrics().traceSpans.inc({ protocol, outcome }, n);
}

/** Counts spans stored and traces kept, by why their trace was kept. */
export function observeKept(reason: string, spans: number, traces: number) {
  const m = metrics();
  if (spans > 0) m.traceSpansKept.inc({ reason }, spans);
  if (traces > 0) m.tracesKept.inc({ reason }, traces);
}

/** Counts what sampling dropped when its decision horizon passed. */
export function observeDropped(spans: number, traces: number) {
  const m = metrics();
  if (spans > 0) m.traceSpansDropped.inc(spans);
  if (traces > 0) m.tracesDropped.inc(traces);
}

/** Counts secrets removed from stored lines, per org and pattern. */
export function observeRedactions(kind: string, byOrg: Map<string | null, Map<string, number>>) {
  for (const [org, counts] of byOrg)
    for (const [pattern, n] of counts) metrics().redacted.inc({ kind, org: orgLabel(org), pattern }, n);
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

/**
 * The exposition text. Without `perOrg`, a metric labelled by org is summed over its orgs: which tenants
 * exist and how much they log is not for anyone who can reach the port.
 */
export async function metricsText({ perOrg }: { perOrg: boolean }): Promise<{ contentType: string; text: string }> {
  const { registry } = metrics();
  if (perOrg) return { contentType: registry.contentType, text: await registry.metrics() };
  const parts: string[] = [];
  for (const m of await registry.getMetricsAsJSON()) {
    const values = m.values;
    if (!values.some((v) => "org" in v.labels)) {
      parts.push(await registry.getSingleMetricAsString(m.name));
      continue;
    }
    const sums = new Map<string, { labels: Partial<Record<string, string | number>>; value: number }>();
    for (const v of values) {
      const { org: _org, ...labels } = v.labels;
      const key = JSON.stringify(Object.entries(labels).sort());
      const cur = sums.get(key);
      if (cur) cur.value += v.value;
      else sums.set(key, { labels, value: v.value });
    }
    const lines = [...sums.values()].map(({ labels, value }) => {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(String(v))}"`)
        .join(",");
      return `${m.name}${l ? `{${l}}` : ""} ${value}`;
    });
    parts.push([`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...lines].join("\n"));
  }
  return { contentType: registry.contentType, text: `${parts.join("\n\n")}\n` };
}
