import { route, withApi } from "@/lib/api/handler";
import { getHandoffEndpoint } from "@/lib/handoffs/contract";
import { getHandoff } from "@/lib/handoffs/lifecycle";

// GET /api/v1/handoffs/:id — checklists, summaries, live context and the gate's findings
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getHandoffEndpoint, ({ params }) => getHandoff(params.id)),
});
