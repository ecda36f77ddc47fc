import { route, withApi } from "@/lib/api/handler";
import { readyEndpoint } from "@/lib/api/system-contract";
import { readiness } from "@/lib/startup/prepare";

// GET /api/v1/ready — database reachable and migrated, 503 otherwise
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(readyEndpoint, () => readiness()),
});
