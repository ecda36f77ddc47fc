import { route, withApi } from "@/lib/api/handler";
import { tailPlatformLogsEndpoint } from "@/lib/platform-logs/contract";
import { platformLogs } from "@/lib/platform-logs/service";
import { readCtx } from "@/lib/logs/reader";
import { openTail } from "@/lib/logs/tail";

// GET /api/v1/platform/logs/tail — live tail of platform logs (SSE)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(tailPlatformLogsEndpoint, (ctx) => openTail(platformLogs, readCtx(ctx), null, ctx.query)),
});
