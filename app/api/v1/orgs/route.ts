import { route, withApi } from "@/lib/api/handler";
import { listOrgsEndpoint } from "@/lib/orgs/contract";
import { visibleOrgs } from "@/lib/orgs";

// GET /api/v1/orgs — the orgs the caller may see
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listOrgsEndpoint, async ({ actor }) => ({ orgs: await visibleOrgs(actor), next_cursor: null })),
});
