// Cache contract for alerts: all → list(filters); actions invalidate every view of them.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  ackAlertEndpoint,
  Alert,
  alertIncidentEndpoint,
  attachAlertEndpoint,
  listAlertsEndpoint,
  resolveAlertEndpoint,
} from "@/lib/alerts/contract";
import type { alertEscalationsEndpoint } from "@/lib/escalation/contract";
import { call } from "../api";
import { ALERT_PAGE, type AlertFilters } from "@/lib/alerts/rules";
import { incidentKeys } from "./incidents";
import { cursorPages } from "./paging";

export const alertKeys = {
  all: ["alerts"] as const,
  list: (f: AlertFilters) => [...alertKeys.all, "list", f] as const,
};

/** Pages of ALERT_PAGE, open first, with the totals of every page; refreshed every 15 s. */
export const alertsQuery = (f: AlertFilters) =>
  infiniteQueryOptions({
    queryKey: alertKeys.list(f),
    ...cursorPages,
    queryFn: ({ pageParam, signal }) =>
      call<typeof listAlertsEndpoint>("GET /api/v1/alerts", {
        query: { ...f, limit: ALERT_PAGE, cursor: pageParam ?? undefined },
        signal,
      }),
    refetchInterval: 15_000,
  });

export function useAlertAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: AlertAction) => alertAction(a),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: alertKeys.all });
      void qc.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
}

/** What can be done to an alert: acknowledge or close it, declare an incident from it, or attach it to one. */
export type AlertAction =
  { id: string; action: "ack" | "resolve" | "incident" } | { id: string; action: "attach"; incident: string };

function alertAction(a: AlertAction): Promise<{ alert: Alert; incident?: { id: string; ref: string } }> {
  const params = { id: a.id };
  switch (a.action) {
    case "ack":
      return call<typeof ackAlertEndpoint>("POST /api/v1/alerts/{id}/ack", { params });
    case "resolve":
      return call<typeof resolveAlertEndpoint>("POST /api/v1/alerts/{id}/resolve", { params });
    case "incident":
      return call<typeof alertIncidentEndpoint>("POST /api/v1/alerts/{id}/incident", { params, body: {} });
    case "attach":
      return call<typeof attachAlertEndpoint>("POST /api/v1/alerts/{id}/attach", {
        params,
        body: { incident_id: a.incident },
      });
  }
}

/** A page's escalation steps and policy (refetched while it fires). */
export const escalationsQuery = (id: string, firing: boolean) =>
  queryOptions({
    queryKey: [...alertKeys.all, "escalations", id, firing],
    queryFn: ({ signal }) =>
      call<typeof alertEscalationsEndpoint>("GET /api/v1/alerts/{id}/escalations", { params: { id }, signal }),
    refetchInterval: firing ? 15_000 : false,
  });
