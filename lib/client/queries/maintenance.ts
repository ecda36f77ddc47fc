// Cache contract for maintenance windows: all → list(state). Scheduling or cancelling one changes every list.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  cancelMaintenanceEndpoint,
  createMaintenanceEndpoint,
  listMaintenanceEndpoint,
  Maintenance,
} from "@/lib/maintenance/contract";
import { call, type BodyOf } from "../api";

export const maintenanceKeys = {
  all: ["maintenance"] as const,
  list: (state: Maintenance["state"]) => [...maintenanceKeys.all, "list", state] as const,
};

/** Windows in one state (upcoming soonest first, past latest first); refreshed every minute. */
export const maintenanceQuery = (state: Maintenance["state"]) =>
  queryOptions({
    queryKey: maintenanceKeys.list(state),
    queryFn: ({ signal }) =>
      call<typeof listMaintenanceEndpoint>("GET /api/v1/maintenance", { query: { state, limit: 100 }, signal }),
    refetchInterval: 60_000,
  });

export function useMaintenanceActions() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: maintenanceKeys.all });
  return {
    create: useMutation({
      mutationFn: (body: BodyOf<typeof createMaintenanceEndpoint>) =>
        call<typeof createMaintenanceEndpoint>("POST /api/v1/maintenance", { body }),
      onSuccess: done,
    }),
    cancel: useMutation({
      mutationFn: (id: string) =>
        call<typeof cancelMaintenanceEndpoint>("POST /api/v1/maintenance/{id}/cancel", { params: { id } }),
      onSuccess: done,
    }),
  };
}
