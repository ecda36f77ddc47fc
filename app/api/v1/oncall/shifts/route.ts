import { route, withApi } from "@/lib/api/handler";
import { shiftsEndpoint } from "@/lib/oncall/contract";
import { shifts } from "@/lib/oncall";
import { resolveTeam } from "@/lib/teams";

// GET /api/v1/oncall/shifts?from=&to=&team= — every layer's shifts of a team's rotation in a window
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(shiftsEndpoint, async ({ query }) =>
    shifts(query.from, query.to, await resolveTeam(query.team, "query.team")),
  ),
});
