import { route, withApi } from "@/lib/api/handler";
import { alertIncidentEndpoint } from "@/lib/alerts/contract";
import { declareFromAlert } from "@/lib/alerts";

// POST /api/v1/alerts/:id/incident — declare an incident from an alert
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(alertIncidentEndpoint, ({ actor, params, body }) => declareFromAlert(actor, params.id, body)),
});
