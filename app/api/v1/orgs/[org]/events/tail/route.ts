import { route, withApi } from "@/lib/api/handler";
import { tailOrgEventsEndpoint } from "@/lib/events/contract";
import { orgEventsTail } from "@/lib/events/api";

// GET /api/v1/orgs/:org/events/tail — this org's events as they happen (SSE)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(tailOrgEventsEndpoint, (ctx) => orgEventsTail(ctx, ctx.params.org, ctx.query)),
});
