import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// GET /api/v1/platform/logs/facets — the pickers' values
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).facets;
