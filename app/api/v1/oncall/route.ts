import { route, withApi } from "@/lib/api/handler";
import { onCallEndpoint } from "@/lib/oncall/contract";
import { onCall } from "@/lib/oncall";
import { resolveTeam } from "@/lib/teams";

// GET /api/v1/oncall?at=&team= — who holds each layer of a team's rotation now, or at a time
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(onCallEndpoint, async ({ query }) =>
    onCall(query.at ? Date.parse(query.at) : undefined, await resolveTeam(query.team, "query.team")),
  ),
});
