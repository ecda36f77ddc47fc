import { route, withApi } from "@/lib/api/handler";
import { listEventsEndpoint, postEventsEndpoint } from "@/lib/events/contract";
import { postEvents } from "@/lib/events";
import { platformEventsPage } from "@/lib/events/api";
import { throttle } from "@/lib/ingest";

// GET/POST /api/v1/platform/events — the platform's events, newest first / record a batch (the control plane)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listEventsEndpoint, (ctx) => platformEventsPage(ctx, ctx.query)),
  POST: withApi(postEventsEndpoint, async ({ actor, body }) => {
    await throttle(actor);
    return postEvents(body.events);
  }),
});
