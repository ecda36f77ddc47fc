import { route, withApi } from "@/lib/api/handler";
import { ingestLogsEndpoint } from "@/lib/logs/contract";
import { ingestNative } from "@/lib/ingest";

// POST /api/v1/logs — ingest a batch from a platform agent (JSON array or NDJSON), all or nothing
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(ingestLogsEndpoint, ({ req, actor, rawBody }) => ingestNative("tenant", actor, rawBody, req.headers.get("content-type"))),
});
