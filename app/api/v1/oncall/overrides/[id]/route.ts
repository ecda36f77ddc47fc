import { route, withApi } from "@/lib/api/handler";
import { cancelOverrideEndpoint } from "@/lib/oncall/contract";
import { cancelOverride } from "@/lib/oncall";
import { resolveTeam } from "@/lib/teams";

// DELETE /api/v1/oncall/overrides/{id}?team= — cancel an override of a team's rotation
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  DELETE: withApi(cancelOverrideEndpoint, async ({ actor, params, query }) =>
    cancelOverride(actor, params.id, await resolveTeam(query.team, "query.team")),
  ),
});
