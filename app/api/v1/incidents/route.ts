import { route, withApi } from "@/lib/api/handler";
import { declareIncidentEndpoint, listIncidentsEndpoint } from "@/lib/incidents/contract";
import { declareIncident, listIncidents } from "@/lib/incidents/lifecycle";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/incidents — open first, then newest
  GET: withApi(listIncidentsEndpoint, ({ query }) => listIncidents(query)),
  // POST /api/v1/incidents — declare
  POST: withApi(declareIncidentEndpoint, ({ actor, body }) => declareIncident(actor, body)),
});
