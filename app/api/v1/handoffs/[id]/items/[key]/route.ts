import { route, withApi } from "@/lib/api/handler";
import { patchItemEndpoint } from "@/lib/handoffs/contract";
import { updateItem } from "@/lib/handoffs/lifecycle";

// PATCH /api/v1/handoffs/:id/items/:key — tick an item, with a note
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  PATCH: withApi(patchItemEndpoint, ({ actor, params, body }) => updateItem(actor, params.id, params.key, body)),
});
