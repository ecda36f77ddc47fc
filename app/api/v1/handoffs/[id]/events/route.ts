import { route, withApi } from "@/lib/api/handler";
import { viewerOf } from "@/lib/realtime/sse";
import { handoffEventsEndpoint } from "@/lib/handoffs/contract";
import { handoffEvents } from "@/lib/handoffs/events";

// GET /api/v1/handoffs/:id/events — live changes (SSE), so both sides see each other's ticks at once
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(handoffEventsEndpoint, ({ req, params }) => handoffEvents(viewerOf(req), params.id)),
});
