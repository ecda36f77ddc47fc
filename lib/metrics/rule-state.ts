// Every rule's state now. With Prometheus, what Prometheus says (its rules API: firing, pending,
// inactive, or an evaluation error) — and a rule it has not loaded says so. With the simulator, the
// console evaluates the same declarations itself, minute by minute for `for`. A rule whose inputs return
// nothing is "no data", never "ok".
import "server-only";
import { SEVERITY_PRIORITY } from "@/lib/vocabulary";
import { evaluate, type Labels, type Sample } from "./query";
import { ALL_RULES, rulePanel, type AlertRuleDef } from "./alerting";
import { conditionExpr, type RuleFileOptions } from "./rule-file";
import { alertState, BURN_WINDOWS, burnRate, budgetRemaining, SLOS, WINDOW_SECONDS, type BurnWindow, type SloDefinition } from "./slo";
import { SERVICE_SIGNALS } from "./signals";
import { MetricsError, PrometheusSource, SimulatorSource, type MetricsSource } from "./sources";
import { metricsRegions } from "./known-regions";

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

const MIN = 60_000;
/** A rule as the console lists it: a declaration, and for per-SLO rules the SLO it is about. */
interface Listed {
  rule: AlertRuleDef;
  slo?: SloDefinition;
  /** The SLO burn rules are the SLOs' own (./slo), not declarations. */
  burn?: "page" | "ticket";
}

