import { route, withApi } from "@/lib/api/handler";
import { createHandoffEndpoint, listHandoffsEndpoint } from "@/lib/handoffs/contract";
import { createHandoff, listHandoffs } from "@/lib/handoffs/lifecycle";

// GET /api/v1/handoffs — history; POST — start a handoff as the outgoing engineer
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listHandoffsEndpoint, ({ query }) => listHandoffs(query)),
  POST: withApi(createHandoffEndpoint, ({ actor, body }) => createHandoff(actor, body)),
});
