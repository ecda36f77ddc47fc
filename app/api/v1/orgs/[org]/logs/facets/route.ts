import { route, withApi } from "@/lib/api/handler";
import { logFacetsEndpoint } from "@/lib/logs/contract";
import { readFacets } from "@/lib/logs/reader";
import { readCtx, tenantLogs } from "@/lib/logs/service";
import type { z } from "zod";

// GET /api/v1/orgs/:org/logs/facets — values for the filter pickers
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(logFacetsEndpoint, async (ctx) => (await readFacets(tenantLogs, readCtx(ctx), ctx.params.org, ctx.query)) as z.input<typeof logFacetsEndpoint.response>),
});
