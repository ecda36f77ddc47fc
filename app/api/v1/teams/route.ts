import { route, withApi } from "@/lib/api/handler";
import { createTeamEndpoint, listTeamsEndpoint } from "@/lib/teams/contract";
import { createTeam, listTeams } from "@/lib/teams";

// GET/POST /api/v1/teams — every team with who is on call now / add a team (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listTeamsEndpoint, () => listTeams()),
  POST: withApi(createTeamEndpoint, ({ actor, body }) => createTeam(actor, body)),
});
