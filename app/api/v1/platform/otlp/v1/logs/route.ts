import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// POST /api/v1/platform/otlp/v1/logs — OTLP/HTTP logs from platform components
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).otlp;
