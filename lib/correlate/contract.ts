// Correlation: one request's (or trace's) path from the edge through the control plane into the
// tenant's workload, as one time-ordered list of platform and tenant lines.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { lineObject } from "@/lib/kinds/declare";
import { tenantLogs, type LogLine } from "@/lib/logs/kind";
import { platformLogs, type PlatformLogLine } from "@/lib/platform-logs/kind";

const id = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const correlateQuerySchema = z
  .object({
    request_id: id.optional(),
    trace_id: id.optional(),
    start: z.string().max(64).optional().describe("ISO-8601 or relative (default: 24h before end)"),
    end: z.string().max(64).optional().describe("ISO-8601 or relative (default: now)"),
  })
  .refine((q) => Boolean(q.request_id) !== Boolean(q.trace_id), {
    path: ["request_id"],
    message: "give a request_id or a trace_id (one of them)",
  });

/** A line on a request's path: a platform line, or a line of an org it named. */
export type CorrelatedLine = (PlatformLogLine & { source: "platform" }) | (LogLine & { source: "tenant" });
export const correlatedLineSchema = z.discriminatedUnion("source", [
  lineObject(platformLogs).extend({ source: z.literal("platform") }),
  lineObject(tenantLogs).extend({ source: z.literal("tenant") }),
]) as unknown as z.ZodType<CorrelatedLine>;

export const correlateEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/correlate",
  summary:
    "One request's or trace's lines across the platform and the tenants it touched, in time order; a tenant's lines only under a stated reason for that org (POST /api/v1/orgs/{org}/access, or X-Access-Reason), each org's read audited where its tenant sees it",
  tag: "platform-logs",
  scope: "platform-logs:read",
  audit: "correlate",
  query: correlateQuerySchema,
  response: z.object({
    window: z.object({ start: z.string(), end: z.string() }),
    lines: z.array(correlatedLineSchema),
    orgs: z.array(
      z.object({ org: z.string(), status: z.enum(["included", "reason_required"]), lines: z.number().nullable() }),
    ),
    truncated: z.boolean(),
  }),
});
