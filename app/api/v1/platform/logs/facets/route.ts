import type { z } from "zod";
import { route, withApi } from "@/lib/api/handler";
import { platformLogFacetsEndpoint } from "@/lib/platform-logs/contract";
import { platformLogs } from "@/lib/platform-logs/service";
import { readCtx, readFacets } from "@/lib/logs/reader";

// GET /api/v1/platform/logs/facets — values for the filter pickers
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(platformLogFacetsEndpoint, async (ctx) => (await readFacets(platformLogs, readCtx(ctx), null, ctx.query)) as z.input<typeof platformLogFacetsEndpoint.response>),
});
