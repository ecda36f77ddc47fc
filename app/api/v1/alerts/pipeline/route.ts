import { route, withApi } from "@/lib/api/handler";
import { pipelineEndpoint } from "@/lib/alerts/contract";
import { pipelineState } from "@/lib/alerts/pipeline";

// GET /api/v1/alerts/pipeline — whether the alerting pipeline's Watchdog arrives
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(pipelineEndpoint, () => pipelineState()),
});
