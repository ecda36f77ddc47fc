import { route, withApi } from "@/lib/api/handler";
import { attachAlertEndpoint } from "@/lib/alerts/contract";
import { attachAlert } from "@/lib/alerts";

// POST /api/v1/alerts/:id/attach — attach an alert to an open incident
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(attachAlertEndpoint, ({ actor, params, body }) => attachAlert(actor, params.id, body)),
});
