import { route, withApi } from "@/lib/api/handler";
import { viewerOf } from "@/lib/realtime/sse";
import { incidentEventsEndpoint } from "@/lib/incidents/contract";
import { incidentEvents } from "@/lib/incidents/events";

// GET /api/v1/incidents/:id/events — live entries and changes (SSE)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(incidentEventsEndpoint, ({ req, params }) => incidentEvents(viewerOf(req), params.id)),
});
