// Cache contract for dashboards and SLOs: all → list | one(slug, range) | slos.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { budgetExceptionEndpoint, DashboardData, listDashboardsEndpoint, listSlosEndpoint, ruleStatesEndpoint } from "@/lib/metrics/contract";
import { api, queryString, type BodyOf, type ResponseOf } from "../api";

export interface RangeParams {
  from?: string;
  to?: string;
  region?: string;
}

type DashboardList = ResponseOf<typeof listDashboardsEndpoint>;
export type DashboardSummary = DashboardList["dashboards"][number];

export const dashboardKeys = {
  all: ["dashboards"] as const,
  list: () => [...dashboardKeys.all, "list"] as const,
  one: (slug: string, r: RangeParams) => [...dashboardKeys.all, "one", slug, r] as const,
  slos: (region?: string) => [...dashboardKeys.all, "slos", region ?? ""] as const,
  rules: () => [...dashboardKeys.all, "rules"] as const,
};

export const dashboardsQuery = () =>
  queryOptions({
    queryKey: dashboardKeys.list(),
    queryFn: ({ signal }) => api<DashboardList>("/api/v1/dashboards?status=true", { signal }),
    refetchInterval: 30_000,
  });

export const dashboardQuery = (slug: string, r: RangeParams, refreshMs: number | false) =>
  queryOptions({
    queryKey: dashboardKeys.one(slug, r),
    queryFn: ({ signal }) => api<DashboardData>(`/api/v1/dashboards/${slug}${queryString({ from: r.from ?? "6h", to: r.to, region: r.region })}`, { signal }),
    refetchInterval: refreshMs,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
    retry: (n, err) => n < 2 && !(err instanceof Error && "status" in err && (err as { status: number }).status < 500),
  });

export const slosQuery = (region?: string) =>
  queryOptions({
    queryKey: dashboardKeys.slos(region),
    queryFn: ({ signal }) => api<ResponseOf<typeof listSlosEndpoint>>(`/api/v1/slos${queryString({ region, history: "true" })}`, { signal }),
    refetchInterval: 60_000,
  });

export const ruleStatesQuery = () =>
  queryOptions({
    queryKey: dashboardKeys.rules(),
    queryFn: ({ signal }) => api<ResponseOf<typeof ruleStatesEndpoint>>("/api/v1/alert-rules/state", { signal }),
    refetchInterval: 30_000,
  });

/** The owner's exception to an SLO's budget freeze; every view of the SLOs hears of it. */
export function useBudgetException(slo: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof budgetExceptionEndpoint>) => api<ResponseOf<typeof budgetExceptionEndpoint>>(`/api/v1/slos/${encodeURIComponent(slo)}/exceptions`, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: dashboardKeys.all }),
  });
}
