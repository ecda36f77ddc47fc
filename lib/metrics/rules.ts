// Prometheus alerting rules for the SLOs: the same multiwindow, multi-burn-rate table the console
// evaluates (./slo), compiled from the same typed queries. `scale` shrinks every window (60 turns 1h into
// 1m) for a test that cannot wait hours.
import { compile } from "./query";
import { ALERT_RULES, SLOS, WINDOW_SECONDS } from "./slo";

export function sloAlertRules(opts: { scale?: number; consoleUrl?: string } = {}) {
  const scale = opts.scale ?? 1;
  const base = (opts.consoleUrl ?? "").replace(/\/$/, "");
  const rules = SLOS.flatMap((slo) =>
    (["page", "ticket"] as const).map((severity) => {
      const budget = 1 - slo.objective;
      const pairs = ALERT_RULES.filter((r) => r.state === severity).map((r) => {
        const over = (w: keyof typeof WINDOW_SECONDS) => `(${compile(slo.errorRatio, { window: Math.max(1, WINDOW_SECONDS[w] / scale) })}) > ${Number((r.factor * budget).toPrecision(6))}`;
        return `((${over(r.long)}) and (${over(r.short)}))`;
      });
      return {
        alert: "SLOErrorBudgetBurn",
        expr: pairs.join(" or "),
        labels: { severity, slo: slo.id },
        annotations: {
          summary: `${slo.name} in {{ $labels.region }} is burning its error budget (${severity})`,
          description: `${slo.description} Objective ${(slo.objective * 100).toFixed(2)} % over ${slo.periodDays} days.`,
          runbook_url: `${base}/runbooks/${slo.runbook}`,
          dashboard_url: `${base}/dashboards/${slo.dashboard}?region={{ $labels.region }}`,
        },
      };
    }),
  );
  return { groups: [{ name: "ops-console-slo-burn", interval: `${Math.max(1, Math.round(60 / scale))}s`, rules }] };
}
