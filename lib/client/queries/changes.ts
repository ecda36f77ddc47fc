// Cache contract for change events: all → list(filters) | org(org, filters).
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { listChangesEndpoint, listOrgChangesEndpoint } from "@/lib/changes/contract";
import { call } from "../api";
import { cursorPages } from "./paging";

export interface ChangeFilters {
  service?: string[];
  region?: string[];
  kind?: string[];
  org?: string;
  from?: string;
  to?: string;
}

export const changeKeys = {
  all: ["changes"] as const,
  list: (f: ChangeFilters) => [...changeKeys.all, "list", f] as const,
  org: (org: string, f: ChangeFilters) => [...changeKeys.all, "org", org, f] as const,
};

/** The platform's change feed, newest first, 100 a page; refreshed every 30 s. */
export const changesQuery = (f: ChangeFilters) =>
  infiniteQueryOptions({
    queryKey: changeKeys.list(f),
    ...cursorPages,
    queryFn: ({ pageParam, signal }) =>
      call<typeof listChangesEndpoint>("GET /api/v1/changes", {
        query: { ...f, limit: 100, cursor: pageParam ?? undefined },
        signal,
      }),
    refetchInterval: 30_000,
  });

/** An org's own releases in a window (its members, and operators). */
export const orgChangesQuery = (org: string, f: Omit<ChangeFilters, "org">) =>
  queryOptions({
    queryKey: changeKeys.org(org, f),
    queryFn: ({ signal }) =>
      call<typeof listOrgChangesEndpoint>("GET /api/v1/orgs/{org}/changes", {
        params: { org },
        query: { ...f, limit: 500 },
        signal,
      }),
    staleTime: 30_000,
  });
