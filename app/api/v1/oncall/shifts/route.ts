import { route, withApi } from "@/lib/api/handler";
import { shiftsEndpoint } from "@/lib/oncall/contract";
import { shifts } from "@/lib/oncall";

// GET /api/v1/oncall/shifts?from=&to= — every layer's shifts in a window
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(shiftsEndpoint, ({ query }) => shifts(query.from, query.to)),
});
