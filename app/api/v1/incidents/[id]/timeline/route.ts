import { route, withApi } from "@/lib/api/handler";
import { appendEntryEndpoint, listTimelineEndpoint } from "@/lib/incidents/contract";
import { appendEntry, listTimeline } from "@/lib/incidents/timeline";

// Append-only: no route edits or deletes an entry (PUT, PATCH and DELETE answer 405).
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/incidents/:id/timeline — entries in occurred order
  GET: withApi(listTimelineEndpoint, ({ params }) => listTimeline(params.id)),
  // POST /api/v1/incidents/:id/timeline — append an entry
  POST: withApi(appendEntryEndpoint, ({ actor, params, body }) => appendEntry(actor, params.id, body)),
});
