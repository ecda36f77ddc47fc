// Contracts of the API's own endpoints: liveness, readiness, the OpenAPI document.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";

export const healthEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/health",
  summary: "Liveness: the process answers",
  tag: "system",
  auth: "public",
  response: z.object({ status: z.literal("ok") }),
});

export const readyEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/ready",
  summary: "Readiness: the database is reachable and migrated, and the log store answers (503 otherwise)",
  tag: "system",
  auth: "public",
  response: z.object({
    status: z.literal("ready"),
    engine: z.enum(["pglite", "postgres"]),
    log_store: z.enum(["postgres", "chdb", "clickhouse"]),
  }),
});

export const openapiEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/openapi.json",
  summary: "This API as an OpenAPI 3.1 document",
  tag: "system",
  auth: "public",
  response: z.record(z.string(), z.unknown()),
});
