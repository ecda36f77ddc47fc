// Cache contract for the platform's events and the state described from them:
// all → list(filters) | org(org, filters) | env(view, org, app, env) | instance(id) | route(route) | cursors.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type {
  cursorsEndpoint,
  describeEnvEndpoint,
  describeInstanceEndpoint,
  describeOrgEnvEndpoint,
  describeRouteEndpoint,
  listEventsEndpoint,
  listOrgEventsEndpoint,
} from "@/lib/events/contract";
import { call } from "../api";
import { cursorPages } from "./paging";

export interface EventFilters {
  org?: string;
  app?: string;
  env?: string;
  route?: string;
  instance?: string;
  kind?: string[];
  from?: string;
  to?: string;
}

/** Who is looking: an operator reads the platform's view (hosts, nodes), a tenant its own. */
export type EventView = "operator" | "tenant";

export const eventKeys = {
  all: ["events"] as const,
  list: (f: EventFilters) => [...eventKeys.all, "list", f] as const,
  org: (org: string, f: Omit<EventFilters, "org">) => [...eventKeys.all, "org", org, f] as const,
  env: (view: EventView, org: string, app: string, env: string) =>
    [...eventKeys.all, "env", view, org, app, env] as const,
  instance: (id: string) => [...eventKeys.all, "instance", id] as const,
  route: (route: string) => [...eventKeys.all, "route", route] as const,
  cursors: () => [...eventKeys.all, "cursors"] as const,
};

/** The platform's events, newest first, 100 a page (operators). */
export const eventsQuery = (f: EventFilters) =>
  infiniteQueryOptions({
    queryKey: eventKeys.list(f),
    ...cursorPages,
    queryFn: ({ pageParam, signal }) =>
      call<typeof listEventsEndpoint>("GET /api/v1/platform/events", {
        query: { ...f, limit: 100, cursor: pageParam ?? undefined },
        signal,
      }),
    refetchInterval: 30_000,
  });

/** An org's own events in a window (its members, and operators with a stated reason). */
export const orgEventsQuery = (org: string, f: Omit<EventFilters, "org">, limit = 500) =>
  queryOptions({
    queryKey: [...eventKeys.org(org, f), limit],
    queryFn: ({ signal }) =>
      call<typeof listOrgEventsEndpoint>("GET /api/v1/orgs/{org}/events", {
        params: { org },
        query: { ...f, limit },
        signal,
      }),
    staleTime: 15_000,
    refetchInterval: 30_000,
  });

/** Is an env serving: the tenant's view through its org, the operator's through the platform. */
export const describeEnvQuery = (view: EventView, org: string, app: string, env: string) =>
  queryOptions({
    queryKey: eventKeys.env(view, org, app, env),
    queryFn: ({ signal }) =>
      view === "tenant"
        ? call<typeof describeOrgEnvEndpoint>("GET /api/v1/orgs/{org}/describe/env/{app}/{env}", {
            params: { org, app, env },
            signal,
          })
        : call<typeof describeEnvEndpoint>("GET /api/v1/platform/describe/env/{org}/{app}/{env}", {
            params: { org, app, env },
            signal,
          }),
    refetchInterval: 15_000,
  });

export const describeInstanceQuery = (id: string) =>
  queryOptions({
    queryKey: eventKeys.instance(id),
    queryFn: ({ signal }) =>
      call<typeof describeInstanceEndpoint>("GET /api/v1/platform/describe/instance/{id}", {
        params: { id },
        signal,
      }),
    refetchInterval: 15_000,
  });

export const describeRouteQuery = (route: string) =>
  queryOptions({
    queryKey: eventKeys.route(route),
    queryFn: ({ signal }) =>
      call<typeof describeRouteEndpoint>("GET /api/v1/platform/describe/route/{route}", {
        params: { route },
        signal,
      }),
    refetchInterval: 15_000,
  });

/** Every consumer's cursor against the newest event (operators). */
export const cursorsQuery = () =>
  queryOptions({
    queryKey: eventKeys.cursors(),
    queryFn: ({ signal }) => call<typeof cursorsEndpoint>("GET /api/v1/platform/cursors", { signal }),
    refetchInterval: 10_000,
  });
