// Cache contract for the public status: what anyone sees on /status, read by the page itself and by an
// incident's page (what customers see of it now).
import { queryOptions } from "@tanstack/react-query";
import type { statusEndpoint } from "@/lib/status/contract";
import { call } from "../api";

export const statusKeys = { all: ["public-status"] as const };

export const publicStatusQuery = (refetchInterval = 5000) =>
  queryOptions({
    queryKey: statusKeys.all,
    queryFn: ({ signal }) => call<typeof statusEndpoint>("GET /api/v1/status", { signal }),
    refetchInterval,
  });
