// Cache contract for handoffs: all → list(filters) | one(id). Every action answers with the whole view,
// which replaces the cached one.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { HandoffView, listHandoffsEndpoint } from "@/lib/handoffs/contract";
import { api, queryString, type ResponseOf } from "../api";

export type HandoffRow = ResponseOf<typeof listHandoffsEndpoint>["handoffs"][number];

export const handoffKeys = {
  all: ["handoffs"] as const,
  list: (f: { status?: string; user?: string }) => [...handoffKeys.all, "list", f] as const,
  one: (id: string) => [...handoffKeys.all, "one", id] as const,
};

export const handoffsQuery = (f: { status?: string; user?: string }) =>
  queryOptions({ queryKey: handoffKeys.list(f), queryFn: ({ signal }) => api<ResponseOf<typeof listHandoffsEndpoint>>(`/api/v1/handoffs${queryString({ ...f, limit: 100 })}`, { signal }), refetchInterval: 30_000 });

export const handoffQuery = (id: string) =>
  queryOptions({ queryKey: handoffKeys.one(id), queryFn: ({ signal }) => api<HandoffView>(`/api/v1/handoffs/${id}`, { signal }), refetchInterval: 15_000 });

/** One mutation for every handoff action; the answer is the new view. */
export function useHandoffAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { method: "PATCH" | "PUT" | "POST"; path: string; body?: unknown }) => api<HandoffView>(`/api/v1/handoffs/${id}${a.path}`, { method: a.method, body: a.body }),
    onSuccess: (view) => {
      qc.setQueryData(handoffKeys.one(id), view);
      void qc.invalidateQueries({ queryKey: [...handoffKeys.all, "list"] });
    },
  });
}

export function useStartHandoff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { incoming_id: string; shift_start?: string; shift_end?: string }) => api<HandoffView>("/api/v1/handoffs", { method: "POST", body: b }),
    onSuccess: (view) => {
      qc.setQueryData(handoffKeys.one(view.handoff.id), view);
      void qc.invalidateQueries({ queryKey: [...handoffKeys.all, "list"] });
    },
  });
}
