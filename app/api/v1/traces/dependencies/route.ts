import { route, withApi } from "@/lib/api/handler";
import { traceDependenciesEndpoint } from "@/lib/traces/contract";
import { traceDependencies } from "@/lib/traces";

// GET /api/v1/traces/dependencies — service → service calls and errors in a window
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(traceDependenciesEndpoint, (ctx) => traceDependencies(ctx, ctx.query)),
});
