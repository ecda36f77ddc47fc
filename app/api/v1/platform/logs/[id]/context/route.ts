import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// GET /api/v1/platform/logs/:id/context — a platform line and the lines around it
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).context;
