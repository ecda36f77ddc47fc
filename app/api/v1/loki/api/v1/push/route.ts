import { route, withApi } from "@/lib/api/handler";
import { lokiPushEndpoint } from "@/lib/ingest/contract";
import { ingestLoki } from "@/lib/ingest";

// POST /api/v1/loki/api/v1/push — Loki push from tenant workloads
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(lokiPushEndpoint, ({ req, actor, rawBody }) => ingestLoki("tenant", actor, req, rawBody)),
});
