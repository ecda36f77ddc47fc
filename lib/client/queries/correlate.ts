// Cache contract for one request's or trace's correlated path: all → one(id, window).
import { queryOptions } from "@tanstack/react-query";
import type { correlateEndpoint } from "@/lib/correlate/contract";
import { call, type ResponseOf } from "../api";

export type Correlated = ResponseOf<typeof correlateEndpoint>;
export type CorrelateParams = { request_id?: string; trace_id?: string; start?: string; end?: string };

export const correlateKeys = {
  all: ["correlate"] as const,
  one: (p: CorrelateParams) => [...correlateKeys.all, p] as const,
};

export const correlateQuery = (p: CorrelateParams) =>
  queryOptions({
    queryKey: correlateKeys.one(p),
    queryFn: ({ signal }) => call<typeof correlateEndpoint>("GET /api/v1/correlate", { query: p, signal }),
    enabled: Boolean(p.request_id || p.trace_id),
  });
