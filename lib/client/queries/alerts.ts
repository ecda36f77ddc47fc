// Cache contract for alerts: all → list(filters); actions invalidate every view of them.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Alert } from "@/lib/alerts/contract";
import { api, queryString } from "../api";
import { incidentKeys } from "./incidents";

export const alertKeys = {
  all: ["alerts"] as const,
  list: (f: { state?: string; kind?: string }) => [...alertKeys.all, "list", f] as const,
};

export const alertsQuery = (f: { state?: string; kind?: string }) =>
  queryOptions({ queryKey: alertKeys.list(f), queryFn: ({ signal }) => api<{ alerts: Alert[] }>(`/api/v1/alerts${queryString({ ...f, limit: 500 })}`, { signal }), refetchInterval: 15_000 });

export function useAlertAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "ack" | "resolve" | "incident" }) =>
      api<{ alert: Alert; incident?: { ref: string } }>(`/api/v1/alerts/${id}/${action}`, { method: "POST", body: action === "incident" ? {} : undefined }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: alertKeys.all });
      void qc.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
}
