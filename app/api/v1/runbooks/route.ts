import { route, withApi } from "@/lib/api/handler";
import { listRunbooksEndpoint } from "@/lib/runbooks/contract";
import { listRunbooks } from "@/lib/runbooks";

// GET /api/v1/runbooks — the runbooks and what each lacks of the standard
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listRunbooksEndpoint, async () => ({ runbooks: await listRunbooks() })),
});
