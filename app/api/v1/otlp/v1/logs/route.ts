import { kindRoutes } from "@/lib/kinds/routes";
import { tenantLogs } from "@/lib/logs/kind";

// POST /api/v1/otlp/v1/logs — OTLP/HTTP logs from tenant workloads
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = kindRoutes(tenantLogs).otlp;
