// Cache contract for on call: all → now | shifts(window). An override changes both.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { addOverrideEndpoint, getScheduleEndpoint, onCallEndpoint, putScheduleEndpoint, shiftsEndpoint } from "@/lib/oncall/contract";
import type { getContactEndpoint, putContactEndpoint } from "@/lib/escalation/contract";
import { api, queryString, type BodyOf, type ResponseOf } from "../api";

export const oncallKeys = {
  all: ["oncall"] as const,
  now: () => [...oncallKeys.all, "now"] as const,
  shifts: (from: string, to: string) => [...oncallKeys.all, "shifts", from, to] as const,
  schedule: () => [...oncallKeys.all, "schedule"] as const,
  contact: () => ["me", "contact"] as const,
};

export const onCallQuery = () =>
  queryOptions({ queryKey: oncallKeys.now(), queryFn: ({ signal }) => api<ResponseOf<typeof onCallEndpoint>>("/api/v1/oncall", { signal }), refetchInterval: 60_000 });

export const shiftsQuery = (from: string, to: string) =>
  queryOptions({ queryKey: oncallKeys.shifts(from, to), queryFn: ({ signal }) => api<ResponseOf<typeof shiftsEndpoint>>(`/api/v1/oncall/shifts${queryString({ from, to })}`, { signal }) });

export function useOverrides() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: oncallKeys.all });
  return {
    add: useMutation({ mutationFn: (b: BodyOf<typeof addOverrideEndpoint>) => api("/api/v1/oncall/overrides", { method: "POST", body: b }), onSuccess: done }),
    cancel: useMutation({ mutationFn: (id: string) => api(`/api/v1/oncall/overrides/${id}`, { method: "DELETE" }), onSuccess: done }),
  };
}

export const scheduleQuery = () =>
  queryOptions({ queryKey: oncallKeys.schedule(), queryFn: ({ signal }) => api<ResponseOf<typeof getScheduleEndpoint>>("/api/v1/oncall/schedule", { signal }) });

/** A new schedule version; who is on call follows at once. */
export function useSaveSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: BodyOf<typeof putScheduleEndpoint>) => api<ResponseOf<typeof putScheduleEndpoint>>("/api/v1/oncall/schedule", { method: "PUT", body: b }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: oncallKeys.all }),
  });
}

export const contactQuery = () => queryOptions({ queryKey: oncallKeys.contact(), queryFn: ({ signal }) => api<ResponseOf<typeof getContactEndpoint>>("/api/v1/me/contact", { signal }) });

export function useSaveContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: BodyOf<typeof putContactEndpoint>) => api<ResponseOf<typeof putContactEndpoint>>("/api/v1/me/contact", { method: "PUT", body: b }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: oncallKeys.contact() }),
  });
}
