import { route, withApi } from "@/lib/api/handler";
import { getCatalogEndpoint, putCatalogEndpoint } from "@/lib/catalog/contract";
import { getCatalog, saveCatalog } from "@/lib/catalog";

// GET/PUT /api/v1/catalog — the service catalog in force and its gaps / a new version (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getCatalogEndpoint, () => getCatalog()),
  PUT: withApi(putCatalogEndpoint, ({ actor, body }) => saveCatalog(actor, body)),
});
