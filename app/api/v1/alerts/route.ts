import { route, withApi } from "@/lib/api/handler";
import { listAlertsEndpoint } from "@/lib/alerts/contract";
import { listAlerts } from "@/lib/alerts";

// GET /api/v1/alerts — pages and tickets, open first
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listAlertsEndpoint, ({ query }) => listAlerts(query)),
});
