// Cache contract for incidents: all → list(filters) → detail(id) → timeline(id) / follow-ups(id).
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  AppendEntryBody,
  appendEntryEndpoint,
  createFollowUpEndpoint,
  DeclareIncidentBody,
  declareIncidentEndpoint,
  FollowUp,
  getIncidentEndpoint,
  listFollowUpsEndpoint,
  listIncidentsEndpoint,
  listTimelineEndpoint,
  takeoverEndpoint,
  TimelineEntry,
  UpdateIncidentBody,
  updateFollowUpEndpoint,
  updateIncidentEndpoint,
} from "@/lib/incidents/contract";
import { call, type BodyOf } from "../api";
import { statusKeys } from "./status";

export type { FollowUp };

export const incidentKeys = {
  all: ["incidents"] as const,
  list: (f: { status?: string; severity?: string }) => [...incidentKeys.all, "list", f] as const,
  detail: (id: string) => [...incidentKeys.all, "detail", id] as const,
  timeline: (id: string) => [...incidentKeys.detail(id), "timeline"] as const,
  /** Entries the live stream delivered before the timeline had loaded (merged into it when it does). */
  streamed: (id: string) => ["incidents", "streamed", id] as const,
  followUps: (id: string) => [...incidentKeys.detail(id), "follow-ups"] as const,
};

export const incidentsQuery = (f: { status?: string; severity?: string }) =>
  queryOptions({
    queryKey: incidentKeys.list(f),
    queryFn: ({ signal }) =>
      call<typeof listIncidentsEndpoint>("GET /api/v1/incidents", { query: { ...f, limit: 200 }, signal }),
    refetchInterval: 30_000,
  });

export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: incidentKeys.detail(id),
    queryFn: ({ signal }) => call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { id }, signal }),
  });

type Timeline = { entries: TimelineEntry[] };

/**
 * One timeline from several reads of it: the union by id (entries are append-only, so none a read has
 * seen can be gone), each correction marked on what it corrects, in the order the page shows.
 */
export function mergeTimeline(...parts: (TimelineEntry[] | undefined)[]): Timeline {
  const byId = new Map<string, TimelineEntry>();
  for (const part of parts) for (const e of part ?? []) if (!byId.has(e.id)) byId.set(e.id, e);
  const correctedBy = new Map<string, string[]>();
  for (const e of byId.values())
    if (e.corrects) correctedBy.set(e.corrects, [...(correctedBy.get(e.corrects) ?? []), e.id]);
  const entries = [...byId.values()]
    .map((e) => ({ ...e, corrected_by: correctedBy.get(e.id)?.sort((a, b) => Number(a) - Number(b)) ?? [] }))
    .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || Number(a.id) - Number(b.id));
  return { entries };
}

export const timelineQuery = (id: string) =>
  queryOptions({
    queryKey: incidentKeys.timeline(id),
    // A refetch never loses what the live stream delivered while it was in flight.
    queryFn: async ({ signal, client }) => {
      const read = await call<typeof listTimelineEndpoint>("GET /api/v1/incidents/{id}/timeline", {
        params: { id },
        signal,
      });
      return mergeTimeline(
        read.entries,
        client.getQueryData<Timeline>(incidentKeys.timeline(id))?.entries,
        client.getQueryData<TimelineEntry[]>(incidentKeys.streamed(id)),
      );
    },
  });

export const followUpsQuery = (id: string) =>
  queryOptions({
    queryKey: incidentKeys.followUps(id),
    queryFn: ({ signal }) =>
      call<typeof listFollowUpsEndpoint>("GET /api/v1/incidents/{id}/follow-ups", { params: { id }, signal }),
  });

export function useIncidentMutations(id: string) {
  const qc = useQueryClient();
  // A change or an entry may move what /status shows of the incident: its page reads that too.
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: incidentKeys.detail(id) }),
      qc.invalidateQueries({ queryKey: statusKeys.all }),
    ]);
  const params = { id };
  return {
    update: useMutation({
      mutationFn: (body: UpdateIncidentBody) =>
        call<typeof updateIncidentEndpoint>("PATCH /api/v1/incidents/{id}", { params, body }),
      onSuccess: refresh,
    }),
    append: useMutation({
      mutationFn: (body: AppendEntryBody) =>
        call<typeof appendEntryEndpoint>("POST /api/v1/incidents/{id}/timeline", { params, body }),
      onSuccess: refresh,
    }),
    takeover: useMutation({
      mutationFn: (body: BodyOf<typeof takeoverEndpoint>) =>
        call<typeof takeoverEndpoint>("POST /api/v1/incidents/{id}/takeover", { params, body }),
      onSuccess: refresh,
    }),
    addFollowUp: useMutation({
      mutationFn: (body: BodyOf<typeof createFollowUpEndpoint>) =>
        call<typeof createFollowUpEndpoint>("POST /api/v1/incidents/{id}/follow-ups", { params, body }),
      onSuccess: refresh,
    }),
    setFollowUp: useMutation({
      mutationFn: (b: { id: string; status: "open" | "done" }) =>
        call<typeof updateFollowUpEndpoint>("PATCH /api/v1/incidents/{id}/follow-ups/{followUpId}", {
          params: { id, followUpId: b.id },
          body: { status: b.status },
        }),
      onSuccess: refresh,
    }),
  };
}

export function useDeclareIncident() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeclareIncidentBody) => call<typeof declareIncidentEndpoint>("POST /api/v1/incidents", { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}
