// Every rule's state with Prometheus: what its rules API says (firing, pending, inactive, or an
// evaluation error), and a rule it has not loaded says so.
import "server-only";
import { z } from "zod";
import { rulePanel } from "./alerting";
import type { RuleFileOptions } from "./rule-file";
import { MetricsError, type PrometheusSource } from "./sources";
import { statusOf, listed, type RuleAlert, type RuleStateName, type RuleStatus } from "./rule-status";

/** A rule as Prometheus's rules API reports it. */
const promRule = z.object({
  name: z.string(),
  state: z.string().optional(),
  health: z.string().optional(),
  lastError: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  alerts: z
    .array(
      z.object({
        labels: z.record(z.string(), z.string()),
        state: z.enum(["firing", "pending"]),
        activeAt: z.string().optional(),
        value: z.string().optional(),
      }),
    )
    .optional(),
});
type PromRule = z.infer<typeof promRule>;
const rulesData = z.object({ groups: z.array(z.object({ rules: z.array(promRule) })) });

/** Every rule's state as Prometheus reports it (its rules API); a rule it has not loaded says so. */
export async function prometheusStates(prom: PrometheusSource, options: RuleFileOptions): Promise<RuleStatus[]> {
  let loaded: PromRule[];
  try {
    const data = await prom.get("rules", rulesData, { type: "alert" });
    loaded = data.groups.flatMap((g) => g.rules);
  } catch (err) {
    if (!(err instanceof MetricsError)) throw err;
    return listed().map((l) => ({ ...statusOf(l, options), state: "error", alerts: [], detail: err.message }));
  }
  const out: RuleStatus[] = [];
  for (const l of listed()) {
    const base = statusOf(l, options);
    const match = loaded.find(
      (r) =>
        r.name === base.name &&
        (!r.labels?.service || r.labels.service === base.service) &&
        (!base.slo || r.labels?.slo === base.slo) &&
        (!l.burn || r.labels?.severity === l.burn),
    );
    if (!match) {
      out.push({
        ...base,
        state: "not_loaded",
        alerts: [],
        detail: "Prometheus has not loaded this rule: load GET /api/v1/alert-rules into its rule_files",
      });
      continue;
    }
    if (match.health === "err") {
      out.push({ ...base, state: "error", alerts: [], detail: match.lastError ?? "evaluation failed" });
      continue;
    }
    const alerts = (match.alerts ?? []).map((a): RuleAlert => {
      const { alertname: _n, severity: _s, priority: _p, service: _v, ...labels } = a.labels;
      return {
        labels,
        state: a.state,
        active_since: a.activeAt ?? null,
        value: a.value === undefined ? null : Number(a.value),
      };
    });
    let state: RuleStateName = match.state === "firing" ? "firing" : match.state === "pending" ? "pending" : "ok";
    let detail: string | null = null;
    // An inactive rule over a panel that returns nothing does not know: no data.
    if (state === "ok" && l.rule.when.kind === "panel") {
      const { panel } = rulePanel(l.rule.when);
      const samples = await prom.instant(panel.query, { window: 300 }, Date.now()).catch(() => null);
      if (samples && !samples.length) {
        state = "no_data";
        detail = `${panel.title} has no data`;
      }
    }
    out.push({ ...base, state, alerts, detail });
  }
  return out;
}
