import { kindRoutes } from "@/lib/kinds/routes";
import { tenantLogs } from "@/lib/logs/kind";

// GET /api/v1/orgs/:org/logs — query an org's logs
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(tenantLogs).read;
