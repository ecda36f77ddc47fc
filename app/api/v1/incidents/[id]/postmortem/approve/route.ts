import { route, withApi } from "@/lib/api/handler";
import { approvePostmortemEndpoint } from "@/lib/postmortems/contract";
import { approvePostmortem } from "@/lib/postmortems";

// POST /api/v1/incidents/:id/postmortem/approve — approve the version in review
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(approvePostmortemEndpoint, ({ actor, params }) => approvePostmortem(actor, params.id)),
});
