import { route, withApi } from "@/lib/api/handler";
import { getIncidentEndpoint, updateIncidentEndpoint } from "@/lib/incidents/contract";
import { getIncident, updateIncident } from "@/lib/incidents/lifecycle";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/incidents/:id — one incident
  GET: withApi(getIncidentEndpoint, ({ params }) => getIncident(params.id)),
  // PATCH /api/v1/incidents/:id — change it; each change becomes a timeline entry
  PATCH: withApi(updateIncidentEndpoint, ({ actor, params, body }) => updateIncident(actor, params.id, body)),
});
