import { route, withApi } from "@/lib/api/handler";
import { describeEnvEndpoint } from "@/lib/events/contract";
import { envDescription } from "@/lib/events/api";

// GET /api/v1/platform/describe/env/:org/:app/:env — an env's state and verdict, as operators see it
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(describeEnvEndpoint, (ctx) => envDescription(ctx, ctx.params, "operator")),
});
