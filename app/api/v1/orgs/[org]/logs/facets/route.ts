import { route, withApi } from "@/lib/api/handler";
import { logFacetsEndpoint } from "@/lib/logs/contract";
import { logFacets, readCtx } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/facets — values for the filter pickers
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(logFacetsEndpoint, (ctx) => logFacets(readCtx(ctx), ctx.params.org, ctx.query)),
});
