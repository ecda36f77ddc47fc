import { route, withApi } from "@/lib/api/handler";
import { createFreezeExceptionEndpoint } from "@/lib/incidents/contract";
import { createFreezeException } from "@/lib/incidents/freeze";

// POST /api/v1/incidents/:id/freeze-exceptions — the IC lets one service deploy
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(createFreezeExceptionEndpoint, ({ actor, params, body }) =>
    createFreezeException(actor, params.id, body),
  ),
});
