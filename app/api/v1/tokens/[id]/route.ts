import { route, withApi } from "@/lib/api/handler";
import { revokeTokenEndpoint } from "@/lib/auth/contract";
import { revokeToken } from "@/lib/auth/tokens";

// DELETE /api/v1/tokens/:id — revoke
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  DELETE: withApi(revokeTokenEndpoint, ({ actor, params, requestId, ip }) =>
    revokeToken(actor, params.id, { requestId, ip }),
  ),
});
