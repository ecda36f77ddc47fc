import { route, withApi } from "@/lib/api/handler";
import { logLimitsEndpoint } from "@/lib/logs/contract";
import { logLimitsFor } from "@/lib/logs/service";

// GET /api/v1/orgs/:org/logs/limits — limits and current use
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(logLimitsEndpoint, ({ params }) => logLimitsFor(params.org)),
});
