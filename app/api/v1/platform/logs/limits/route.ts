import { route, withApi } from "@/lib/api/handler";
import { platformLogLimitsEndpoint } from "@/lib/platform-logs/contract";
import { platformLogLimitsFor } from "@/lib/platform-logs/service";

// GET /api/v1/platform/logs/limits — limits and your open tails
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(platformLogLimitsEndpoint, ({ actor }) => platformLogLimitsFor(actor.user.id)),
});
