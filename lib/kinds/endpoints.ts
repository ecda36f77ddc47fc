// A kind's API, from its declaration: query, context, export, facets, limits and live tail where it is
// read, and its own ingest beside OTLP/HTTP and Loki push. Browser-safe: the client and the OpenAPI
// document read the same contracts.
import { z } from "zod";
import { endpoint, slug } from "@/lib/http/endpoint";
import { facetNames, fieldOf, filtersSchema, lineSchema, entrySchema, type KindDecl } from "./declare";
import { INGEST_MAX_BYTES, INGEST_MAX_LINES } from "./ingest-limits";

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

const otlpBody = z
  .object({ resourceLogs: z.array(z.unknown()) })
  .describe("ExportLogsServiceRequest (application/x-protobuf or OTLP JSON; Content-Encoding gzip allowed)");
const otlpAnswer = z.object({
  partialSuccess: z
    .object({ rejectedLogRecords: z.union([z.string(), z.number()]), errorMessage: z.string() })
    .optional(),
});
const lokiBody = z
  .object({
    streams: z.array(z.object({ stream: z.record(z.string(), z.string()), values: z.array(z.array(z.unknown())) })),
  })
  .describe("Loki push (application/json, gzip allowed, or snappy-compressed application/x-protobuf PushRequest)");

const order = (dflt: "asc" | "desc") => z.enum(["desc", "asc"]).default(dflt);

/** Every endpoint of a kind, typed by its lines. */
export function kindEndpoints<K extends KindDecl>(kind: K) {
  const line = lineSchema(kind);
  const filters = filtersSchema(kind);
  const params = kind.scope ? z.object({ [kind.scope.param]: slug }) : z.object({});
  const read = { tag: kind.paths.tag, scope: kind.read.scope } as const;
  const write = {
    rawBody: true,
    maxBodyBytes: INGEST_MAX_BYTES,
    scope: kind.write.scope,
    scopeOnTokenOrg: Boolean(kind.scope),
    tag: kind.paths.tag,
  } as const;
  const base = kind.paths.read;
  const near = fieldOf(kind, kind.near).label.toLowerCase();
  const shippers = (path: string, suffix: string) => path.slice(0, path.length - suffix.length);
  return {
    ingest: endpoint({
      ...write,
      method: "POST",
      path: kind.paths.ingest,
      summary: `Ingest ${kind.words.line}s (a JSON array or NDJSON, at most ${INGEST_MAX_LINES} lines and 5 MB); all or nothing`,
      body: z.array(entrySchema(kind)).max(INGEST_MAX_LINES),
      response: z.object({ accepted: z.number() }),
    }),
    otlp: endpoint({
      ...write,
      method: "POST",
      path: kind.paths.otlp,
      summary: `OTLP/HTTP logs (OTEL_EXPORTER_OTLP_ENDPOINT=<console>${shippers(kind.paths.otlp, "/v1/logs")}); at most ${INGEST_MAX_LINES} records; refused records come back as partialSuccess`,
      body: otlpBody,
      response: otlpAnswer,
    }),
    loki: endpoint({
      ...write,
      method: "POST",
      path: kind.paths.loki,
      summary: `Loki push (Promtail, Alloy, Vector, pino-loki, winston-loki: base URL <console>${shippers(kind.paths.loki, "/api/v1/push")}); at most ${INGEST_MAX_LINES} entries; all or nothing`,
      status: 204,
      body: lokiBody,
      response: z.null(),
    }),
    query: endpoint({
      ...read,
      method: "GET",
      path: base,
      summary: `Query ${kind.words.what}, newest first by default`,
      audit: `${kind.name}.query`,
      params,
      query: filters.extend({
        limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").optional(),
        cursor: z.string().max(200).optional(),
        order: order("desc"),
      }),
      response: z.object({ lines: z.array(line), next_cursor: z.string().nullable(), truncated: z.boolean() }),
    }),
    context: endpoint({
      ...read,
      method: "GET",
      path: `${base}/{id}/context`,
      summary: `The lines around one ${kind.words.line}, from the same ${near}`,
      audit: `${kind.name}.context`,
      params: params.extend({ id: z.string().max(40) }),
      query: z.object({
        before: z.coerce.number().int().min(0).max(500, "must be at most 500").default(25),
        after: z.coerce.number().int().min(0).max(500, "must be at most 500").default(25),
      }),
      response: z.object({ line, before: z.array(line), after: z.array(line) }),
    }),
    export: endpoint({
      ...read,
      method: "GET",
      path: `${base}/export`,
      summary: `Download ${kind.words.what} as NDJSON (same filters, capped)`,
      audit: `${kind.name}.export`,
      params,
      query: filters.extend({ order: order("asc") }),
      produces: "application/x-ndjson",
      response: line,
    }),
    facets: endpoint({
      ...read,
      method: "GET",
      path: `${base}/facets`,
      summary: `The ${kind.words.sources} seen in the window`,
      audit: `${kind.name}.facets`,
      params,
      query: filters.pick({ start: true, end: true }),
      response: z.object(Object.fromEntries(facetNames(kind).map((f) => [f, z.array(z.string())]))),
    }),
    limits: endpoint({
      ...read,
      method: "GET",
      path: `${base}/limits`,
      summary: `The limits on reading ${kind.words.what}, and the live tails open now`,
      params,
      response: z.object({
        limits: logLimitsSchema,
        usage: z.object({ tails_open: z.number(), tails_max: z.number() }),
      }),
    }),
    tail: endpoint({
      ...read,
      method: "GET",
      path: `${base}/tail`,
      summary:
        "Live tail (text/event-stream): `ready` (its id is where the stream starts), `line`, `dropped`, `heartbeat` and `reconnect` events; resumes from Last-Event-ID",
      audit: `${kind.name}.tail_open`,
      params,
      query: filters.omit({ start: true, end: true }).extend({
        after: z
          .string()
          .regex(/^\d{1,19}$/, "must be a line id")
          .optional(),
      }),
      produces: "text/event-stream",
      response: line,
    }),
  };
}

export type KindEndpoints<K extends KindDecl> = ReturnType<typeof kindEndpoints<K>>;
