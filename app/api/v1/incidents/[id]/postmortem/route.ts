import { route, withApi } from "@/lib/api/handler";
import { getPostmortemEndpoint, savePostmortemEndpoint } from "@/lib/postmortems/contract";
import { getPostmortem, savePostmortem } from "@/lib/postmortems";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/incidents/:id/postmortem — the postmortem with the draft built from the incident
  GET: withApi(getPostmortemEndpoint, ({ params }) => getPostmortem(params.id)),
  // PUT /api/v1/incidents/:id/postmortem — start or edit it (a version per save)
  PUT: withApi(savePostmortemEndpoint, ({ actor, params, body }) => savePostmortem(actor, params.id, body)),
});
