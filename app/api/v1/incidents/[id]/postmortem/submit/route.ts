import { route, withApi } from "@/lib/api/handler";
import { submitPostmortemEndpoint } from "@/lib/postmortems/contract";
import { submitPostmortem } from "@/lib/postmortems";

// POST /api/v1/incidents/:id/postmortem/submit — send the draft to review
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(submitPostmortemEndpoint, ({ actor, params }) => submitPostmortem(actor, params.id)),
});
