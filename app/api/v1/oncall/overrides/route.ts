import { route, withApi } from "@/lib/api/handler";
import { addOverrideEndpoint } from "@/lib/oncall/contract";
import { addOverride } from "@/lib/oncall";

// POST /api/v1/oncall/overrides — take a layer's shift, or part of it
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(addOverrideEndpoint, ({ actor, body }) => addOverride(actor, body)),
});
