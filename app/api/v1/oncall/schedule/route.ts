import { route, withApi } from "@/lib/api/handler";
import { getScheduleEndpoint, putScheduleEndpoint } from "@/lib/oncall/contract";
import { getSchedule, replaceSchedule } from "@/lib/oncall";
import { resolveTeam } from "@/lib/teams";

// GET/PUT /api/v1/oncall/schedule — a team's schedule in force / a new version of it (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getScheduleEndpoint, async ({ query }) => getSchedule(await resolveTeam(query.team, "query.team"))),
  PUT: withApi(putScheduleEndpoint, async ({ actor, body }) =>
    replaceSchedule(actor, body, await resolveTeam(body.team, "body.team")),
  ),
});
