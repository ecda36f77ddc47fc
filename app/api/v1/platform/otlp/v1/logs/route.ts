import { route, withApi } from "@/lib/api/handler";
import { platformOtlpLogsEndpoint } from "@/lib/ingest/contract";
import { ingestOtlp } from "@/lib/ingest";

// POST /api/v1/platform/otlp/v1/logs — OTLP/HTTP logs from platform components
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(platformOtlpLogsEndpoint, ({ req, actor, rawBody }) => ingestOtlp("platform", actor, req, rawBody)),
});
