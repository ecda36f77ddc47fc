import { route, withApi } from "@/lib/api/handler";
import { listChangesEndpoint, postChangeEndpoint } from "@/lib/changes/contract";
import { listChanges, postChange, posterOf } from "@/lib/changes";

// GET/POST /api/v1/changes — the change feed / record a change (pipelines, agents)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listChangesEndpoint, ({ query }) => listChanges(query)),
  POST: withApi(postChangeEndpoint, ({ actor, body }) => postChange(posterOf(actor), body)),
});
