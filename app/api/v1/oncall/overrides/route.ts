import { route, withApi } from "@/lib/api/handler";
import { addOverrideEndpoint } from "@/lib/oncall/contract";
import { addOverride } from "@/lib/oncall";
import { resolveTeam } from "@/lib/teams";

// POST /api/v1/oncall/overrides — take a layer's shift of a team's rotation, or part of it
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(addOverrideEndpoint, async ({ actor, body }) =>
    addOverride(actor, body, await resolveTeam(body.team, "body.team")),
  ),
});
