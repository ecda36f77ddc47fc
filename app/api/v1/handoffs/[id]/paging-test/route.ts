import { route, withApi } from "@/lib/api/handler";
import { pagingTestEndpoint } from "@/lib/handoffs/contract";
import { pagingTest } from "@/lib/handoffs/lifecycle";

// POST /api/v1/handoffs/:id/paging-test
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(pagingTestEndpoint, ({ actor, params }) => pagingTest(actor, params.id)),
});
