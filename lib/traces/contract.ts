// The traces API: platform components send their spans over OTLP/HTTP (traces:write, platform tokens only);
// operators read a trace as a tree with self times and the critical path, search traces, list services and
// their operations, and the service dependency graph of a window (traces:read, never a tenant or an
// org-bound token). A trace is readable once sampling keeps it (lib/traces/rules.ts). Browser-safe: zod only.
import { z } from "zod";
import { endpoint, limitParam } from "@/lib/http/endpoint";
import { SPAN_KINDS, SPAN_STATUSES } from "@/lib/vocabulary";
import { INGEST_MAX_BYTES, INGEST_MAX_LINES } from "@/lib/kinds/ingest-limits";

/** Spans a trace read returns at most; a bigger trace answers its first spans with `truncated: true`. */
export const TRACE_MAX_SPANS = 10_000;
/** Traces a search page holds at most, and by default. */
export const TRACE_SEARCH_MAX = 100;
export const TRACE_SEARCH_DEFAULT = 50;
/** Spans one OTLP request may hold (counted while the body is scanned or decoded). */
export const TRACES_MAX_SPANS_PER_REQUEST = INGEST_MAX_LINES;

export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex digits")
  .refine((v) => !/^0+$/.test(v), "must not be all zeros");
export const spanIdSchema = z
  .string()
  .regex(/^[0-9a-f]{16}$/, "must be 16 lowercase hex digits")
  .refine((v) => !/^0+$/.test(v), "must not be all zeros");

export const spanKindSchema = z.enum(SPAN_KINDS);
export const spanStatusSchema = z.enum(SPAN_STATUSES);

/** An attribute's value as stored: OTLP's scalars, arrays of them, or null. */
export type AttributeValue = string | number | boolean | null | AttributeValue[];
export const attributeValueSchema: z.ZodType<AttributeValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(attributeValueSchema)]),
);
export const attributesSchema = z.record(z.string(), attributeValueSchema);

/** A span as read. `start` is ISO-8601 UTC with microseconds; `duration_ms` is fractional. */
export const spanSchema = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string().nullable(),
  name: z.string(),
  kind: spanKindSchema,
  service: z.string().describe("the resource's service.name"),
  component: z.string().nullable().describe("the resource's `component`, else its service.name"),
  region: z.string().nullable().describe("cloud.region"),
  node_id: z.string().nullable().describe("service.instance.id or host.name"),
  start: z.string(),
  duration_ms: z.number(),
  status: spanStatusSchema,
  status_message: z.string().nullable(),
  attributes: attributesSchema,
  events: z.array(z.object({ name: z.string(), ts: z.string(), attributes: attributesSchema })),
  links: z.array(z.object({ trace_id: z.string(), span_id: z.string(), attributes: attributesSchema })),
  request_id: z.string().nullable(),
  org_id: z.string().nullable(),
});
export type Span = z.infer<typeof spanSchema>;

/** A span in a trace read: where it sits in the tree and what it costs. */
export const treeSpanSchema = spanSchema.extend({
  depth: z.number().int().describe("0 for a root (or an orphan)"),
  self_ms: z.number().describe("its duration minus the union of its children's intervals within it"),
  critical: z.boolean().describe("on the trace's critical path"),
  orphan: z.boolean().describe("its parent is not in the trace: shown as a root, never lost"),
  child_count: z.number().int(),
});
export type TreeSpan = z.infer<typeof treeSpanSchema>;

const rootSchema = z.object({ service: z.string(), name: z.string() }).nullable();

export const traceSchema = z.object({
  trace_id: z.string(),
  start: z.string(),
  end: z.string(),
  duration_ms: z.number(),
  span_count: z.number().int(),
  error_count: z.number().int(),
  services: z.array(z.string()),
  root: rootSchema,
  truncated: z.boolean().describe(`more than ${TRACE_MAX_SPANS} spans: the first ones by start time`),
  spans: z.array(treeSpanSchema).describe("pre-order: each span followed by its subtree, children by start time"),
});
export type Trace = z.infer<typeof traceSchema>;

