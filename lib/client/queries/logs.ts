// Cache contract for an org's logs: keys nested org → list(filters) / facets / limits / context(id).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { getLogAccessEndpoint, logFacetsEndpoint, logLimitsEndpoint, LogLine } from "@/lib/logs/contract";
import { api } from "../api";

export interface LogViewFilters {
  app: string[];
  env: string[];
  process: string[];
  instance: string[];
  level?: string;
  q?: string;
  start?: string;
  end?: string;
}

export function logParams(f: LogViewFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ["app", "env", "process", "instance"] as const) f[k].forEach((v) => p.append(k, v));
  for (const k of ["level", "q", "start", "end"] as const) if (f[k]) p.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return p;
}

export const logKeys = {
  org: (org: string) => ["logs", org] as const,
  list: (org: string, f: LogViewFilters) => [...logKeys.org(org), "list", f] as const,
  facets: (org: string) => [...logKeys.org(org), "facets"] as const,
  access: (org: string) => [...logKeys.org(org), "access"] as const,
  limits: (org: string) => [...logKeys.org(org), "limits"] as const,
  context: (org: string, id: string) => [...logKeys.org(org), "context", id] as const,
};

const base = (org: string) => `/api/v1/orgs/${encodeURIComponent(org)}/logs`;

export const logsQuery = (org: string, f: LogViewFilters) =>
  infiniteQueryOptions({
    queryKey: logKeys.list(org, f),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<{ lines: LogLine[]; next_cursor: string | null; truncated: boolean }>(`${base(org)}?${logParams(f, { limit: "500", cursor: pageParam ?? undefined })}`, { signal }),
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 5_000,
  });

export const facetsQuery = (org: string) =>
  queryOptions({
    queryKey: logKeys.facets(org),
    queryFn: ({ signal }) => api<z.infer<typeof logFacetsEndpoint.response>>(`${base(org)}/facets`, { signal }),
    staleTime: 60_000,
  });

export const limitsQuery = (org: string) =>
  queryOptions({
    queryKey: logKeys.limits(org),
    queryFn: ({ signal }) =>
      api<z.infer<typeof logLimitsEndpoint.response>>(`${base(org)}/limits`, { signal }),
    refetchInterval: 15_000,
  });

export const contextQuery = (org: string, id: string) =>
  queryOptions({
    queryKey: logKeys.context(org, id),
    queryFn: ({ signal }) =>
      api<{ line: LogLine; before: LogLine[]; after: LogLine[] }>(`${base(org)}/${encodeURIComponent(id)}/context?${new URLSearchParams({ before: "10", after: "10" })}`, { signal }),
  });

/** Your stated reason for reading this org's logs (operators), kept on the server, never in the URL. */
export const accessQuery = (org: string) =>
  queryOptions({
    queryKey: logKeys.access(org),
    queryFn: ({ signal }) => api<z.infer<typeof getLogAccessEndpoint.response>>(`/api/v1/orgs/${encodeURIComponent(org)}/access`, { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

export const stateAccessReason = (org: string, reason: string) => api(`/api/v1/orgs/${encodeURIComponent(org)}/access`, { method: "POST", body: { reason } });
export const endAccessReason = (org: string) => api(`/api/v1/orgs/${encodeURIComponent(org)}/access`, { method: "DELETE" });

export const exportUrl = (org: string, f: LogViewFilters) => `${base(org)}/export?${logParams(f)}`;
export const tailUrl = (org: string, f: LogViewFilters, after?: string) => `${base(org)}/tail?${logParams({ ...f, start: undefined, end: undefined }, { after })}`;
