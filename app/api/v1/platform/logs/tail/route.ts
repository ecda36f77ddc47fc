import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// GET /api/v1/platform/logs/tail — live tail of platform logs (SSE)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).tail;
