import { route, withApi } from "@/lib/api/handler";
import { createFollowUpEndpoint, listFollowUpsEndpoint } from "@/lib/incidents/contract";
import { createFollowUp, listFollowUps } from "@/lib/incidents/follow-ups";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/incidents/:id/follow-ups
  GET: withApi(listFollowUpsEndpoint, ({ params }) => listFollowUps(params.id)),
  // POST /api/v1/incidents/:id/follow-ups
  POST: withApi(createFollowUpEndpoint, ({ actor, params, body }) => createFollowUp(actor, params.id, body)),
});
