// Cache contract for the service catalog: all → current. A save changes it.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { getCatalogEndpoint, putCatalogEndpoint } from "@/lib/catalog/contract";
import { call, type BodyOf } from "../api";

export const catalogKeys = {
  all: ["catalog"] as const,
  current: () => [...catalogKeys.all, "current"] as const,
};

export const catalogQuery = () =>
  queryOptions({
    queryKey: catalogKeys.current(),
    queryFn: ({ signal }) => call<typeof getCatalogEndpoint>("GET /api/v1/catalog", { signal }),
  });

/** The whole catalog, saved as a new version (admins). */
export function useSaveCatalog() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof putCatalogEndpoint>) =>
      call<typeof putCatalogEndpoint>("PUT /api/v1/catalog", { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}
