// Cache contract for the weekly review: all → window(filters).
import { queryOptions } from "@tanstack/react-query";
import type { getInsightsEndpoint } from "@/lib/insights/contract";
import type { Severity } from "@/lib/vocabulary";
import { call } from "../api";

export interface InsightsFilters {
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
    queryFn: ({ signal }) => call<typeof getInsightsEndpoint>("GET /api/v1/insights", { query: f, signal }),
    refetchInterval: 60_000,
  });
