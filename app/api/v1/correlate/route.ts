import { route, withApi } from "@/lib/api/handler";
import { correlateEndpoint } from "@/lib/correlate/contract";
import { correlate } from "@/lib/correlate";
import { readCtx } from "@/lib/kinds/kind";

// GET /api/v1/correlate — one request's or trace's path across platform and tenant logs
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(correlateEndpoint, (ctx) => correlate(readCtx(ctx), ctx.query)),
});
