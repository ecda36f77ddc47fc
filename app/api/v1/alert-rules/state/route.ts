import { route, withApi } from "@/lib/api/handler";
import { ruleStatesEndpoint } from "@/lib/metrics/contract";
import { listRuleStates } from "@/lib/metrics";

// GET /api/v1/alert-rules/state — every alerting rule with its state now
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(ruleStatesEndpoint, () => listRuleStates()),
});
