import { route, withApi } from "@/lib/api/handler";
import { listOrgAuditEndpoint } from "@/lib/audit/contract";
import { listAudit } from "@/lib/audit";

// GET /api/v1/orgs/:org/audit — events about one org
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listOrgAuditEndpoint, ({ params, query }) => listAudit(query, { org: params.org })),
});
