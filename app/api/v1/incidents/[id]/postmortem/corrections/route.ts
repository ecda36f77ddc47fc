import { route, withApi } from "@/lib/api/handler";
import { correctPostmortemEndpoint } from "@/lib/postmortems/contract";
import { correctPostmortem } from "@/lib/postmortems";

// POST /api/v1/incidents/:id/postmortem/corrections — append a correction to a published postmortem
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(correctPostmortemEndpoint, ({ actor, params, body }) => correctPostmortem(actor, params.id, body)),
});
