import { route, withApi } from "@/lib/api/handler";
import { platformLogContextEndpoint } from "@/lib/platform-logs/contract";
import { platformLogs } from "@/lib/platform-logs/service";
import { readContext, readCtx } from "@/lib/logs/reader";

// GET /api/v1/platform/logs/:id/context — the lines around one platform line, from the same node
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(platformLogContextEndpoint, (ctx) => readContext(platformLogs, readCtx(ctx), null, ctx.params.id, ctx.query)),
});
