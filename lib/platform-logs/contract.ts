// Platform log API contracts: ingest by platform agents, and reads by operators (platform-logs:read) —
// query, context, export, facets, limits and live tail, as tenant logs have them.
import { z } from "zod";
import { endpoint, repeated } from "@/lib/http/endpoint";
import { INGEST_MAX_BYTES, INGEST_MAX_LINES, levelSchema, logLimitsSchema } from "@/lib/logs/contract";

const name = (max: number) => z.string().min(1, "is required").max(max);
const MAX_MESSAGE = 256 * 1024;

/** One platform log line as an agent sends it: what happened, where, and what it concerns. */
export const platformLogEntrySchema = z.object({
  ts: z.iso.datetime({ offset: true, local: false, message: "must be an ISO-8601 time with a zone" }),
  component: name(100).describe("control-plane, projector, scheduler, agent, edge, …"),
  region: name(100),
  node_id: name(200),
  host_id: z.string().max(200).nullish(),
  level: levelSchema.default("info"),
  message: z.string().max(MAX_MESSAGE, `must be at most ${MAX_MESSAGE} bytes`),
  request_id: z.string().max(200).nullish(),
  trace_id: z.string().max(200).nullish(),
  error_class: z.string().max(200).nullish(),
  org_id: z.string().max(100).nullish().describe("only when safe and needed"),
  app_id: z.string().max(100).nullish(),
  env_id: z.string().max(100).nullish(),
  instance_id: z.string().max(200).nullish(),
  route_id: z.string().max(200).nullish(),
  release_id: z.string().max(200).nullish(),
  attrs: z.record(z.string(), z.unknown()).nullish(),
});
export type PlatformLogEntry = z.infer<typeof platformLogEntrySchema>;

export const platformLogLineSchema = z.object({
  id: z.string(),
  ts: z.string(),
  component: z.string(),
  region: z.string(),
  node_id: z.string(),
  host_id: z.string().nullable(),
  level: levelSchema,
  message: z.string(),
  request_id: z.string().nullable(),
  trace_id: z.string().nullable(),
  error_class: z.string().nullable(),
  org_id: z.string().nullable(),
  app_id: z.string().nullable(),
  env_id: z.string().nullable(),
  instance_id: z.string().nullable(),
  route_id: z.string().nullable(),
  release_id: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()).nullable(),
});
export type PlatformLogLine = z.infer<typeof platformLogLineSchema>;

const value = z.string().min(1, "must not be empty").max(200, "must be at most 200 characters");
const many = (what: string) => repeated(value).pipe(z.array(z.string()).max(50, `at most 50 ${what} values`));

export const platformFiltersSchema = z.object({
  component: many("component"),
  region: many("region"),
  node: many("node"),
  host: many("host"),
  org: many("org").describe("lines that name this org"),
  request_id: many("request_id"),
  trace_id: many("trace_id"),
  error_class: many("error_class"),
  level: levelSchema.optional().describe("minimum level"),
  q: z.string().max(500, "must be at most 500 characters").optional().describe("case-insensitive text"),
  start: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative: 15m, 2h, 7d (default: end - 1h)"),
  end: z.string().max(64).optional().describe("ISO-8601 with a zone, or relative (default: now)"),
});
export type PlatformFilters = z.infer<typeof platformFiltersSchema>;

const page = z.object({ lines: z.array(platformLogLineSchema), next_cursor: z.string().nullable(), truncated: z.boolean() });

export const ingestPlatformLogsEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/platform/logs",
  summary: `Ingest platform log lines (a JSON array or NDJSON, at most ${INGEST_MAX_LINES} lines and 5 MB); all or nothing`,
  tag: "platform-logs",
  scope: "logs:write",
  body: z.array(platformLogEntrySchema).max(INGEST_MAX_LINES),
  rawBody: true,
  maxBodyBytes: INGEST_MAX_BYTES,
  response: z.object({ accepted: z.number() }),
});

export const queryPlatformLogsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/platform/logs",
  summary: "Query the platform's logs, newest first by default",
  tag: "platform-logs",
  scope: "platform-logs:read",
  audit: "platform_logs.query",
  query: platformFiltersSchema.extend({
    limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").optional(),
    cursor: z.string().max(200).optional(),
    order: z.enum(["desc", "asc"]).default("desc"),
  }),
  response: page,
});

export const platformLogContextEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/platform/logs/{id}/context",
  summary: "The lines around one platform line, from the same node",
  tag: "platform-logs",
  scope: "platform-logs:read",
  audit: "platform_logs.context",
  params: z.object({ id: z.string().max(40) }),
  query: z.object({
    before: z.coerce.number().int().min(0).max(500, "must be at most 500").default(25),
    after: z.coerce.number().int().min(0).max(500, "must be at most 500").default(25),
  }),
  response: z.object({ line: platformLogLineSchema, before: z.array(platformLogLineSchema), after: z.array(platformLogLineSchema) }),
});

export const exportPlatformLogsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/platform/logs/export",
  summary: "Download platform logs as NDJSON (same filters, capped)",
  tag: "platform-logs",
  scope: "platform-logs:read",
  audit: "platform_logs.export",
  query: platformFiltersSchema.extend({ order: z.enum(["desc", "asc"]).default("asc") }),
  produces: "application/x-ndjson",
  response: platformLogLineSchema,
});

export const platformLogFacetsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/platform/logs/facets",
  summary: "The components, regions, nodes and hosts that logged in the window",
  tag: "platform-logs",
  scope: "platform-logs:read",
  audit: "platform_logs.facets",
  query: platformFiltersSchema.pick({ start: true, end: true }),
  response: z.object({ components: z.array(z.string()), regions: z.array(z.string()), nodes: z.array(z.string()), hosts: z.array(z.string()) }),
});

export const platformLogLimitsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/platform/logs/limits",
  summary: "The platform log limits and the tails open now",
  tag: "platform-logs",
  scope: "platform-logs:read",
  response: z.object({ limits: logLimitsSchema, usage: z.object({ tails_open: z.number(), tails_max: z.number() }) }),
});

export const tailPlatformLogsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/platform/logs/tail",
  summary: "Live tail of platform logs (text/event-stream): `ready` (its id is where the stream starts), `line`, `dropped`, `heartbeat`, `reconnect`; resumes from Last-Event-ID",
  tag: "platform-logs",
  scope: "platform-logs:read",
  audit: "platform_logs.tail_open",
  query: platformFiltersSchema.omit({ start: true, end: true }).extend({ after: z.string().regex(/^\d{1,19}$/, "must be a line id").optional() }),
  produces: "text/event-stream",
  response: platformLogLineSchema,
});
