import { route, withApi } from "@/lib/api/handler";
import { budgetExceptionEndpoint } from "@/lib/metrics/contract";
import { recordException } from "@/lib/metrics/budget";

// POST /api/v1/slos/{id}/exceptions — the owner's exception to a spent budget's deploy freeze
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(budgetExceptionEndpoint, ({ actor, params, body }) => recordException(actor, params.id, body)),
});
