import { kindRoutes } from "@/lib/kinds/routes";
import { tenantLogs } from "@/lib/logs/kind";

// POST /api/v1/logs — ingest an org's log lines (agents, shippers)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(tenantLogs).ingest;
