// Every rule's state now. With Prometheus, what Prometheus says (its rules API: firing, pending,
// inactive, or an evaluation error) — and a rule it has not loaded says so. With the simulator, the
// console evaluates the same declarations itself, minute by minute for `for`. A rule whose inputs return
// nothing is "no data", never "ok".
import "server-only";
import type { Labels } from "./query";
import { ALL_RULES } from "./alerting";
import type { RuleFileOptions } from "./rule-file";
import { isPrometheus, isSimulator, type MetricsSource } from "./sources";
import { metricsRegions } from "./known-regions";
import { MIN, type RuleAlert, type RuleStatus } from "./rule-status";
import { prometheusStates } from "./rule-state-prometheus";
import { simulatorStates } from "./rule-state-simulator";

declare global {
  /** The simulator's rule states for the current minute, shared by every bundle of this process. */
  var __opsConsoleRuleStates: { source: MetricsSource; key: string; value: Promise<RuleStatus[]> } | undefined;
}

/** Every rule's state now (the simulator's, computed once a minute per process). */
export async function ruleStates(source: MetricsSource, now = Date.now()): Promise<RuleStatus[]> {
  const options: RuleFileOptions = { regions: metricsRegions() };
  if (isPrometheus(source)) return prometheusStates(source, options);
  if (!isSimulator(source))
    throw new Error(
      `No rule states from a metrics source that is neither Prometheus nor the simulator (${source.name}).`,
    );
  const cacheKey = `${Math.floor(now / MIN)}|${options.regions.join(",")}`;
  let cached = globalThis.__opsConsoleRuleStates;
  if (cached?.key !== cacheKey || cached.source !== source)
    globalThis.__opsConsoleRuleStates = cached = {
      source,
      key: cacheKey,
      value: simulatorStates(source, now, options),
    };
  return cached.value;
}

/** The annotations and labels an alert of `rule` carries, as Prometheus would render them (the demo's intake). */
export function renderAlert(
  status: RuleStatus,
  alert: RuleAlert,
): { labels: Labels; annotations: Record<string, string> } {
  // One name may be one rule per service (ServiceMetricsMissing) or one rule for every SLO (the budget rules).
  const rule =
    ALL_RULES.find((r) => r.name === status.name && r.service === status.service) ??
    ALL_RULES.find((r) => r.name === status.name);
  const labels: Labels = {
    alertname: status.name,
    severity: status.severity,
    ...(status.priority ? { priority: status.priority } : {}),
    service: status.service,
    ...alert.labels,
  };
  const render = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? "");
  const annotations: Record<string, string> = rule
    ? {
        summary: render(rule.summary),
        description: rule.impact,
        scope: rule.scope,
        first_steps: rule.firstSteps.map((s, i) => `${i + 1}. ${s}`).join(" "),
        runbook_url: status.runbook_url,
        dashboard_url: `${status.dashboard_url}${labels.region ? `?region=${labels.region}` : ""}`,
      }
    : { summary: status.summary, runbook_url: status.runbook_url, dashboard_url: status.dashboard_url };
  return { labels, annotations };
}
