// Cache contract for API tokens: keys and query options side by side.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateTokenBody, createTokenEndpoint, listTokensEndpoint, revokeTokenEndpoint } from "@/lib/auth/contract";
import { api, type ResponseOf } from "../api";

export const tokenKeys = {
  all: ["tokens"] as const,
  list: () => [...tokenKeys.all, "list"] as const,
};

export const tokensQuery = () =>
  queryOptions({ queryKey: tokenKeys.list(), queryFn: ({ signal }) => api<ResponseOf<typeof listTokensEndpoint>>("/api/v1/tokens", { signal }) });

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => api<ResponseOf<typeof createTokenEndpoint>>("/api/v1/tokens", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ResponseOf<typeof revokeTokenEndpoint>>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
