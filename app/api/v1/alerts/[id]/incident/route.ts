import { route, withApi } from "@/lib/api/handler";
import { alertIncidentEndpoint } from "@/lib/alerts/contract";
import { declareFromAlert } from "@/lib/alerts";

// POST /api/v1/alerts/:id/incident — declare an incident from an alert
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(alertIncidentEndpoint, async ({ actor, params, body, auditDetails }) => {
    const out = await declareFromAlert(actor, params.id, body);
    auditDetails.incident_id = out.incident.id;
    return out;
  }),
});
