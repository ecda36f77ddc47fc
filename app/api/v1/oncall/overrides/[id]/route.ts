import { route, withApi } from "@/lib/api/handler";
import { cancelOverrideEndpoint } from "@/lib/oncall/contract";
import { cancelOverride } from "@/lib/oncall";

// DELETE /api/v1/oncall/overrides/{id} — cancel an override
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  DELETE: withApi(cancelOverrideEndpoint, ({ actor, params }) => cancelOverride(actor, params.id)),
});
