import { route, withApi } from "@/lib/api/handler";
import { resolveAlertEndpoint } from "@/lib/alerts/contract";
import { resolveAlert } from "@/lib/alerts";

// POST /api/v1/alerts/:id/resolve
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(resolveAlertEndpoint, ({ actor, params }) => resolveAlert(actor, params.id)),
});
