import { route, withApi } from "@/lib/api/handler";
import { onCallEndpoint } from "@/lib/oncall/contract";
import { onCall } from "@/lib/oncall";

// GET /api/v1/oncall?at= — who holds each layer now, or at a time
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(onCallEndpoint, ({ query }) => onCall(query.at ? Date.parse(query.at) : undefined)),
});
