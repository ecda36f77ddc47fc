import { route, withApi } from "@/lib/api/handler";
import { exportLogsEndpoint } from "@/lib/logs/contract";
import { exportLogs, readCtx } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/export — NDJSON download
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(exportLogsEndpoint, (ctx) => exportLogs(readCtx(ctx), ctx.params.org, ctx.query)),
});
