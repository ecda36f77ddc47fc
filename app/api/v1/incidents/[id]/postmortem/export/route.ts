import { route, withApi } from "@/lib/api/handler";
import { publicBaseUrl } from "@/lib/http/request-origin";
import { exportPostmortemEndpoint } from "@/lib/postmortems/contract";
import { exportPostmortem } from "@/lib/postmortems/export";

// GET /api/v1/incidents/:id/postmortem/export — the postmortem as Markdown or print-friendly HTML
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(exportPostmortemEndpoint, ({ req, params, query }) =>
    exportPostmortem(params.id, query.format, publicBaseUrl(req)),
  ),
});
