// The Prometheus rule file, compiled from the declarations in ./alerting and the SLOs in ./slo: recording
// rules for each SLO's error ratio over every burn window and its budget left (as the observability guide
// shows), the SLO burn-rate alerts on those, and every alerting rule. `scale` shrinks every window and
// `for` (60 turns 1h into 1m) for a test that cannot wait hours. Browser-safe.
import { SEVERITY_PRIORITY } from "@/lib/vocabulary";
import { compile, duration } from "./query";
import { BURN_RULES, BURN_WINDOWS, SLOS, WINDOW_SECONDS, type BurnWindow } from "./slo";
import { SERVICE_SIGNALS } from "./signals";
import { BUDGET_RULE_DEFS, rulePanel, SILENT_RULE_DEFS, TARGET_DOWN_RULE, WATCHDOG_RULE } from "./alerting";
import { ALERT_RULE_DEFS } from "./baseline-rules";
import type { AlertRuleDef } from "./alert-rule";

export interface RuleFileOptions {
  scale?: number;
  /** The console's public URL: runbook and dashboard links point there. */
  consoleUrl?: string;
  /** The regions the absent-signal rules watch. */
  regions: readonly string[];
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}
export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval: string;
  rules: (RecordingRule | AlertingRule)[];
}

/** The recorded error ratio of every SLO over `window`, e.g. slo:sli_error:ratio_rate1h. */
export const errorRatioRecord = (window: BurnWindow | "30d") => `slo:sli_error:ratio_rate${window}`;
export const BUDGET_RECORD = "slo:error_budget_remaining:ratio";
const PERIOD = "30d";

const num = (v: number) => String(Number(v.toPrecision(6)));

/** The PromQL of one rule's condition (before `for`). */
export function conditionExpr(r: AlertRuleDef, o: RuleFileOptions, slo?: (typeof SLOS)[number]): string {
  const scale = o.scale ?? 1;
  const w = (s: number) => Math.max(1, s / scale);
  const c = r.when;
  switch (c.kind) {
    case "panel": {
      const { panel } = rulePanel(c);
      const t = panel.thresholds;
      const line = c.level === "critical" ? t.critical : t.warn;
      const q = compile(panel.query, { window: w(300) });
      const above = t.direction === "above";
      const expr = c.by ? `${above ? "max" : "min"} by (${c.by.join(", ")}) (${q})` : q;
      return `${expr} ${above ? ">" : "<"} ${num(line)}`;
    }
    case "drop": {
      const now = compile(c.query, { window: w(600) });
      const before = compile(c.query, { window: w(600), offset: w(c.offsetS) });
      return `(${now}) < ${num(c.fraction)} * (${before})`;
    }
    case "silent": {
      const key = SERVICE_SIGNALS[c.service].key;
      return o.regions
        .map((region) => `absent_over_time(${key}{region=${JSON.stringify(region)}}[${duration(w(c.gapS))}])`)
        .join(" or ");
    }
    case "target-down":
      return "up == 0";
    case "budget":
      if (!slo)
        throw new Error(`${r.name} is a budget rule: its condition is written for one SLO, and none was given.`);
      return `${BUDGET_RECORD}{slo=${JSON.stringify(slo.id)}} ${c.below ? "<" : "<="} ${num(c.atMost)}`;
    case "always":
      return "vector(1)";
  }
}

function alerting(
  r: AlertRuleDef,
  o: RuleFileOptions,
  extra: { labels?: Record<string, string>; slo?: (typeof SLOS)[number] } = {},
): AlertingRule {
  const base = (o.consoleUrl ?? "").replace(/\/$/, "");
  const scale = o.scale ?? 1;
  const dashboard = r.when.kind === "panel" ? rulePanel(r.when).dashboard : r.dashboard;
  const forS = Math.round(r.forS / scale);
  return {
    alert: r.name,
    expr: conditionExpr(r, o, extra.slo),
    ...(forS > 0 ? { for: duration(forS) } : {}),
    labels: {
      severity: r.severity,
      priority: SEVERITY_PRIORITY[r.severity],
      service: extra.slo?.service ?? r.service,
      ...extra.labels,
    },
    annotations: {
      summary: r.summary,
      description: r.impact,
      scope: r.scope,
      first_steps: r.firstSteps.map((s, i) => `${i + 1}. ${s}`).join(" "),
      runbook_url: `${base}/runbooks/${r.runbook}`,
      dashboard_url: `${base}/dashboards/${dashboard}${r.when.kind === "always" || r.when.kind === "target-down" ? "" : "?region={{ $labels.region }}"}`,
    },
  };
}

