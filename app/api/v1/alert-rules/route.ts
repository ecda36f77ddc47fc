import { route, withApi } from "@/lib/api/handler";
import { alertRulesEndpoint } from "@/lib/metrics/contract";
import { ruleFileYaml, ruleGroups } from "@/lib/metrics/rule-file";
import { metricsRegions } from "@/lib/metrics";
import { publicBaseUrl } from "@/lib/http/request-origin";

// GET /api/v1/alert-rules — the Prometheus rule file (YAML, or ?format=json)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(alertRulesEndpoint, ({ req, query }) => {
    const options = { scale: query.scale, consoleUrl: publicBaseUrl(req), regions: metricsRegions() };
    if (query.format === "json")
      return Response.json({ groups: ruleGroups(options) }, { headers: { "cache-control": "no-store" } });
    return new Response(ruleFileYaml(options), {
      headers: { "content-type": "application/yaml; charset=utf-8", "cache-control": "no-store" },
    });
  }),
});
