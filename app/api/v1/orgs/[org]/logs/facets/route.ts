import { route, withApi } from "@/lib/api/handler";
import { logFacetsEndpoint } from "@/lib/logs/contract";
import { logFacets } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/facets — values for the filter pickers
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(logFacetsEndpoint, (ctx) => logFacets(ctx, ctx.params.org, ctx.query)),
});
