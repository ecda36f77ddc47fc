import { PUBLIC_CACHE, route, withApi } from "@/lib/api/handler";
import { statusFeedEndpoint } from "@/lib/status/contract";
import { publicStatus, statusAtom } from "@/lib/status";
import { publicBaseUrl } from "@/lib/http/request-origin";

// GET /api/v1/status/feed — the public status as Atom (no sign-in)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(
    statusFeedEndpoint,
    async ({ req }) =>
      new Response(statusAtom(await publicStatus(), publicBaseUrl(req)), {
        headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": PUBLIC_CACHE },
      }),
  ),
});
