// Cache contract for API tokens: keys and query options side by side.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  CreateTokenBody,
  createTokenEndpoint,
  listTokensEndpoint,
  revokeTokenEndpoint,
} from "@/lib/auth/contract";
import { call } from "../api";

export const tokenKeys = {
  all: ["tokens"] as const,
  list: () => [...tokenKeys.all, "list"] as const,
};

export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => call<typeof listTokensEndpoint>("GET /api/v1/tokens", { signal }),
  });

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => call<typeof createTokenEndpoint>("POST /api/v1/tokens", { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call<typeof revokeTokenEndpoint>("DELETE /api/v1/tokens/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
