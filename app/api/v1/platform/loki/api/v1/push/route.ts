import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// POST /api/v1/platform/loki/api/v1/push — Loki push from platform components
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).loki;
