import { route, withApi } from "@/lib/api/handler";
import { ingestPlatformLogsEndpoint, queryPlatformLogsEndpoint } from "@/lib/platform-logs/contract";
import { ingestNative } from "@/lib/ingest";
import { platformLogs } from "@/lib/platform-logs/service";
import { readCtx, readPage } from "@/lib/logs/reader";

// GET/POST /api/v1/platform/logs — query the platform's logs / ingest them (platform agents)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(queryPlatformLogsEndpoint, (ctx) => readPage(platformLogs, readCtx(ctx), null, ctx.query)),
  POST: withApi(ingestPlatformLogsEndpoint, ({ req, actor, rawBody }) => ingestNative("platform", actor, rawBody, req.headers.get("content-type"))),
});