/** Every rule group. */
export function ruleGroups(o: RuleFileOptions): RuleGroup[] {
  const scale = o.scale ?? 1;
  const interval = `${Math.max(1, Math.round(60 / scale))}s`;
  const base = (o.consoleUrl ?? "").replace(/\/$/, "");
  const windows: (BurnWindow | typeof PERIOD)[] = [...BURN_WINDOWS, PERIOD];
  const recording: RecordingRule[] = SLOS.flatMap((slo) => [
    ...windows.map((win) => ({
      record: errorRatioRecord(win),
      expr: compile(slo.errorRatio, {
        window: Math.max(1, (win === PERIOD ? slo.periodDays * 86_400 : WINDOW_SECONDS[win]) / scale),
      }),
      labels: { slo: slo.id },
    })),
    {
      record: BUDGET_RECORD,
      expr: `1 - (${errorRatioRecord(PERIOD)}{slo=${JSON.stringify(slo.id)}} / ${num(1 - slo.objective)})`,
      labels: { slo: slo.id },
    },
  ]);
  const burn: AlertingRule[] = SLOS.flatMap((slo) =>
    (["page", "ticket"] as const).map((state) => {
      const budget = 1 - slo.objective;
      const over = (win: BurnWindow, factor: number) =>
        `${errorRatioRecord(win)}{slo=${JSON.stringify(slo.id)}} > ${num(factor * budget)}`;
      const pairs = BURN_RULES.filter((r) => r.state === state).map(
        (r) => `(${over(r.long, r.factor)} and ${over(r.short, r.factor)})`,
      );
      return {
        alert: "SLOErrorBudgetBurn",
        expr: pairs.join(" or "),
        labels: { severity: state, slo: slo.id, service: slo.service },
        annotations: {
          summary: `${slo.name} in {{ $labels.region }} is burning its error budget (${state})`,
          description: `${slo.description} Objective ${(slo.objective * 100).toFixed(2)} % over ${slo.periodDays} days.`,
          runbook_url: `${base}/runbooks/${slo.runbook}`,
          dashboard_url: `${base}/dashboards/${slo.dashboard}?region={{ $labels.region }}`,
        },
      };
    }),
  );
  return [
    { name: "ops-console-slo-recording", interval, rules: recording },
    { name: "ops-console-slo-burn", interval, rules: burn },
    {
      name: "ops-console-error-budget",
      interval,
      rules: BUDGET_RULE_DEFS.flatMap((r) => SLOS.map((slo) => alerting(r, o, { slo, labels: { slo: slo.id } }))),
    },
    { name: "ops-console-alerts", interval, rules: ALERT_RULE_DEFS.map((r) => alerting(r, o)) },
    {
      name: "ops-console-missing-data",
      interval,
      rules: [...SILENT_RULE_DEFS.map((r) => alerting(r, o)), alerting(TARGET_DOWN_RULE, o)],
    },
    { name: "ops-console-watchdog", interval, rules: [alerting(WATCHDOG_RULE, o)] },
  ];
}

/** The rule file as YAML (Prometheus's `rule_files`). */
export function ruleFileYaml(o: RuleFileOptions): string {
  return `# Ops Console alerting and recording rules, compiled from lib/metrics (do not edit by hand).\n${toYaml({ groups: ruleGroups(o) })}`;
}

/** A small YAML writer for plain data: maps, lists, strings (always quoted), numbers and booleans. */
export function toYaml(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (!value.length) return "[]\n";
    return value
      .map((v) => {
        const body = toYaml(v, indent + 2);
        return isScalar(v) ? `${pad}- ${body}` : `${pad}- ${body.slice(indent + 2)}`;
      })
      .join("");
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (!entries.length) return "{}\n";
    return entries
      .map(([k, v]) =>
        isScalar(v) || (Array.isArray(v) && !v.length)
          ? `${pad}${k}: ${toYaml(v, indent + 2)}`
          : `${pad}${k}:\n${toYaml(v, indent + 2)}`,
      )
      .join("");
  }
  return `${scalar(value)}\n`;
}

const isScalar = (v: unknown) => v === null || typeof v !== "object";
function scalar(v: unknown): string {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  return JSON.stringify(String(v));
}
