import { kindRoutes } from "@/lib/kinds/routes";
import { platformLogs } from "@/lib/platform-logs/kind";

// GET/POST /api/v1/platform/logs — query the platform's logs / ingest them (platform agents)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(platformLogs).read;