export const traceSummarySchema = z.object({
  trace_id: z.string(),
  start: z.string(),
  duration_ms: z.number(),
  root: rootSchema,
  span_count: z.number().int(),
  error_count: z.number().int(),
  services: z.array(z.string()),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

const when = z.string().max(64);
const name = (max: number) => z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const traceSearchQuerySchema = z.object({
  service: name(200).optional(),
  operation: name(500).optional().describe("a span name"),
  status: z.enum(["error", "ok"], { message: "must be error or ok" }).optional(),
  min_duration: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .min(0, "must not be negative")
    .max(86_400_000, "must be at most a day")
    .optional()
    .describe("ms: a span of the trace (with the other filters) at least this long"),
  region: name(100).optional(),
  org: name(100).optional().describe("traces with a span that names this org"),
  start: when.optional().describe("ISO-8601 or relative (1h); default: 1h ago"),
  end: when.optional().describe("ISO-8601 or relative; default: now"),
  limit: limitParam(TRACE_SEARCH_MAX, TRACE_SEARCH_DEFAULT),
  cursor: z.string().max(300).optional(),
});
export type TraceSearchQuery = z.infer<typeof traceSearchQuerySchema>;

export const windowQuerySchema = z.object({
  start: when.optional().describe("ISO-8601 or relative (1h); default: 1h ago"),
  end: when.optional().describe("ISO-8601 or relative; default: now"),
});
export type WindowQuery = z.infer<typeof windowQuerySchema>;

export const servicesSchema = z.object({
  services: z.array(z.object({ service: z.string(), operations: z.array(z.string()) })),
});
export const dependenciesSchema = z.object({
  edges: z.array(
    z.object({
      parent: z.string(),
      child: z.string(),
      calls: z.number().int(),
      errors: z.number().int().describe("child spans with status error"),
    }),
  ),
});

/** What an OTLP traces request answers (ExportTraceServiceResponse, JSON encoding). */
export const otlpTracesResponseSchema = z.object({
  partialSuccess: z
    .object({ rejectedSpans: z.union([z.string(), z.number()]).optional(), errorMessage: z.string().optional() })
    .optional(),
});

// The endpoints.

const read = { tag: "traces", scope: "traces:read" } as const;

export const getTraceEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/traces/{trace_id}",
  summary: `One trace as a tree: spans in pre-order with depth, self time and the critical path (at most ${TRACE_MAX_SPANS} spans); 404 until it is kept`,
  audit: "traces.read",
  params: z.object({ trace_id: traceIdSchema }),
  response: z.object({ trace: traceSchema }),
});

export const searchTracesEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/traces",
  summary: "Kept traces, newest first, by service, operation, status, minimum duration, region, org and time",
  audit: "traces.search",
  query: traceSearchQuerySchema,
  response: z.object({ traces: z.array(traceSummarySchema), next_cursor: z.string().nullable() }),
});

export const traceServicesEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/traces/services",
  summary: "The services that sent spans in a window, with their operations (span names)",
  audit: "traces.services",
  query: windowQuerySchema,
  response: servicesSchema,
});

export const traceDependenciesEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/traces/dependencies",
  summary: "Service → service calls and errors in a window, from parent/child spans across services",
  audit: "traces.dependencies",
  query: windowQuerySchema,
  response: dependenciesSchema,
});

export const otlpTracesEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/platform/otlp/v1/traces",
  summary:
    "OTLP/HTTP traces (protobuf or JSON, gzip) from platform components; partial success names the spans refused",
  tag: "traces",
  scope: "traces:write",
  rawBody: true,
  maxBodyBytes: INGEST_MAX_BYTES,
  body: z
    .object({ resourceSpans: z.array(z.unknown()) })
    .describe("ExportTraceServiceRequest (application/x-protobuf or OTLP JSON; Content-Encoding gzip allowed)"),
  response: otlpTracesResponseSchema,
});
