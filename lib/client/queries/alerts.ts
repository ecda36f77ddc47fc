// Cache contract for alerts: all → list(filters); actions invalidate every view of them.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Alert, AlertListPage } from "@/lib/alerts/contract";
import type { alertEscalationsEndpoint } from "@/lib/escalation/contract";
import { api, queryString, type ResponseOf } from "../api";
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

/** A page's escalation steps and policy (refetched while it fires). */
export const escalationsQuery = (id: string, firing: boolean) =>
  queryOptions({ queryKey: [...alertKeys.all, "escalations", id, firing], queryFn: ({ signal }) => api<ResponseOf<typeof alertEscalationsEndpoint>>(`/api/v1/alerts/${id}/escalations`, { signal }), refetchInterval: firing ? 15_000 : false });