function listed(): Listed[] {
  return [
    ...SLOS.flatMap((slo) => (["page", "ticket"] as const).map((burn): Listed => ({ burn, slo, rule: burnRule(slo, burn) }))),
    ...ALL_RULES.flatMap((rule): Listed[] => (rule.when.kind === "budget" ? SLOS.map((slo) => ({ rule, slo })) : [{ rule }])),
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

function statusOf(l: Listed, options: RuleFileOptions): Omit<RuleStatus, "state" | "alerts" | "detail"> {
  const { rule, slo, burn } = l;
  const dashboard = rule.when.kind === "panel" ? rulePanel(rule.when).dashboard : rule.dashboard;
  return {
    name: rule.name,
    severity: burn ?? rule.severity,
    priority: burn ? null : SEVERITY_PRIORITY[rule.severity],
    service: slo?.service ?? rule.service,
    slo: slo?.id ?? null,
    summary: rule.summary.replace(/\{\{ \$labels\.slo \}\}/g, slo?.id ?? "the SLO").replace(/ in \{\{ \$labels\.region \}\}/g, "").replace(/\{\{ \$labels\.\w+ \}\}/g, "…"),
    runbook_url: `/runbooks/${rule.runbook}`,
    dashboard_url: `/dashboards/${dashboard}`,
    for_s: rule.forS,
    expr: burn ? `SLO ${slo!.id}: ${burn} burn (see the rule file)` : rule.when.kind === "target-down" ? TARGET_DOWN_EXPR : conditionExpr(rule, options, slo),
  };
}

// ------------------------------------------------------------------------------ the simulator

type Active = { samples: Sample[]; noData: string | null };

/** Where a rule's condition holds at `t`, by the simulator; `noData` names what returned nothing. */
async function activeAt(l: Listed, sim: SimulatorSource, t: number, regions: string[], budgets: Map<string, number | null>): Promise<Active> {
  const { rule, slo } = l;
  const c = rule.when;
  switch (c.kind) {
    case "always":
      return { samples: [{ labels: {}, value: 1 }], noData: null };
    case "target-down":
      return { samples: [], noData: null };
    case "panel": {
      const { panel } = rulePanel(c);
      const t0 = panel.thresholds!;
      const line = c.level === "critical" ? t0.critical : t0.warn;
      let samples = evaluate(panel.query, sim, { window: 300 }, t).filter((s) => Number.isFinite(s.value));
      if (!samples.length) return { samples: [], noData: `${panel.title} has no data` };
      if (c.by) {
        const above = t0.direction === "above";
        const groups = new Map<string, Sample>();
        for (const s of samples) {
          const labels = Object.fromEntries(c.by.map((k) => [k, s.labels[k] ?? ""]));
          const key = JSON.stringify(labels);
          const cur = groups.get(key);
          if (!cur || (above ? s.value > cur.value : s.value < cur.value)) groups.set(key, { labels, value: s.value });
        }
        samples = [...groups.values()];
      }
      return { samples: samples.filter((s) => (t0.direction === "above" ? s.value > line : s.value < line)), noData: null };
    }
    case "drop": {
      const now = evaluate(c.query, sim, { window: 600 }, t);
      if (!now.length) return { samples: [], noData: "no traffic data" };
      const before = new Map(evaluate(c.query, sim, { window: 600, offset: c.offsetS }, t).map((s) => [JSON.stringify(s.labels), s.value]));
      return { samples: now.filter((s) => s.value < c.fraction * (before.get(JSON.stringify(s.labels)) ?? 0)), noData: null };
    }
    case "silent": {
      const key = SERVICE_SIGNALS[c.service].key;
      const seen = new Set(sim.values(key, undefined, undefined, t).map((s) => s.labels.region));
      return { samples: regions.filter((r) => !seen.has(r)).map((region) => ({ labels: { region }, value: 1 })), noData: null };
    }
    case "budget": {
      const out: Sample[] = [];
      let missing = 0;
      for (const region of regions) {
        const left = budgets.get(`${slo!.id}:${region}`) ?? null;
        if (left === null) missing++;
        else if (c.below ? left < c.atMost : left <= c.atMost) out.push({ labels: { slo: slo!.id, region }, value: left });
      }
      return { samples: out, noData: missing === regions.length ? `${slo!.id} has no data` : null };
    }
  }
}

/** Each SLO's budget left per region at `t` (the recording rule's value), null without data. */
async function budgetsAt(sim: SimulatorSource, t: number): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (const slo of SLOS) {
    for (const s of evaluate(slo.errorRatio, sim, { window: slo.periodDays * 86400 }, t)) out.set(`${slo.id}:${s.labels.region}`, budgetRemaining(Number.isFinite(s.value) ? s.value : null, slo.objective));
  }
  return out;
}

/** Burn alert state per region, as the SLO cards compute it. */
function burnStates(slo: SloDefinition, sim: SimulatorSource, t: number): Map<string, ReturnType<typeof alertState>> {
  const windows = BURN_WINDOWS.map((w) => new Map(evaluate(slo.errorRatio, sim, { window: WINDOW_SECONDS[w] }, t).map((s) => [s.labels.region ?? "", Number.isFinite(s.value) ? s.value : null])));
  const regions = new Set(windows.flatMap((m) => [...m.keys()]));
  return new Map([...regions].map((region) => [region, alertState(Object.fromEntries(BURN_WINDOWS.map((w, i) => [w, burnRate(windows[i]!.get(region) ?? null, slo.objective)])) as Record<BurnWindow, number>)]));
}

const key = (l: Labels) => JSON.stringify(Object.entries(l).sort());

async function simulatorStates(sim: SimulatorSource, now: number, options: RuleFileOptions): Promise<RuleStatus[]> {
  const regions = [...options.regions];
  const minute = Math.floor(now / MIN) * MIN;
  const budgetCache = new Map<number, Map<string, number | null>>();
  const budgets = async (t: number) => {
    if (!budgetCache.has(t)) budgetCache.set(t, await budgetsAt(sim, t));
    return budgetCache.get(t)!;
  };
  const out: RuleStatus[] = [];
  for (const l of listed()) {
    const base = statusOf(l, options);
    if (l.burn) {
      const firing = [...burnStates(l.slo!, sim, now)].filter(([, s]) => s === l.burn).map(([region]): RuleAlert => ({ labels: { slo: l.slo!.id, region }, state: "firing", active_since: null, value: null }));
      out.push({ ...base, state: firing.length ? "firing" : "ok", alerts: firing, detail: null });
      continue;
    }
    if (l.rule.when.kind === "target-down") {
      out.push({ ...base, state: "not_applicable", alerts: [], detail: "the simulator has no scrape targets; Prometheus evaluates this one" });
      continue;
    }
    const current = await activeAt(l, sim, now, regions, await budgets(minute));
    if (current.noData && !current.samples.length) {
      out.push({ ...base, state: "no_data", alerts: [], detail: current.noData });
      continue;
    }
    // How long each active label set has held: back a minute at a time, up to its `for` and one more minute.
    const steps = Math.ceil(l.rule.forS / 60) + 1;
    const alerts: RuleAlert[] = [];
    for (const s of current.samples) {
      let since = now;
      for (let k = 1; k <= steps; k++) {
        const t = minute - k * MIN;
        const before = await activeAt(l, sim, t, regions, await budgets(t));
        if (!before.samples.some((b) => key(b.labels) === key(s.labels))) break;
        since = t;
      }
      const held = (now - since) / 1000;
      alerts.push({ labels: s.labels, state: held >= l.rule.forS ? "firing" : "pending", active_since: new Date(since).toISOString(), value: Number.isFinite(s.value) ? s.value : null });
    }
    const state: RuleStateName = alerts.some((a) => a.state === "firing") ? "firing" : alerts.length ? "pending" : "ok";
    out.push({ ...base, state, alerts, detail: null });
  }
  return out;
}

// ------------------------------------------------------------------------------ Prometheus

interface PromRule {
  name: string;
  state?: "firing" | "pending" | "inactive";
  health?: "ok" | "err" | "unknown";
  lastError?: string;
  labels?: Labels;
  alerts?: { labels: Labels; state: "firing" | "pending"; activeAt?: string; value?: string }[];
}

async function prometheusStates(prom: PrometheusSource, options: RuleFileOptions): Promise<RuleStatus[]> {
  let loaded: PromRule[];
  try {
    const data = (await prom.get("rules", { type: "alert" })) as unknown as { groups: { rules: PromRule[] }[] };
    loaded = data.groups.flatMap((g) => g.rules);
  } catch (err) {
    if (!(err instanceof MetricsError)) throw err;
    return listed().map((l) => ({ ...statusOf(l, options), state: "error", alerts: [], detail: err.message }));
  }
  const out: RuleStatus[] = [];
  for (const l of listed()) {
    const base = statusOf(l, options);
    const match = loaded.find((r) => r.name === base.name && (!r.labels?.service || r.labels.service === base.service) && (!base.slo || r.labels?.slo === base.slo) && (!l.burn || r.labels?.severity === l.burn));
    if (!match) {
      out.push({ ...base, state: "not_loaded", alerts: [], detail: "Prometheus has not loaded this rule: load GET /api/v1/alert-rules into its rule_files" });
      continue;
    }
    if (match.health === "err") {
      out.push({ ...base, state: "error", alerts: [], detail: match.lastError ?? "evaluation failed" });
      continue;
    }
    const alerts = (match.alerts ?? []).map((a): RuleAlert => {
      const { alertname: _n, severity: _s, priority: _p, service: _v, ...labels } = a.labels;
      return { labels, state: a.state, active_since: a.activeAt ?? null, value: a.value === undefined ? null : Number(a.value) };
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

// ------------------------------------------------------------------------------ both

const g = globalThis as unknown as { __opsConsoleRuleStates?: { source: MetricsSource; key: string; value: Promise<RuleStatus[]> } };

/** Every rule's state now (the simulator's, computed once a minute per process). */
export async function ruleStates(source: MetricsSource, now = Date.now()): Promise<RuleStatus[]> {
  const options: RuleFileOptions = { regions: metricsRegions() };
  if (source instanceof PrometheusSource) return prometheusStates(source, options);
  const sim = source as SimulatorSource;
  const cacheKey = `${Math.floor(now / MIN)}|${options.regions.join(",")}`;
  let cached = g.__opsConsoleRuleStates;
  if (cached?.key !== cacheKey || cached.source !== source) g.__opsConsoleRuleStates = cached = { source, key: cacheKey, value: simulatorStates(sim, now, options) };
  return cached.value;
}

/** The annotations and labels an alert of `rule` carries, as Prometheus would render them (the demo's intake). */
export function renderAlert(status: RuleStatus, alert: RuleAlert): { labels: Labels; annotations: Record<string, string> } {
  // One name may be one rule per service (ServiceMetricsMissing) or one rule for every SLO (the budget rules).
  const rule = ALL_RULES.find((r) => r.name === status.name && r.service === status.service) ?? ALL_RULES.find((r) => r.name === status.name);
  const labels: Labels = { alertname: status.name, severity: status.severity, ...(status.priority ? { priority: status.priority } : {}), service: status.service, ...alert.labels };
  const render = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? "");
  const annotations: Record<string, string> = rule
    ? { summary: render(rule.summary), description: rule.impact, scope: rule.scope, first_steps: rule.firstSteps.map((s, i) => `${i + 1}. ${s}`).join(" "), runbook_url: status.runbook_url, dashboard_url: `${status.dashboard_url}${labels.region ? `?region=${labels.region}` : ""}` }
    : { summary: status.summary, runbook_url: status.runbook_url, dashboard_url: status.dashboard_url };
  return { labels, annotations };
}

