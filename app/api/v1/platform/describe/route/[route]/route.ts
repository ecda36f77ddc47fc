import { route, withApi } from "@/lib/api/handler";
import { describeRouteEndpoint } from "@/lib/events/contract";
import { routeDescription } from "@/lib/events/api";

// GET /api/v1/platform/describe/route/:route — a route's backends and edge applies
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(describeRouteEndpoint, (ctx) => routeDescription(ctx, ctx.params.route)),
});
