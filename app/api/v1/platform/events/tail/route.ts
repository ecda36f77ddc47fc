import { route, withApi } from "@/lib/api/handler";
import { tailEventsEndpoint } from "@/lib/events/contract";
import { platformEventsTail } from "@/lib/events/api";

// GET /api/v1/platform/events/tail — the platform's events as they happen (SSE)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(tailEventsEndpoint, (ctx) => platformEventsTail(ctx, ctx.query)),
});
