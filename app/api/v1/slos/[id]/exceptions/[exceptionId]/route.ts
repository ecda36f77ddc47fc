import { route, withApi } from "@/lib/api/handler";
import { endBudgetExceptionEndpoint } from "@/lib/metrics/contract";
import { endException } from "@/lib/metrics/budget";

// DELETE /api/v1/slos/{id}/exceptions/{exceptionId} — end an error budget exception
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  DELETE: withApi(endBudgetExceptionEndpoint, ({ actor, params }) =>
    endException(actor, params.id, params.exceptionId),
  ),
});
