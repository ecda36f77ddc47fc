import { kindRoutes } from "@/lib/kinds/routes";
import { tenantLogs } from "@/lib/logs/kind";

// GET /api/v1/orgs/:org/logs/facets — the pickers' values
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(tenantLogs).facets;
