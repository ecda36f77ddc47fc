import { route, withApi } from "@/lib/api/handler";
import { updateTeamEndpoint } from "@/lib/teams/contract";
import { updateTeam } from "@/lib/teams";

// PATCH /api/v1/teams/{id} — rename a team, or change its zone and working hours (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  PATCH: withApi(updateTeamEndpoint, ({ actor, params, body }) => updateTeam(actor, params.id, body)),
});
