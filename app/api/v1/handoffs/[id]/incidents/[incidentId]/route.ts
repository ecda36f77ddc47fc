import { route, withApi } from "@/lib/api/handler";
import { putSummaryEndpoint } from "@/lib/handoffs/contract";
import { putSummary } from "@/lib/handoffs/lifecycle";

// PUT /api/v1/handoffs/:id/incidents/:incidentId — the investigation summary for one open incident
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  PUT: withApi(putSummaryEndpoint, ({ actor, params, body }) =>
    putSummary(actor, params.id, params.incidentId, body.summary),
  ),
});
