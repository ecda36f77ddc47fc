import { route, withApi } from "@/lib/api/handler";
import { statusEndpoint } from "@/lib/status/contract";
import { publicStatus } from "@/lib/status";

// GET /api/v1/status — the public status (no sign-in)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(statusEndpoint, () => publicStatus()),
});
