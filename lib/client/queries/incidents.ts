// Cache contract for incidents: all → list(filters) → detail(id) → timeline(id) / follow-ups(id).
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { AppendEntryBody, DeclareIncidentBody, Incident, TimelineEntry, UpdateIncidentBody } from "@/lib/incidents/contract";
import { api, queryString } from "../api";

export const incidentKeys = {
  all: ["incidents"] as const,
  list: (f: { status?: string; severity?: string }) => [...incidentKeys.all, "list", f] as const,
  detail: (id: string) => [...incidentKeys.all, "detail", id] as const,
  timeline: (id: string) => [...incidentKeys.detail(id), "timeline"] as const,
  followUps: (id: string) => [...incidentKeys.detail(id), "follow-ups"] as const,
};

export interface FollowUp {
  id: string;
  title: string;
  owner_id: string | null;
  due: string | null;
  ticket_url: string | null;
  status: "open" | "done";
}

export const incidentsQuery = (f: { status?: string; severity?: string }) =>
  queryOptions({
    queryKey: incidentKeys.list(f),
    queryFn: ({ signal }) => api<{ incidents: Incident[] }>(`/api/v1/incidents${queryString({ ...f, limit: 200 })}`, { signal }),
    refetchInterval: 30_000,
  });

export const incidentQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.detail(id), queryFn: ({ signal }) => api<{ incident: Incident }>(`/api/v1/incidents/${id}`, { signal }) });

export const timelineQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => api<{ entries: TimelineEntry[] }>(`/api/v1/incidents/${id}/timeline`, { signal }) });

export const followUpsQuery = (id: string) =>
  queryOptions({ queryKey: incidentKeys.followUps(id), queryFn: ({ signal }) => api<{ follow_ups: FollowUp[] }>(`/api/v1/incidents/${id}/follow-ups`, { signal }) });

export function useIncidentMutations(id: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: incidentKeys.detail(id) });
  return {
    update: useMutation({ mutationFn: (b: UpdateIncidentBody) => api<{ incident: Incident }>(`/api/v1/incidents/${id}`, { method: "PATCH", body: b }), onSuccess: refresh }),
    append: useMutation({ mutationFn: (b: AppendEntryBody) => api<{ entry: TimelineEntry }>(`/api/v1/incidents/${id}/timeline`, { method: "POST", body: b }), onSuccess: refresh }),
    takeover: useMutation({
      mutationFn: (b: { known: string; ruled_out: string; last_customer_update: string }) => api<{ incident: Incident }>(`/api/v1/incidents/${id}/takeover`, { method: "POST", body: b }),
      onSuccess: refresh,
    }),
    addFollowUp: useMutation({ mutationFn: (b: { title: string; owner_id?: string | null; due?: string | null }) => api(`/api/v1/incidents/${id}/follow-ups`, { method: "POST", body: b }), onSuccess: refresh }),
    setFollowUp: useMutation({ mutationFn: (b: { id: string; status: "open" | "done" }) => api(`/api/v1/incidents/${id}/follow-ups/${b.id}`, { method: "PATCH", body: { status: b.status } }), onSuccess: refresh }),
  };
}

export function useDeclareIncident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: DeclareIncidentBody) => api<{ incident: Incident }>("/api/v1/incidents", { method: "POST", body: b }),
    onSuccess: () => qc.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}
