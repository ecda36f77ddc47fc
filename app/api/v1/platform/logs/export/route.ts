import { route, withApi } from "@/lib/api/handler";
import { exportPlatformLogsEndpoint } from "@/lib/platform-logs/contract";
import { platformLogs } from "@/lib/platform-logs/service";
import { exportLines, readCtx } from "@/lib/logs/reader";

// GET /api/v1/platform/logs/export — NDJSON download
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(exportPlatformLogsEndpoint, (ctx) => exportLines(platformLogs, readCtx(ctx), null, ctx.query)),
});
