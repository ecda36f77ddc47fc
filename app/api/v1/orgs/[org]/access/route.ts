import { route, withApi } from "@/lib/api/handler";
import { endLogAccessEndpoint, getLogAccessEndpoint, grantLogAccessEndpoint } from "@/lib/logs/contract";
import { currentAccess, endAccess, grantAccess, isMember } from "@/lib/kinds/access";

// GET/POST/DELETE /api/v1/orgs/:org/access — an operator's stated reason for reading this org's logs
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getLogAccessEndpoint, async ({ actor, params }) => ({
    access: await currentAccess(actor, params.org),
    member: isMember(actor, params.org),
  })),
  POST: withApi(grantLogAccessEndpoint, ({ actor, params, body }) => grantAccess(actor, params.org, body.reason)),
  DELETE: withApi(endLogAccessEndpoint, ({ actor, params }) => endAccess(actor, params.org)),
});
