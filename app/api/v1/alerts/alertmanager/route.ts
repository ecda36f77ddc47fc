import { route, withApi } from "@/lib/api/handler";
import { alertmanagerWebhookEndpoint } from "@/lib/alerts/contract";
import { intakeAlertmanager } from "@/lib/alerts/intake";
import { publicBaseUrl } from "@/lib/http/request-origin";

// POST /api/v1/alerts/alertmanager — Alertmanager's webhook receiver
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(alertmanagerWebhookEndpoint, ({ req, body }) => intakeAlertmanager(body, publicBaseUrl(req))),
});
