// Cache contract for handoffs: all → list(filters) | one(id). Every action answers with the whole view,
// which replaces the cached one.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  ackHandoffEndpoint,
  createHandoffEndpoint,
  getHandoffEndpoint,
  HandoffView,
  listHandoffsEndpoint,
  pagingTestEndpoint,
  patchItemEndpoint,
  putSummaryEndpoint,
  submitHandoffEndpoint,
} from "@/lib/handoffs/contract";
import type { HandoffStatus } from "@/lib/vocabulary";
import { call, type BodyOf, type ResponseOf } from "../api";

export type HandoffRow = ResponseOf<typeof listHandoffsEndpoint>["handoffs"][number];

export interface HandoffFilters {
  status?: HandoffStatus;
  user?: string;
}

export const handoffKeys = {
  all: ["handoffs"] as const,
  list: (f: HandoffFilters) => [...handoffKeys.all, "list", f] as const,
  one: (id: string) => [...handoffKeys.all, "one", id] as const,
};

export const handoffsQuery = (f: HandoffFilters) =>
  queryOptions({
    queryKey: handoffKeys.list(f),
    queryFn: ({ signal }) =>
      call<typeof listHandoffsEndpoint>("GET /api/v1/handoffs", { query: { ...f, limit: 100 }, signal }),
    refetchInterval: 30_000,
  });

export const handoffQuery = (id: string) =>
  queryOptions({
    queryKey: handoffKeys.one(id),
    queryFn: ({ signal }) => call<typeof getHandoffEndpoint>("GET /api/v1/handoffs/{id}", { params: { id }, signal }),
    refetchInterval: 15_000,
  });

/** What can be done to a handoff: tick an item, write an incident's summary, submit, acknowledge, test paging. */
export type HandoffAction =
  | { kind: "item"; key: string; body: BodyOf<typeof patchItemEndpoint> }
  | { kind: "summary"; incidentId: string; body: BodyOf<typeof putSummaryEndpoint> }
  | { kind: "submit" | "ack" | "paging-test" };

function handoffAction(id: string, a: HandoffAction): Promise<HandoffView> {
  switch (a.kind) {
    case "item":
      return call<typeof patchItemEndpoint>("PATCH /api/v1/handoffs/{id}/items/{key}", {
        params: { id, key: a.key },
        body: a.body,
      });
    case "summary":
      return call<typeof putSummaryEndpoint>("PUT /api/v1/handoffs/{id}/incidents/{incidentId}", {
        params: { id, incidentId: a.incidentId },
        body: a.body,
      });
    case "submit":
      return call<typeof submitHandoffEndpoint>("POST /api/v1/handoffs/{id}/submit", { params: { id } });
    case "ack":
      return call<typeof ackHandoffEndpoint>("POST /api/v1/handoffs/{id}/ack", { params: { id } });
    case "paging-test":
      return call<typeof pagingTestEndpoint>("POST /api/v1/handoffs/{id}/paging-test", { params: { id } });
  }
}

/** One mutation for every handoff action; the answer is the new view. */
export function useHandoffAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: HandoffAction) => handoffAction(id, a),
    onSuccess: (view) => {
      qc.setQueryData(handoffKeys.one(id), view);
      void qc.invalidateQueries({ queryKey: [...handoffKeys.all, "list"] });
    },
  });
}

export function useStartHandoff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof createHandoffEndpoint>) =>
      call<typeof createHandoffEndpoint>("POST /api/v1/handoffs", { body }),
    onSuccess: (view) => {
      qc.setQueryData(handoffKeys.one(view.handoff.id), view);
      void qc.invalidateQueries({ queryKey: [...handoffKeys.all, "list"] });
    },
  });
}
