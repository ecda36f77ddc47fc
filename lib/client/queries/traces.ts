// Cache contract for traces: all → search(filters) | one(id) | services(window) | dependencies(window).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type {
  getTraceEndpoint,
  searchTracesEndpoint,
  traceDependenciesEndpoint,
  traceServicesEndpoint,
} from "@/lib/traces/contract";
import { call } from "../api";
import { cursorPages } from "./paging";

export interface TraceFilters {
  service?: string;
  operation?: string;
  status?: "error" | "ok";
  min_duration?: number;
  region?: string;
  start?: string;
  end?: string;
}

export const traceKeys = {
  all: ["traces"] as const,
  search: (f: TraceFilters) => [...traceKeys.all, "search", f] as const,
  one: (id: string) => [...traceKeys.all, "one", id] as const,
  services: (w: { start?: string; end?: string }) => [...traceKeys.all, "services", w] as const,
  dependencies: (w: { start?: string; end?: string }) => [...traceKeys.all, "dependencies", w] as const,
};

/** Kept traces, newest first, 50 a page. */
export const traceSearchQuery = (f: TraceFilters) =>
  infiniteQueryOptions({
    queryKey: traceKeys.search(f),
    ...cursorPages,
    queryFn: ({ pageParam, signal }) =>
      call<typeof searchTracesEndpoint>("GET /api/v1/traces", {
        query: { ...f, limit: 50, cursor: pageParam ?? undefined },
        signal,
      }),
    staleTime: 10_000,
  });

/** One trace as a tree (404 until sampling keeps it: the caller says so in words, and does not retry). */
export const traceQuery = (id: string) =>
  queryOptions({
    queryKey: traceKeys.one(id),
    queryFn: ({ signal }) =>
      call<typeof getTraceEndpoint>("GET /api/v1/traces/{trace_id}", { params: { trace_id: id }, signal }),
    staleTime: 30_000,
  });

export const traceServicesQuery = (w: { start?: string; end?: string }) =>
  queryOptions({
    queryKey: traceKeys.services(w),
    queryFn: ({ signal }) => call<typeof traceServicesEndpoint>("GET /api/v1/traces/services", { query: w, signal }),
    staleTime: 60_000,
  });

export const traceDependenciesQuery = (w: { start?: string; end?: string }) =>
  queryOptions({
    queryKey: traceKeys.dependencies(w),
    queryFn: ({ signal }) =>
      call<typeof traceDependenciesEndpoint>("GET /api/v1/traces/dependencies", { query: w, signal }),
    staleTime: 60_000,
  });
