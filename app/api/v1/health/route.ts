import { route, withApi } from "@/lib/api/handler";
import { healthEndpoint } from "@/lib/api/system-contract";

// GET /api/v1/health — liveness
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(healthEndpoint, () => ({ status: "ok" as const })),
});
