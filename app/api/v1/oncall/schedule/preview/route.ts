import { route, withApi } from "@/lib/api/handler";
import { previewScheduleEndpoint } from "@/lib/oncall/contract";
import { schedulePreview } from "@/lib/oncall";

// POST /api/v1/oncall/schedule/preview — what saving a schedule would do, before it is saved (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(previewScheduleEndpoint, ({ body }) => schedulePreview(body.layers)),
});
