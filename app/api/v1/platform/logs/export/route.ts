import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// GET /api/v1/platform/logs/export — NDJSON download
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).export;
