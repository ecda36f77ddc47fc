import { route, withApi } from "@/lib/api/handler";
import { describeOrgEnvEndpoint } from "@/lib/events/contract";
import { envDescription } from "@/lib/events/api";

// GET /api/v1/orgs/:org/describe/env/:app/:env — is it serving? This env's state, as its tenant sees it
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(describeOrgEnvEndpoint, (ctx) => envDescription(ctx, ctx.params, "tenant")),
});
