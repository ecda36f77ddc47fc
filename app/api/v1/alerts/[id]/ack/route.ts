import { route, withApi } from "@/lib/api/handler";
import { ackAlertEndpoint } from "@/lib/alerts/contract";
import { ackAlert } from "@/lib/alerts";

// POST /api/v1/alerts/:id/ack
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(ackAlertEndpoint, ({ actor, params }) => ackAlert(actor, params.id)),
});
