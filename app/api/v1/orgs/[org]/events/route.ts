import { route, withApi } from "@/lib/api/handler";
import { listOrgEventsEndpoint } from "@/lib/events/contract";
import { orgEventsPage } from "@/lib/events/api";

// GET /api/v1/orgs/:org/events — this org's apps' events, newest first
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listOrgEventsEndpoint, (ctx) => orgEventsPage(ctx, ctx.params.org, ctx.query)),
});
