// What the console says about each rule: the rules it lists (declarations, and the SLOs' burn rules),
// and a rule's status apart from its state.
import { SEVERITY_PRIORITY } from "@/lib/vocabulary";
import type { Labels } from "./query";
import { ALL_RULES, rulePanel } from "./alerting";
import type { AlertRuleDef } from "./alert-rule";
import { conditionExpr, type RuleFileOptions } from "./rule-file";
import { SLOS, type SloDefinition } from "./slo";

export type RuleStateName = "firing" | "pending" | "ok" | "no_data" | "error" | "not_loaded" | "not_applicable";

export interface RuleAlert {
  labels: Labels;
  state: "firing" | "pending";
  /** When the condition started to hold (as far as the console can tell). */
  active_since: string | null;
  value: number | null;
}

export interface RuleStatus {
  name: string;
  severity: string;
  priority: string | null;
  service: string;
  slo: string | null;
  summary: string;
  runbook_url: string;
  dashboard_url: string;
  for_s: number;
  expr: string;
  state: RuleStateName;
  alerts: RuleAlert[];
  /** Why the state is what it is when it is not ok: the error, or what had no data. */
  detail: string | null;
}

/** A minute, in milliseconds: the simulator's rules are evaluated minute by minute. */
export const MIN = 60_000;
/**
 * A rule as the console lists it: a declaration, and for per-SLO rules the SLO it is about. The SLO burn
 * rules are the SLOs' own (./slo), not declarations: they always have their SLO.
 */
export type Listed =
  | { rule: AlertRuleDef; slo?: SloDefinition; burn?: undefined }
  | { rule: AlertRuleDef; slo: SloDefinition; burn: "page" | "ticket" };

export function listed(): Listed[] {
  return [
    ...SLOS.flatMap((slo) =>
      (["page", "ticket"] as const).map((burn): Listed => ({ burn, slo, rule: burnRule(slo, burn) })),
    ),
    ...ALL_RULES.flatMap((rule): Listed[] =>
      rule.when.kind === "budget" ? SLOS.map((slo) => ({ rule, slo })) : [{ rule }],
    ),
  ];
}

/** The SLO burn alerts, in the shape of a declaration (for listing). */
function burnRule(slo: SloDefinition, burn: "page" | "ticket"): AlertRuleDef {
  return {
    name: "SLOErrorBudgetBurn",
    severity: burn === "page" ? "critical" : "medium",
    service: slo.service,
    forS: 0,
    when: { kind: "always" },
    summary: `${slo.name} is burning its error budget (${burn})`,
    impact: slo.description,
    scope: "Per region",
    firstSteps: [],
    runbook: slo.runbook,
    dashboard: slo.dashboard,
  };
}

const TARGET_DOWN_EXPR = "up == 0";

export function statusOf(l: Listed, options: RuleFileOptions): Omit<RuleStatus, "state" | "alerts" | "detail"> {
  const { rule, slo } = l;
  const dashboard = rule.when.kind === "panel" ? rulePanel(rule.when).dashboard : rule.dashboard;
  return {
    name: rule.name,
    severity: l.burn ?? rule.severity,
    priority: l.burn ? null : SEVERITY_PRIORITY[rule.severity],
    service: slo?.service ?? rule.service,
    slo: slo?.id ?? null,
    summary: rule.summary
      .replace(/\{\{ \$labels\.slo \}\}/g, slo?.id ?? "the SLO")
      .replace(/ in \{\{ \$labels\.region \}\}/g, "")
      .replace(/\{\{ \$labels\.\w+ \}\}/g, "…"),
    runbook_url: `/runbooks/${rule.runbook}`,
    dashboard_url: `/dashboards/${dashboard}`,
    for_s: rule.forS,
    expr: l.burn
      ? `SLO ${l.slo.id}: ${l.burn} burn (see the rule file)`
      : rule.when.kind === "target-down"
        ? TARGET_DOWN_EXPR
        : conditionExpr(rule, options, slo),
  };
}
