// Cache contract for the weekly review: all → window(filters).
import { queryOptions } from "@tanstack/react-query";
import type { getInsightsEndpoint } from "@/lib/insights/contract";
import type { Severity } from "@/lib/vocabulary";
import { call } from "../api";

export interface InsightsFilters {
  /** The last this many days up to now (unless `from` says otherwise). */
  days?: number;
  from?: string;
  to?: string;
  service?: string[];
  severity?: Severity[];
}

export const insightsKeys = {
  all: ["insights"] as const,
  window: (f: InsightsFilters) => [...insightsKeys.all, f] as const,
};

export const insightsQuery = (f: InsightsFilters) =>
  queryOptions({
    queryKey: insightsKeys.window(f),
    queryFn: ({ signal }) => {
      const { days, ...query } = f;
      const from = query.from ?? (days ? new Date(Date.now() - days * 86_400_000).toISOString() : undefined);
      return call<typeof getInsightsEndpoint>("GET /api/v1/insights", { query: { ...query, from }, signal });
    },
    refetchInterval: 60_000,
  });
