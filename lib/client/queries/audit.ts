// Cache contract for the audit log (platform-wide and per org), paged by cursor.
import { infiniteQueryOptions } from "@tanstack/react-query";
import type { listAuditEndpoint } from "@/lib/audit/contract";
import { api, queryString, type ResponseOf } from "../api";

export interface AuditFilters {
  action?: string;
  outcome?: string;
  actor?: string;
  org?: string;
  since?: string;
  operator_reads?: string;
}

export const auditKeys = {
  all: ["audit"] as const,
  list: (scope: string, filters: AuditFilters) => [...auditKeys.all, scope, filters] as const,
};

export const auditQuery = (org: string | null, filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(org ?? "platform", filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<ResponseOf<typeof listAuditEndpoint>>(
        `${org ? `/api/v1/orgs/${encodeURIComponent(org)}/audit` : "/api/v1/audit"}${queryString({ ...filters, limit: 100, cursor: pageParam })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.next_cursor,
  });
