import { route, withApi } from "@/lib/api/handler";
import { deployFreezeEndpoint } from "@/lib/incidents/contract";
import { deployFreeze } from "@/lib/incidents/freeze";

// GET /api/v1/deploy-freeze — for deploy pipelines
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(deployFreezeEndpoint, ({ query }) => deployFreeze(query)),
});
