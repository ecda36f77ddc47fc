import { route, withApi } from "@/lib/api/handler";
import { listSlosEndpoint } from "@/lib/metrics/contract";
import { listSlos } from "@/lib/metrics/slo-report";

// GET /api/v1/slos?region=&history=
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listSlosEndpoint, ({ query }) => listSlos(query)),
});
