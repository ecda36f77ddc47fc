// Cache contract for an org's logs: keys nested org → list(filters) / facets / limits / context(id).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { LogLine } from "@/lib/logs/contract";
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
  reason?: string;
}

export function logParams(f: LogViewFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ["app", "env", "process", "instance"] as const) f[k].forEach((v) => p.append(k, v));
  for (const k of ["level", "q", "start", "end", "reason"] as const) if (f[k]) p.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return p;
}

export const logKeys = {
  org: (org: string) => ["logs", org] as const,
  list: (org: string, f: LogViewFilters) => [...logKeys.org(org), "list", f] as const,
  facets: (org: string, reason?: string) => [...logKeys.org(org), "facets", reason ?? ""] as const,
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

export const facetsQuery = (org: string, reason?: string) =>
  queryOptions({
    queryKey: logKeys.facets(org, reason),
    queryFn: ({ signal }) =>
      api<{ apps: string[]; envs: string[]; processes: string[]; instances: string[] }>(`${base(org)}/facets?${new URLSearchParams(reason ? { reason } : {})}`, { signal }),
    staleTime: 60_000,
  });

export const limitsQuery = (org: string) =>
  queryOptions({
    queryKey: logKeys.limits(org),
    queryFn: ({ signal }) =>
      api<{ limits: { max_window_hours: number; max_page_lines: number; max_tails_per_org: number; tail_lines_per_second: number; retention_days: number; export_max_lines: number }; usage: { tails_open: number; tails_max: number } }>(
        `${base(org)}/limits`,
        { signal },
      ),
    refetchInterval: 15_000,
  });

export const contextQuery = (org: string, id: string, reason?: string) =>
  queryOptions({
    queryKey: logKeys.context(org, id),
    queryFn: ({ signal }) =>
      api<{ line: LogLine; before: LogLine[]; after: LogLine[] }>(`${base(org)}/${encodeURIComponent(id)}/context?${new URLSearchParams({ before: "10", after: "10", ...(reason ? { reason } : {}) })}`, { signal }),
  });

export const exportUrl = (org: string, f: LogViewFilters) => `${base(org)}/export?${logParams(f)}`;
export const tailUrl = (org: string, f: LogViewFilters, after?: string) => `${base(org)}/tail?${logParams({ ...f, start: undefined, end: undefined }, { after })}`;
