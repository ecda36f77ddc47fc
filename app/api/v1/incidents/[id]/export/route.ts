import { route, withApi } from "@/lib/api/handler";
import { publicBaseUrl } from "@/lib/http/request-origin";
import { exportIncidentEndpoint } from "@/lib/incidents/contract";
import { exportIncident } from "@/lib/incidents/export";

// GET /api/v1/incidents/:id/export — postmortem skeleton (markdown or json)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(exportIncidentEndpoint, ({ req, params, query }) =>
    exportIncident(params.id, query.format, publicBaseUrl(req)),
  ),
});
