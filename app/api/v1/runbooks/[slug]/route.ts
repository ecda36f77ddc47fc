import { route, withApi } from "@/lib/api/handler";
import { getRunbookEndpoint } from "@/lib/runbooks/contract";
import { getRunbook } from "@/lib/runbooks";

// GET /api/v1/runbooks/:slug — one runbook as Markdown
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getRunbookEndpoint, ({ params }) => getRunbook(params.slug)),
});
