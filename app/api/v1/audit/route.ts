import { route, withApi } from "@/lib/api/handler";
import { listAuditEndpoint } from "@/lib/audit/contract";
import { listAudit } from "@/lib/audit";

// GET /api/v1/audit — the platform-wide audit log
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listAuditEndpoint, ({ query }) => listAudit(query)),
});
