// Tenant log API contracts: ingest, query, context, export, facets, limits and live tail.
import { z } from "zod";
import { endpoint, repeated, slug } from "@/lib/http/endpoint";
import { LOG_LEVELS } from "@/lib/vocabulary";

const filterValue = z.string().min(1, "must not be empty").max(200, "must be at most 200 characters");
const manyValues = (name: string) => repeated(filterValue).pipe(z.array(z.string()).max(50, `at most 50 ${name} values`));

export const levelSchema = z.enum(LOG_LEVELS, { message: `must be one of: ${LOG_LEVELS.join(", ")}` });

/** The filters every read shares: in the URL of the UI, the CLI and the API alike. */
export const logFiltersSchema = z.object({
  app: manyValues("app"),
  env: manyValues("env"),
  process: manyValues("process"),
  instance: manyValues("instance"),
  host: manyValues("host"),
  request_id: manyValues("request_id").describe("exact request id (repeatable)"),
  trace_id: manyValues("trace_id").describe("exact trace id (repeatable)"),
  level: levelSchema.optional().describe("minimum level"),
  q: z.string().max(500, "must be at most 500 characters").optional().describe("case-insensitive text"),
  start: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative: 15m, 2h, 7d (default: end - 1h)"),
  end: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative (default: now)"),
});
export type LogFilters = z.infer<typeof logFiltersSchema>;

export const logQuerySchema = logFiltersSchema.extend({
  limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").optional(),
  cursor: z.string().max(200).optional(),
  order: z.enum(["desc", "asc"]).default("desc"),
});
export type LogQueryInput = z.infer<typeof logQuerySchema>;

export const logLineSchema = z.object({
  id: z.string(),
  ts: z.string(),
  org_id: z.string(),
  app_id: z.string(),
  env_id: z.string(),
  process_type: z.string(),
  instance_id: z.string(),
  release_id: z.string().nullable(),
  host_id: z.string().nullable(),
  level: levelSchema,
  message: z.string(),
  request_id: z.string().nullable(),
  trace_id: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()).nullable(),
});
export type LogLine = z.infer<typeof logLineSchema>;

const MAX_MESSAGE = 256 * 1024;

/** One entry as a platform agent sends it. */
export const logEntrySchema = z.object({
  ts: z.iso.datetime({ offset: true, local: false, precision: undefined, message: "must be an ISO-8601 time with a zone" }),
  org_id: z.string().min(1, "is required").max(100),
  app_id: z.string().min(1, "is required").max(100),
  env_id: z.string().min(1, "is required").max(100),
  process_type: z.string().min(1, "is required").max(100),
  instance_id: z.string().min(1, "is required").max(200),
  message: z.string().max(MAX_MESSAGE, `must be at most ${MAX_MESSAGE} bytes`),
  level: levelSchema.default("info"),
  release_id: z.string().max(200).nullish(),
  host_id: z.string().max(200).nullish(),
  request_id: z.string().max(200).nullish(),
  trace_id: z.string().max(200).nullish(),
  attrs: z.record(z.string(), z.unknown()).nullish(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const INGEST_MAX_LINES = 10_000;
export const INGEST_MAX_BYTES = 5 * 1024 * 1024;
/** Attributes (OTLP) or labels and metadata (Loki) one record, resource, scope or stream may carry, and one line keeps. */
export const MAX_LINE_ATTRIBUTES = 256;
/** Loki stream labels: Loki itself allows 15 by default. */
export const MAX_STREAM_LABELS = 64;
/** A line's attributes as stored (JSON), at most. */
export const MAX_LINE_ATTRIBUTE_BYTES = 64 * 1024;
/** Attributes in one request, all records together. */
export const MAX_REQUEST_ATTRIBUTES = 200_000;
/** What one request may store, messages and attributes of every line: labels copied into every line count each time. */
export const MAX_REQUEST_STORED_BYTES = 64 * 1024 * 1024;

export const ingestLogsEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/logs",
  summary: `Ingest log lines (a JSON array or NDJSON, at most ${INGEST_MAX_LINES} lines and 5 MB); all or nothing`,
  tag: "logs",
  scope: "logs:write",
  scopeOnTokenOrg: true,
  body: z.array(logEntrySchema).max(INGEST_MAX_LINES),
  rawBody: true,
  maxBodyBytes: INGEST_MAX_BYTES,
  response: z.object({ accepted: z.number() }),
});

const orgParams = z.object({ org: slug });

export const queryLogsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/logs",
  summary: "Query an org's logs, newest first by default",
  tag: "logs",
  scope: "logs:read",
  audit: "logs.query",
  params: orgParams,
  query: logQuerySchema,
  response: z.object({ lines: z.array(logLineSchema), next_cursor: z.string().nullable(), truncated: z.boolean() }),
});

