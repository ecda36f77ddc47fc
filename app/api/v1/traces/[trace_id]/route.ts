import { route, withApi } from "@/lib/api/handler";
import { getTraceEndpoint } from "@/lib/traces/contract";
import { readTrace } from "@/lib/traces";

// GET /api/v1/traces/:trace_id — one trace as a tree, with self times and the critical path
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getTraceEndpoint, (ctx) => readTrace(ctx, ctx.params.trace_id)),
});
