import { route, withApi } from "@/lib/api/handler";
import { getInsightsEndpoint } from "@/lib/insights/contract";
import { getInsights } from "@/lib/insights";

// GET /api/v1/insights — the weekly review: incident clocks, cadence, action items, alert quality
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getInsightsEndpoint, ({ query }) => getInsights(query)),
});
