import { route, withApi } from "@/lib/api/handler";
import { takeoverEndpoint } from "@/lib/incidents/contract";
import { takeover } from "@/lib/incidents/takeover";

// POST /api/v1/incidents/:id/takeover — become IC with a briefing
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(takeoverEndpoint, ({ actor, params, body }) => takeover(actor, params.id, body)),
});
