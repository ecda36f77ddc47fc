import { route, withApi } from "@/lib/api/handler";
import { searchTracesEndpoint } from "@/lib/traces/contract";
import { searchTraces } from "@/lib/traces";

// GET /api/v1/traces — kept traces, newest first, by service, operation, status, duration, region, org and time
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(searchTracesEndpoint, (ctx) => searchTraces(ctx, ctx.query)),
});
