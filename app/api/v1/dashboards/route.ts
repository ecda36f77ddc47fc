import { route, withApi } from "@/lib/api/handler";
import { listDashboardsEndpoint } from "@/lib/metrics/contract";
import { listDashboards } from "@/lib/metrics";

// GET /api/v1/dashboards — the dashboard set (and each one's state now with ?status=true)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listDashboardsEndpoint, ({ query }) => listDashboards({ status: query.status })),
});
