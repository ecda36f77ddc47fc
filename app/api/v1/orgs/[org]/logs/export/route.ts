import { route, withApi } from "@/lib/api/handler";
import { exportLogsEndpoint } from "@/lib/logs/contract";
import { exportLines } from "@/lib/logs/reader";
import { readCtx, tenantLogs } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/export — NDJSON download
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(exportLogsEndpoint, (ctx) => exportLines(tenantLogs, readCtx(ctx), ctx.params.org, ctx.query)),
});
