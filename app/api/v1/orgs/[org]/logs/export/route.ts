import { route, withApi } from "@/lib/api/handler";
import { exportLogsEndpoint } from "@/lib/logs/contract";
import { exportLogs } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/export — NDJSON download
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(exportLogsEndpoint, (ctx) => exportLogs(ctx, ctx.params.org, ctx.query)),
});
