import { route, withApi } from "@/lib/api/handler";
import { alertEscalationsEndpoint } from "@/lib/escalation/contract";
import { escalationHistory } from "@/lib/escalation";

// GET /api/v1/alerts/{id}/escalations — who was notified about this page, and how it went
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(alertEscalationsEndpoint, ({ params }) => escalationHistory(params.id)),
});
