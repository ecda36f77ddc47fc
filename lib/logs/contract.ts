// Tenant log API contracts: the kind's endpoints (lib/kinds/endpoints.ts, from its declaration), and the
// reasons operators state for reading an org's logs.
import { z } from "zod";
import { endpoint, slug } from "@/lib/http/endpoint";
import { kindEndpoints } from "@/lib/kinds/endpoints";
import { tenantLogs } from "./kind";

export const tenantLogEndpoints = kindEndpoints(tenantLogs);

const orgParams = z.object({ org: slug });

export const logAccessSchema = z.object({
  org_id: z.string(),
  reason: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

const accessBody = z.object({
  reason: z.string().trim().min(1, "must say why you read this org's logs").max(500, "must be at most 500 characters"),
});

export const getLogAccessEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/access",
  summary: "Your stated reason for reading this org's logs, while it is in force (members need none)",
  tag: "logs",
  auth: "session",
  scope: "logs:read",
  params: orgParams,
  response: z.object({ access: logAccessSchema.nullable(), member: z.boolean() }),
});

export const grantLogAccessEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/orgs/{org}/access",
  summary:
    "State why you read this org's logs; it applies to your reads of this org until it expires (LOG_ACCESS_REASON_MINUTES) and the tenant sees it",
  tag: "logs",
  auth: "session",
  scope: "logs:read",
  audit: "logs.access_reason",
  params: orgParams,
  body: accessBody,
  status: 201,
  response: z.object({ access: logAccessSchema }),
  auditResult: (r) => ({ reason: r.access.reason, expires_at: r.access.expires_at }),
});

export const endLogAccessEndpoint = endpoint({
  method: "DELETE",
  path: "/api/v1/orgs/{org}/access",
  summary: "End your stated reason for this org before it expires",
  tag: "logs",
  auth: "session",
  scope: "logs:read",
  audit: "logs.access_end",
  params: orgParams,
  response: z.object({ access: z.null() }),
});
