// Cache contract for on call, per team: all → now(team) | shifts(team, window) | schedule(team), and the
// teams list (each team's on call now). An override or a save changes them all.
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
import type { createTeamEndpoint, listTeamsEndpoint } from "@/lib/teams/contract";
import { call, type BodyOf } from "../api";

export const oncallKeys = {
  all: ["oncall"] as const,
  now: (team: string) => [...oncallKeys.all, "now", team] as const,
  shifts: (team: string, from: string, to: string) => [...oncallKeys.all, "shifts", team, from, to] as const,
  schedule: (team: string) => [...oncallKeys.all, "schedule", team] as const,
  teams: () => [...oncallKeys.all, "teams"] as const,
  contact: () => ["me", "contact"] as const,
};

export const onCallQuery = (team: string) =>
  queryOptions({
    queryKey: oncallKeys.now(team),
    queryFn: ({ signal }) => call<typeof onCallEndpoint>("GET /api/v1/oncall", { query: { team }, signal }),
    refetchInterval: 60_000,
  });

export const shiftsQuery = (team: string, from: string, to: string) =>
  queryOptions({
    queryKey: oncallKeys.shifts(team, from, to),
    queryFn: ({ signal }) =>
      call<typeof shiftsEndpoint>("GET /api/v1/oncall/shifts", { query: { from, to, team }, signal }),
  });

/** Every team with who holds each layer of its rotation now. */
export const teamsQuery = () =>
  queryOptions({
    queryKey: oncallKeys.teams(),
    queryFn: ({ signal }) => call<typeof listTeamsEndpoint>("GET /api/v1/teams", { signal }),
    refetchInterval: 60_000,
  });

/** A new team (admins). */
export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof createTeamEndpoint>) =>
      call<typeof createTeamEndpoint>("POST /api/v1/teams", { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: oncallKeys.teams() }),
  });
}

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
      mutationFn: ({ id, team }: { id: string; team: string }) =>
        call<typeof cancelOverrideEndpoint>("DELETE /api/v1/oncall/overrides/{id}", {
          params: { id },
          query: { team },
        }),
      onSuccess: done,
    }),
  };
}

export const scheduleQuery = (team: string) =>
  queryOptions({
    queryKey: oncallKeys.schedule(team),
    queryFn: ({ signal }) =>
      call<typeof getScheduleEndpoint>("GET /api/v1/oncall/schedule", { query: { team }, signal }),
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
