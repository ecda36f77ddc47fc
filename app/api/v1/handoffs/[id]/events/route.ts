import { route, withApi } from "@/lib/api/handler";
import { handoffEventsEndpoint } from "@/lib/handoffs/contract";
import { handoffEvents } from "@/lib/handoffs/events";

// GET /api/v1/handoffs/:id/events — live changes (SSE), so both sides see each other's ticks at once
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(handoffEventsEndpoint, ({ req, params }) => handoffEvents(req, params.id)),
});
