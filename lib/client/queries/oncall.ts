// Cache contract for on call: all → now | shifts(window). An override changes both.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  addOverrideEndpoint,
  cancelOverrideEndpoint,
  getScheduleEndpoint,
  onCallEndpoint,
  previewScheduleEndpoint,
  putScheduleEndpoint,
  shiftsEndpoint,
} from "@/lib/oncall/contract";
import type { getContactEndpoint, putContactEndpoint, testContactEndpoint } from "@/lib/escalation/contract";
import { call, type BodyOf } from "../api";

export const oncallKeys = {
  all: ["oncall"] as const,
  now: () => [...oncallKeys.all, "now"] as const,
  shifts: (from: string, to: string) => [...oncallKeys.all, "shifts", from, to] as const,
  schedule: () => [...oncallKeys.all, "schedule"] as const,
  contact: () => ["me", "contact"] as const,
};

export const onCallQuery = () =>
  queryOptions({
    queryKey: oncallKeys.now(),
    queryFn: ({ signal }) => call<typeof onCallEndpoint>("GET /api/v1/oncall", { signal }),
    refetchInterval: 60_000,
  });

export const shiftsQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: oncallKeys.shifts(from, to),
    queryFn: ({ signal }) => call<typeof shiftsEndpoint>("GET /api/v1/oncall/shifts", { query: { from, to }, signal }),
  });

export function useOverrides() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: oncallKeys.all });
  return {
    add: useMutation({
      mutationFn: (body: BodyOf<typeof addOverrideEndpoint>) =>
        call<typeof addOverrideEndpoint>("POST /api/v1/oncall/overrides", { body }),
      onSuccess: done,
    }),
    cancel: useMutation({
      mutationFn: (id: string) =>
        call<typeof cancelOverrideEndpoint>("DELETE /api/v1/oncall/overrides/{id}", { params: { id } }),
      onSuccess: done,
    }),
  };
}

export const scheduleQuery = () =>
  queryOptions({
    queryKey: oncallKeys.schedule(),
    queryFn: ({ signal }) => call<typeof getScheduleEndpoint>("GET /api/v1/oncall/schedule", { signal }),
  });

/** What saving a schedule would do: who is on call now and for two weeks, what changes, warnings. Saves nothing. */
export function usePreviewSchedule() {
  return useMutation({
    mutationFn: (body: BodyOf<typeof previewScheduleEndpoint>) =>
      call<typeof previewScheduleEndpoint>("POST /api/v1/oncall/schedule/preview", { body }),
  });
}

/** A new schedule version, in force from the save; the shifts before it stay as they were. */
export function useSaveSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof putScheduleEndpoint>) =>
      call<typeof putScheduleEndpoint>("PUT /api/v1/oncall/schedule", { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: oncallKeys.all }),
  });
}

export const contactQuery = () =>
  queryOptions({
    queryKey: oncallKeys.contact(),
    queryFn: ({ signal }) => call<typeof getContactEndpoint>("GET /api/v1/me/contact", { signal }),
  });

export function useSaveContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof putContactEndpoint>) =>
      call<typeof putContactEndpoint>("PUT /api/v1/me/contact", { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: oncallKeys.contact() }),
  });
}

/** A test notification to each channel the person has set; the answer says how each went. */
export function useTestContact() {
  return useMutation({
    mutationFn: () => call<typeof testContactEndpoint>("POST /api/v1/me/contact/test"),
  });
}
