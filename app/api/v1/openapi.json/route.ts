import { route, withApi } from "@/lib/api/handler";
import { openapiEndpoint } from "@/lib/api/system-contract";
import { openApiDocument } from "@/lib/api/openapi";

// GET /api/v1/openapi.json — this API as OpenAPI 3.1
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(openapiEndpoint, ({ req }) => openApiDocument(new URL(req.url).origin)),
});
