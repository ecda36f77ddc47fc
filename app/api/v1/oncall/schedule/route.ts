import { route, withApi } from "@/lib/api/handler";
import { getScheduleEndpoint, putScheduleEndpoint } from "@/lib/oncall/contract";
import { getSchedule, replaceSchedule } from "@/lib/oncall";

// GET/PUT /api/v1/oncall/schedule — the schedule in force / a new version (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getScheduleEndpoint, () => getSchedule()),
  PUT: withApi(putScheduleEndpoint, ({ actor, body }) => replaceSchedule(actor, body)),
});
