// Audit API contracts: the platform-wide log and an org's own view.
import { z } from "zod";
import { endpoint, limitParam, slug } from "@/lib/http/endpoint";
import { ACTOR_RELATIONS, AUDIT_OUTCOMES } from "@/lib/vocabulary";

export const auditEvent = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  actor: z.object({
    id: z.string().nullable(),
    email: z.string().nullable(),
    kind: z.string(),
    relation: z
      .enum(ACTOR_RELATIONS)
      .nullable()
      .describe("who the actor was to the event's org when they acted: a member, platform staff, or neither"),
  }),
  token_id: z.string().nullable(),
  org_id: z.string().nullable(),
  target: z.string().nullable(),
  request_id: z.string().nullable(),
  ip: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  org: slug.optional(),
  actor: z.string().max(200).optional().describe("a person's id, email or name"),
  operator_reads: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("only reads of the org's logs by platform staff (never the org's own members)"),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  since: z.iso.datetime({ offset: true, message: "must be an ISO-8601 timestamp" }).optional(),
  limit: limitParam(500, 100),
  cursor: z.string().max(200).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

const auditList = z.object({ events: z.array(auditEvent), next_cursor: z.string().nullable() });

export const listAuditEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/audit",
  summary: "The platform-wide audit log, newest first",
  tag: "audit",
  scope: "audit:read",
  query: auditQuerySchema,
  response: auditList,
});

export const listOrgAuditEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/audit",
  summary: "Audit events about one org (who read its logs, its tokens)",
  tag: "audit",
  scope: "audit:read",
  params: z.object({ org: z.string() }),
  query: auditQuerySchema.omit({ org: true }),
  response: auditList,
});
