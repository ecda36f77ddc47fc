import { route, withApi } from "@/lib/api/handler";
import { logContextEndpoint } from "@/lib/logs/contract";
import { readContext } from "@/lib/logs/reader";
import { readCtx, tenantLogs } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/:id/context — the lines around one line
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(logContextEndpoint, (ctx) => readContext(tenantLogs, readCtx(ctx), ctx.params.org, ctx.params.id, ctx.query)),
});
