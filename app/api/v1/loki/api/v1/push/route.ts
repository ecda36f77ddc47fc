import { kindRoutes } from "@/lib/kinds/routes";
import { tenantLogs } from "@/lib/logs/kind";

// POST /api/v1/loki/api/v1/push — Loki push from tenant workloads
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(tenantLogs).loki;
