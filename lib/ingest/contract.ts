// Ingest contracts for the standard protocols: OTLP/HTTP logs and Loki push, for tenant and platform
// logs. The handlers decode the body themselves (rawBody); `body` documents it for the OpenAPI document.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { INGEST_MAX_BYTES, INGEST_MAX_LINES } from "@/lib/logs/contract";

const otlpBody = z.object({ resourceLogs: z.array(z.unknown()) }).describe("ExportLogsServiceRequest (application/x-protobuf or OTLP JSON; Content-Encoding gzip allowed)");
const otlpAnswer = z.object({
  partialSuccess: z.object({ rejectedLogRecords: z.union([z.string(), z.number()]), errorMessage: z.string() }).optional(),
});
const lokiBody = z.object({ streams: z.array(z.object({ stream: z.record(z.string(), z.string()), values: z.array(z.array(z.unknown())) })) }).describe("Loki push (application/json, gzip allowed, or snappy-compressed application/x-protobuf PushRequest)");

const common = { rawBody: true, maxBodyBytes: INGEST_MAX_BYTES, scope: "logs:write" } as const;

export const otlpLogsEndpoint = endpoint({
  ...common,
  method: "POST",
  path: "/api/v1/otlp/v1/logs",
  summary: `OTLP/HTTP logs for tenant workloads (OTEL_EXPORTER_OTLP_ENDPOINT=<console>/api/v1/otlp); at most ${INGEST_MAX_LINES} records; refused records come back as partialSuccess`,
  tag: "logs",
  scopeOnTokenOrg: true,
  body: otlpBody,
  response: otlpAnswer,
});

export const lokiPushEndpoint = endpoint({
  ...common,
  method: "POST",
  path: "/api/v1/loki/api/v1/push",
  summary: `Loki push for tenant workloads (Promtail, Alloy, Vector, pino-loki, winston-loki: base URL <console>/api/v1/loki); at most ${INGEST_MAX_LINES} entries; all or nothing`,
  tag: "logs",
  scopeOnTokenOrg: true,
  status: 204,
  body: lokiBody,
  response: z.null(),
});

export const platformOtlpLogsEndpoint = endpoint({
  ...common,
  method: "POST",
  path: "/api/v1/platform/otlp/v1/logs",
  summary: "OTLP/HTTP logs from platform components (OTEL_EXPORTER_OTLP_ENDPOINT=<console>/api/v1/platform/otlp)",
  tag: "platform-logs",
  body: otlpBody,
  response: otlpAnswer,
});

export const platformLokiPushEndpoint = endpoint({
  ...common,
  method: "POST",
  path: "/api/v1/platform/loki/api/v1/push",
  summary: "Loki push from platform components (base URL <console>/api/v1/platform/loki)",
  tag: "platform-logs",
  status: 204,
  body: lokiBody,
  response: z.null(),
});
