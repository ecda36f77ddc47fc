import { route, withApi } from "@/lib/api/handler";
import { tailLogsEndpoint } from "@/lib/logs/contract";
import { openTail } from "@/lib/logs/tail";
import { readCtx, tenantLogs } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/tail — live tail (SSE)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(tailLogsEndpoint, (ctx) => openTail(tenantLogs, readCtx(ctx), ctx.params.org, ctx.query)),
});
