import { route, withApi } from "@/lib/api/handler";
import { traceServicesEndpoint } from "@/lib/traces/contract";
import { traceServices } from "@/lib/traces";

// GET /api/v1/traces/services — the services that sent spans in a window, with their operations
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(traceServicesEndpoint, (ctx) => traceServices(ctx, ctx.query)),
});
