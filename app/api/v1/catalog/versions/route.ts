import { route, withApi } from "@/lib/api/handler";
import { catalogVersionsEndpoint } from "@/lib/catalog/contract";
import { catalogVersions } from "@/lib/catalog";

// GET /api/v1/catalog/versions — every saved version of the service catalog
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(catalogVersionsEndpoint, () => catalogVersions()),
});
