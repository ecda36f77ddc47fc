// Cache contract for the audit log (platform-wide and per org), paged by cursor.
import { infiniteQueryOptions } from "@tanstack/react-query";
import type { listAuditEndpoint, listOrgAuditEndpoint } from "@/lib/audit/contract";
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/lib/vocabulary";
import { call } from "../api";
import { oneOf } from "../one-of";
import { cursorPages } from "./paging";

export interface AuditFilters {
  action?: string;
  outcome?: AuditOutcome;
  actor?: string;
  since?: string;
  operator_reads?: "true" | "false";
}

/** The filters a page's URL sets (an outcome or operator_reads the API does not know is left out). */
export function readAuditFilters(p: URLSearchParams): AuditFilters {
  const text = (k: string) => p.get(k) || undefined;
  return {
    action: text("action"),
    outcome: oneOf(AUDIT_OUTCOMES, p.get("outcome")),
    actor: text("actor"),
    since: text("since"),
    operator_reads: oneOf(["true", "false"], p.get("operator_reads")),
  };
}

export const auditKeys = {
  all: ["audit"] as const,
  list: (scope: string, filters: AuditFilters) => [...auditKeys.all, scope, filters] as const,
};

export const auditQuery = (org: string | null, filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(org ?? "platform", filters),
    ...cursorPages,
    queryFn: ({ pageParam, signal }) => {
      const query = { ...filters, limit: 100, cursor: pageParam ?? undefined };
      return org
        ? call<typeof listOrgAuditEndpoint>("GET /api/v1/orgs/{org}/audit", { params: { org }, query, signal })
        : call<typeof listAuditEndpoint>("GET /api/v1/audit", { query, signal });
    },
  });
