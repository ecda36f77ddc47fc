import { route, withApi } from "@/lib/api/handler";
import { previewScheduleEndpoint } from "@/lib/oncall/contract";
import { schedulePreview } from "@/lib/oncall";
import { resolveTeam } from "@/lib/teams";

// POST /api/v1/oncall/schedule/preview — what saving a team's schedule would do, before it is saved (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(previewScheduleEndpoint, async ({ body }) =>
    schedulePreview(body.layers, undefined, await resolveTeam(body.team, "body.team")),
  ),
});
