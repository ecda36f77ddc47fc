import { route, withApi } from "@/lib/api/handler";
import { ackHandoffEndpoint } from "@/lib/handoffs/contract";
import { ackHandoff } from "@/lib/handoffs/lifecycle";

// POST /api/v1/handoffs/:id/ack
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(ackHandoffEndpoint, ({ actor, params }) => ackHandoff(actor, params.id)),
});
