import { route, withApi } from "@/lib/api/handler";
import { attachmentDisposition } from "@/lib/http/download";
import { exportHandoffEndpoint } from "@/lib/handoffs/contract";
import { exportHandoff } from "@/lib/handoffs/export";

// GET /api/v1/handoffs/:id/export — markdown
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(
    exportHandoffEndpoint,
    async ({ params }) =>
      new Response(await exportHandoff(params.id), {
        headers: {
          "content-type": "text/markdown; charset=utf-8",
          "content-disposition": attachmentDisposition(`handoff-${params.id}.md`),
        },
      }),
  ),
});
