// Cache contract for the public status: what anyone sees on /status, read by the page itself and by an
// incident's page (what customers see of it now).
import { queryOptions } from "@tanstack/react-query";
import type { statusEndpoint } from "@/lib/status/contract";
import { call } from "../api";

export const statusKeys = { all: ["public-status"] as const, fresh: ["public-status", "fresh"] as const };

/** /status as a visitor reads it (answers may come from the browser's cache for a few seconds). */
export const publicStatusQuery = () =>
  queryOptions({
    queryKey: statusKeys.all,
    queryFn: ({ signal }) => call<typeof statusEndpoint>("GET /api/v1/status", { signal }),
    refetchInterval: 5000,
  });

/** The same, never from a cache: an IC who just published sees it at once. */
export const freshStatusQuery = () =>
  queryOptions({
    queryKey: statusKeys.fresh,
    queryFn: ({ signal }) => call<typeof statusEndpoint>("GET /api/v1/status", { signal, cache: "no-store" }),
    refetchInterval: 15_000,
  });
