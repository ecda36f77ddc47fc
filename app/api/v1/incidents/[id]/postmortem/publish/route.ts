import { route, withApi } from "@/lib/api/handler";
import { publishPostmortemEndpoint } from "@/lib/postmortems/contract";
import { publishPostmortem } from "@/lib/postmortems";

// POST /api/v1/incidents/:id/postmortem/publish — publish it (refused naming what is missing)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(publishPostmortemEndpoint, ({ actor, params }) => publishPostmortem(actor, params.id)),
});
