// Cache contract for incidents: all → list(filters) → detail(id) → timeline(id) / follow-ups(id).
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  AppendEntryBody,
  appendEntryEndpoint,
  DeclareIncidentBody,
  declareIncidentEndpoint,
  FollowUp,
  getIncidentEndpoint,
  listFollowUpsEndpoint,
  listIncidentsEndpoint,
  listTimelineEndpoint,
  takeoverEndpoint,
  UpdateIncidentBody,
  updateIncidentEndpoint,
} from "@/lib/incidents/contract";
import { api, queryString, type BodyOf, type ResponseOf } from "../api";

export type { FollowUp };

export const incidentKeys = {
  all: ["incidents"] as const,
  list: (f: { status?: string; severity?: string }) => [...incidentKeys.all, "list", f] as const,
  detail: (id: string) => [...incidentKeys.all, "detail", id] as const,
  timeline: (id: string) => [...incidentKeys.detail(id), "timeline"] as const,
  followUps: (id: string) => [...incidentKeys.detail(id), "follow-ups"] as const,
};

export const incidentsQuery = (f: { status?: string; severity?: string }) =>
  queryOptions({
    queryKey: incidentKeys.list(f),
    queryFn: ({ signal }) => api<ResponseOf<typeof listIncidentsEndpoint>>(`/api/v1/incidents${queryString({ ...f, limit: 200 })}`, { signal }),
    refetchInterval: 30_000,
  });

export const incidentQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.detail(id), queryFn: ({ signal }) => api<ResponseOf<typeof getIncidentEndpoint>>(`/api/v1/incidents/${id}`, { signal }) });

export const timelineQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => api<ResponseOf<typeof listTimelineEndpoint>>(`/api/v1/incidents/${id}/timeline`, { signal }) });

export const followUpsQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.followUps(id), queryFn: ({ signal }) => api<ResponseOf<typeof listFollowUpsEndpoint>>(`/api/v1/incidents/${id}/follow-ups`, { signal }) });

export function useIncidentMutations(id: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: incidentKeys.detail(id) });
  return {
    update: useMutation({ mutationFn: (b: UpdateIncidentBody) => api<ResponseOf<typeof updateIncidentEndpoint>>(`/api/v1/incidents/${id}`, { method: "PATCH", body: b }), onSuccess: refresh }),
    append: useMutation({ mutationFn: (b: AppendEntryBody) => api<ResponseOf<typeof appendEntryEndpoint>>(`/api/v1/incidents/${id}/timeline`, { method: "POST", body: b }), onSuccess: refresh }),
    takeover: useMutation({
      mutationFn: (b: BodyOf<typeof takeoverEndpoint>) => api<ResponseOf<typeof takeoverEndpoint>>(`/api/v1/incidents/${id}/takeover`, { method: "POST", body: b }),
      onSuccess: refresh,
    }),
    addFollowUp: useMutation({ mutationFn: (b: { title: string; owner_id?: string | null; due?: string | null }) => api(`/api/v1/incidents/${id}/follow-ups`, { method: "POST", body: b }), onSuccess: refresh }),
    setFollowUp: useMutation({ mutationFn: (b: { id: string; status: "open" | "done" }) => api(`/api/v1/incidents/${id}/follow-ups/${b.id}`, { method: "PATCH", body: { status: b.status } }), onSuccess: refresh }),
  };
}

export function useDeclareIncident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: DeclareIncidentBody) => api<ResponseOf<typeof declareIncidentEndpoint>>("/api/v1/incidents", { method: "POST", body: b }),
    onSuccess: () => qc.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}
