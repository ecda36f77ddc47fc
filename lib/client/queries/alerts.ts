// Cache contract for alerts: all → list(filters); actions invalidate every view of them.
import { infiniteQueryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Alert, AlertListPage } from "@/lib/alerts/contract";
import { api, queryString } from "../api";
import { incidentKeys } from "./incidents";

export const alertKeys = {
  all: ["alerts"] as const,
  list: (f: AlertFilters) => [...alertKeys.all, "list", f] as const,
};

export interface AlertFilters {
  state?: string;
  kind?: string;
  name?: string;
  /** The alerts attached to this incident. */
  incident?: string;
}

/** Pages of 200, open first, with the totals of every page; refreshed every 15 s. */
export const alertsQuery = (f: AlertFilters) =>
  infiniteQueryOptions({
    queryKey: alertKeys.list(f),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api<AlertListPage>(`/api/v1/alerts${queryString({ ...f, limit: 200, cursor: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: 15_000,
  });

export function useAlertAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, incident }: { id: string; action: "ack" | "resolve" | "incident" | "attach"; incident?: string }) =>
      api<{ alert: Alert; incident?: { ref: string } }>(`/api/v1/alerts/${id}/${action}`, { method: "POST", body: action === "incident" ? {} : action === "attach" ? { incident_id: incident } : undefined }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: alertKeys.all });
      void qc.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
}
