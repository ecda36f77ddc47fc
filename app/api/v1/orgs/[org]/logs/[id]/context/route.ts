import { kindRoutes } from "@/lib/kinds/routes";
import { tenantLogs } from "@/lib/logs/kind";

// GET /api/v1/orgs/:org/logs/:id/context — a line and the lines around it
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(tenantLogs).context;
