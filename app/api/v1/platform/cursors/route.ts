import { route, withApi } from "@/lib/api/handler";
import { cursorsEndpoint } from "@/lib/events/contract";
import { listCursors } from "@/lib/events/read";

// GET /api/v1/platform/cursors — every consumer of the event stream against the head
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(cursorsEndpoint, () => listCursors()),
});
