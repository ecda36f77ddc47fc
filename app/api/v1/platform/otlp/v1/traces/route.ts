import { route, withApi } from "@/lib/api/handler";
import { otlpTracesEndpoint } from "@/lib/traces/contract";
import { ingestOtlpTracesRequest } from "@/lib/traces/ingest";

// POST /api/v1/platform/otlp/v1/traces — OTLP/HTTP traces from platform components
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(otlpTracesEndpoint, ({ req, actor, rawBody }) => ingestOtlpTracesRequest(actor, req, rawBody)),
});
