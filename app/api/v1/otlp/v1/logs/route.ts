import { route, withApi } from "@/lib/api/handler";
import { otlpLogsEndpoint } from "@/lib/ingest/contract";
import { ingestOtlp } from "@/lib/ingest";

// POST /api/v1/otlp/v1/logs — OTLP/HTTP logs from tenant workloads
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(otlpLogsEndpoint, ({ req, actor, rawBody }) => ingestOtlp("tenant", actor, req, rawBody)),
});
