import { route, withApi } from "@/lib/api/handler";
import { createTokenEndpoint, listTokensEndpoint } from "@/lib/auth/contract";
import { createToken, listTokens } from "@/lib/auth/tokens";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/tokens — the caller's tokens
  GET: withApi(listTokensEndpoint, ({ actor }) => listTokens(actor)),
  // POST /api/v1/tokens — mint a token, secret shown once
  POST: withApi(createTokenEndpoint, ({ actor, body, requestId, ip }) => createToken(actor, body, { requestId, ip })),
});
