import { route, withApi } from "@/lib/api/handler";
import { platformLokiPushEndpoint } from "@/lib/ingest/contract";
import { ingestLoki } from "@/lib/ingest";

// POST /api/v1/platform/loki/api/v1/push — Loki push from platform components
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(platformLokiPushEndpoint, ({ req, actor, rawBody }) => ingestLoki("platform", actor, req, rawBody)),
});
