// Cache contract for dashboards and SLOs: all → list | one(slug, range) | slos.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  budgetExceptionEndpoint,
  getDashboardEndpoint,
  listDashboardsEndpoint,
  listSlosEndpoint,
  ruleStatesEndpoint,
} from "@/lib/metrics/contract";
import { call, retryable, type BodyOf, type ResponseOf } from "../api";

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
    queryFn: ({ signal }) =>
      call<typeof listDashboardsEndpoint>("GET /api/v1/dashboards", { query: { status: "true" }, signal }),
    refetchInterval: 30_000,
  });

export const dashboardQuery = (slug: string, r: RangeParams, refreshMs: number | false) =>
  queryOptions({
    queryKey: dashboardKeys.one(slug, r),
    queryFn: ({ signal }) =>
      call<typeof getDashboardEndpoint>("GET /api/v1/dashboards/{slug}", {
        params: { slug },
        query: { from: r.from ?? "6h", to: r.to, region: r.region },
        signal,
      }),
    refetchInterval: refreshMs,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
    retry: (n, err) => n < 2 && retryable(err),
  });

export const slosQuery = (region?: string) =>
  queryOptions({
    queryKey: dashboardKeys.slos(region),
    queryFn: ({ signal }) =>
      call<typeof listSlosEndpoint>("GET /api/v1/slos", { query: { region, history: "true" }, signal }),
    refetchInterval: 60_000,
  });

export const ruleStatesQuery = () =>
  queryOptions({
    queryKey: dashboardKeys.rules(),
    queryFn: ({ signal }) => call<typeof ruleStatesEndpoint>("GET /api/v1/alert-rules/state", { signal }),
    refetchInterval: 30_000,
  });

/** The owner's exception to an SLO's budget freeze; every view of the SLOs hears of it. */
export function useBudgetException(slo: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof budgetExceptionEndpoint>) =>
      call<typeof budgetExceptionEndpoint>("POST /api/v1/slos/{id}/exceptions", { params: { id: slo }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: dashboardKeys.all }),
  });
}
