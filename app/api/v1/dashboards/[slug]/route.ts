import { route, withApi } from "@/lib/api/handler";
import { getDashboardEndpoint } from "@/lib/metrics/contract";
import { getDashboard } from "@/lib/metrics";

// GET /api/v1/dashboards/:slug?from=&to=&region=&step=
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getDashboardEndpoint, ({ params, query }) => getDashboard(params.slug, query)),
});
