// Cache contract for postmortems: under the incident's detail key, so an incident change refreshes it too.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { createFollowUpEndpoint, updateFollowUpEndpoint } from "@/lib/incidents/contract";
import type {
  approvePostmortemEndpoint,
  correctPostmortemEndpoint,
  getPostmortemEndpoint,
  publishPostmortemEndpoint,
  savePostmortemEndpoint,
  submitPostmortemEndpoint,
} from "@/lib/postmortems/contract";
import { call, type BodyOf } from "../api";
import { incidentKeys } from "./incidents";

export const postmortemKeys = {
  detail: (id: string) => [...incidentKeys.detail(id), "postmortem"] as const,
};

export const postmortemQuery = (id: string) =>
  queryOptions({
    queryKey: postmortemKeys.detail(id),
    queryFn: ({ signal }) =>
      call<typeof getPostmortemEndpoint>("GET /api/v1/incidents/{id}/postmortem", { params: { id }, signal }),
    // In review, a reviewer's approval (from another browser) shows up without a reload.
    refetchInterval: (q) => (q.state.data?.postmortem?.status === "in_review" ? 20_000 : false),
  });

export function usePostmortemMutations(id: string) {
  const qc = useQueryClient();
  const params = { id };
  const refresh = () => qc.invalidateQueries({ queryKey: incidentKeys.detail(id) });
  return {
    save: useMutation({
      mutationFn: (body: BodyOf<typeof savePostmortemEndpoint>) =>
        call<typeof savePostmortemEndpoint>("PUT /api/v1/incidents/{id}/postmortem", { params, body }),
      onSuccess: (data) => {
        qc.setQueryData(postmortemKeys.detail(id), data);
        return refresh();
      },
    }),
    submit: useMutation({
      mutationFn: () =>
        call<typeof submitPostmortemEndpoint>("POST /api/v1/incidents/{id}/postmortem/submit", { params }),
      onSuccess: refresh,
    }),
    approve: useMutation({
      mutationFn: () =>
        call<typeof approvePostmortemEndpoint>("POST /api/v1/incidents/{id}/postmortem/approve", { params }),
      onSuccess: refresh,
    }),
    publish: useMutation({
      mutationFn: () =>
        call<typeof publishPostmortemEndpoint>("POST /api/v1/incidents/{id}/postmortem/publish", { params }),
      onSuccess: refresh,
    }),
    correct: useMutation({
      mutationFn: (body: BodyOf<typeof correctPostmortemEndpoint>) =>
        call<typeof correctPostmortemEndpoint>("POST /api/v1/incidents/{id}/postmortem/corrections", { params, body }),
      onSuccess: refresh,
    }),
    addItem: useMutation({
      mutationFn: (body: BodyOf<typeof createFollowUpEndpoint>) =>
        call<typeof createFollowUpEndpoint>("POST /api/v1/incidents/{id}/follow-ups", { params, body }),
      onSuccess: refresh,
    }),
    setItem: useMutation({
      mutationFn: ({ followUpId, ...body }: { followUpId: string } & BodyOf<typeof updateFollowUpEndpoint>) =>
        call<typeof updateFollowUpEndpoint>("PATCH /api/v1/incidents/{id}/follow-ups/{followUpId}", {
          params: { id, followUpId },
          body,
        }),
      onSuccess: refresh,
    }),
  };
}
