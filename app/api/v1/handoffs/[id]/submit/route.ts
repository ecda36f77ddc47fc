import { route, withApi } from "@/lib/api/handler";
import { submitHandoffEndpoint } from "@/lib/handoffs/contract";
import { submitHandoff } from "@/lib/handoffs/lifecycle";

// POST /api/v1/handoffs/:id/submit
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(submitHandoffEndpoint, ({ actor, params }) => submitHandoff(actor, params.id)),
});
