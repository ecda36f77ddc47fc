import { route, withApi } from "@/lib/api/handler";
import { updateFollowUpEndpoint } from "@/lib/incidents/contract";
import { updateFollowUp } from "@/lib/incidents/follow-ups";

// PATCH /api/v1/incidents/:id/follow-ups/:followUpId — done or open
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  PATCH: withApi(updateFollowUpEndpoint, ({ params, body }) => updateFollowUp(params.id, params.followUpId, body)),
});
