import { route, withApi } from "@/lib/api/handler";
import { describeInstanceEndpoint } from "@/lib/events/contract";
import { instanceDescription } from "@/lib/events/api";

// GET /api/v1/platform/describe/instance/:id — an instance's lifecycle and why it stopped
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(describeInstanceEndpoint, (ctx) => instanceDescription(ctx, ctx.params.id)),
});
