import { route, withApi } from "@/lib/api/handler";
import { meEndpoint } from "@/lib/auth/contract";
import { describeActor } from "@/lib/auth/me";

// GET /api/v1/me — who is calling
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(meEndpoint, ({ actor }) => describeActor(actor)),
});