export const logContextEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/logs/{id}/context",
  summary: "The lines around one line, from the same instance",
  tag: "logs",
  scope: "logs:read",
  audit: "logs.context",
  params: orgParams.extend({ id: z.string().max(40) }),
  query: z.object({
    before: z.coerce.number().int().min(0).max(500, "must be at most 500").default(25),
    after: z.coerce.number().int().min(0).max(500, "must be at most 500").default(25),
  }),
  response: z.object({ line: logLineSchema, before: z.array(logLineSchema), after: z.array(logLineSchema) }),
});

export const exportLogsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/logs/export",
  summary: "Download an org's logs as NDJSON (same filters, capped)",
  tag: "logs",
  scope: "logs:read",
  audit: "logs.export",
  params: orgParams,
  query: logFiltersSchema.extend({ order: z.enum(["desc", "asc"]).default("asc") }),
  produces: "application/x-ndjson",
  response: logLineSchema,
});

export const logFacetsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/logs/facets",
  summary: "The org's apps, envs, process types and instances seen in the window",
  tag: "logs",
  scope: "logs:read",
  audit: "logs.facets",
  params: orgParams,
  query: logFiltersSchema.pick({ start: true, end: true }),
  response: z.object({ apps: z.array(z.string()), envs: z.array(z.string()), processes: z.array(z.string()), instances: z.array(z.string()) }),
});

export const logLimitsSchema = z.object({
  retention_days: z.number(),
  max_window_hours: z.number(),
  max_page_lines: z.number(),
  default_page_lines: z.number(),
  max_tails_per_org: z.number(),
  max_tails_per_user: z.number(),
  max_tails_per_process: z.number(),
  access_reason_minutes: z.number(),
  tail_lines_per_second: z.number(),
  tail_max_seconds: z.number(),
  export_max_lines: z.number(),
});

export const logLimitsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/logs/limits",
  summary: "The log limits and the org's current use of them",
  tag: "logs",
  scope: "logs:read",
  params: orgParams,
  response: z.object({ limits: logLimitsSchema, usage: z.object({ tails_open: z.number(), tails_max: z.number() }) }),
});

export const tailLogsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/logs/tail",
  summary: "Live tail (text/event-stream): `ready` (its id is where the stream starts), `line`, `dropped`, `heartbeat` and `reconnect` events; resumes from Last-Event-ID",
  tag: "logs",
  scope: "logs:read",
  audit: "logs.tail_open",
  params: orgParams,
  query: logFiltersSchema.omit({ start: true, end: true }).extend({ after: z.string().regex(/^\d{1,19}$/, "must be a line id").optional() }),
  produces: "text/event-stream",
  response: logLineSchema,
});

export const logAccessSchema = z.object({
  org_id: z.string(),
  reason: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

const accessBody = z.object({ reason: z.string().trim().min(1, "must say why you read this org's logs").max(500, "must be at most 500 characters") });

export const getLogAccessEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/access",
  summary: "Your stated reason for reading this org's logs, while it is in force (members need none)",
  tag: "logs",
  auth: "session",
  scope: "logs:read",
  params: orgParams,
  response: z.object({ access: logAccessSchema.nullable(), member: z.boolean() }),
});

export const grantLogAccessEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/orgs/{org}/access",
  summary: "State why you read this org's logs; it applies to your reads of this org until it expires (LOG_ACCESS_REASON_MINUTES) and the tenant sees it",
  tag: "logs",
  auth: "session",
  scope: "logs:read",
  audit: "logs.access_reason",
  params: orgParams,
  body: accessBody,
  status: 201,
  response: z.object({ access: logAccessSchema }),
  auditResult: (r) => ({ reason: r.access.reason, expires_at: r.access.expires_at }),
});

export const endLogAccessEndpoint = endpoint({
  method: "DELETE",
  path: "/api/v1/orgs/{org}/access",
  summary: "End your stated reason for this org before it expires",
  tag: "logs",
  auth: "session",
  scope: "logs:read",
  audit: "logs.access_end",
  params: orgParams,
  response: z.object({ access: z.null() }),
});
