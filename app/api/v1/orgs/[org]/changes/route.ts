import { route, withApi } from "@/lib/api/handler";
import { listOrgChangesEndpoint } from "@/lib/changes/contract";
import { listChanges } from "@/lib/changes";

// GET /api/v1/orgs/:org/changes — the changes that carry this org (its releases)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listOrgChangesEndpoint, ({ params, query }) => listChanges({ ...query, org: params.org })),
});
