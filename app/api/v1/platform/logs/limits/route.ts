import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// GET /api/v1/platform/logs/limits — limits and the tails open
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).limits;
