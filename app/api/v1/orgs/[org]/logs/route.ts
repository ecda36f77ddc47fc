import { route, withApi } from "@/lib/api/handler";
import { queryLogsEndpoint } from "@/lib/logs/contract";
import { readPage } from "@/lib/logs/reader";
import { readCtx, tenantLogs } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs — query an org's logs
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(queryLogsEndpoint, (ctx) => readPage(tenantLogs, readCtx(ctx), ctx.params.org, ctx.query)),
});
