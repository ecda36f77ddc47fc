// Every rule's state by the simulator: the console evaluates the same declarations Prometheus would,
// minute by minute for `for`. A rule whose inputs return nothing is "no data", never "ok".
import "server-only";
import { evaluate, type Labels, type Sample } from "./query";
import { rulePanel } from "./alerting";
import type { RuleFileOptions } from "./rule-file";
import {
  alertState,
  BURN_WINDOWS,
  burnRate,
  budgetRemaining,
  perWindow,
  SLOS,
  WINDOW_SECONDS,
  type SloDefinition,
} from "./slo";
import { SERVICE_SIGNALS } from "./signals";
import type { SimulatorSource } from "./sources";
import { MIN, statusOf, listed, type Listed, type RuleAlert, type RuleStateName, type RuleStatus } from "./rule-status";

type Active = { samples: Sample[]; noData: string | null };

/** Where a rule's condition holds at `t`, by the simulator; `noData` names what returned nothing. */
async function activeAt(
  l: Listed,
  sim: SimulatorSource,
  t: number,
  regions: string[],
  budgets: Map<string, number | null>,
): Promise<Active> {
  const { rule, slo } = l;
  const c = rule.when;
  switch (c.kind) {
    case "always":
      return { samples: [{ labels: {}, value: 1 }], noData: null };
    case "target-down":
      return { samples: [], noData: null };
    case "panel": {
      const { panel } = rulePanel(c);
      const t0 = panel.thresholds;
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
      return {
        samples: samples.filter((s) => (t0.direction === "above" ? s.value > line : s.value < line)),
        noData: null,
      };
    }
    case "drop": {
      const now = evaluate(c.query, sim, { window: 600 }, t);
      if (!now.length) return { samples: [], noData: "no traffic data" };
      const before = new Map(
        evaluate(c.query, sim, { window: 600, offset: c.offsetS }, t).map((s) => [JSON.stringify(s.labels), s.value]),
      );
      return {
        samples: now.filter((s) => s.value < c.fraction * (before.get(JSON.stringify(s.labels)) ?? 0)),
        noData: null,
      };
    }
    case "silent": {
      const key = SERVICE_SIGNALS[c.service].key;
      const seen = new Set(sim.values(key, undefined, undefined, t).map((s) => s.labels.region));
      return {
        samples: regions.filter((r) => !seen.has(r)).map((region) => ({ labels: { region }, value: 1 })),
        noData: null,
      };
    }
    case "budget": {
      if (!slo)
        throw new Error(`${rule.name} is a budget rule: it is listed once per SLO, and this one came without its SLO.`);
      const out: Sample[] = [];
      let missing = 0;
      for (const region of regions) {
        const left = budgets.get(`${slo.id}:${region}`) ?? null;
        if (left === null) missing++;
        else if (c.below ? left < c.atMost : left <= c.atMost)
          out.push({ labels: { slo: slo.id, region }, value: left });
      }
      return { samples: out, noData: missing === regions.length ? `${slo.id} has no data` : null };
    }
  }
}

/** Each SLO's budget left per region at `t` (the recording rule's value), null without data. */
async function budgetsAt(sim: SimulatorSource, t: number): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (const slo of SLOS) {
    for (const s of evaluate(slo.errorRatio, sim, { window: slo.periodDays * 86400 }, t))
      out.set(
        `${slo.id}:${s.labels.region}`,
        budgetRemaining(Number.isFinite(s.value) ? s.value : null, slo.objective),
      );
  }
  return out;
}

/** Burn alert state per region, as the SLO cards compute it. */
function burnStates(slo: SloDefinition, sim: SimulatorSource, t: number): Map<string, ReturnType<typeof alertState>> {
  const windows = perWindow(
    (w) =>
      new Map(
        evaluate(slo.errorRatio, sim, { window: WINDOW_SECONDS[w] }, t).map((s) => [
          s.labels.region ?? "",
          Number.isFinite(s.value) ? s.value : null,
        ]),
      ),
  );
  const regions = new Set(BURN_WINDOWS.flatMap((w) => [...windows[w].keys()]));
  return new Map(
    [...regions].map((region) => [
      region,
      alertState(perWindow((w) => burnRate(windows[w].get(region) ?? null, slo.objective))),
    ]),
  );
}

const key = (l: Labels) => JSON.stringify(Object.entries(l).sort());

/** Every rule's state by the simulator: the console evaluates each declaration itself, minute by minute for `for`. */
export async function simulatorStates(
  sim: SimulatorSource,
  now: number,
  options: RuleFileOptions,
): Promise<RuleStatus[]> {
  const regions = [...options.regions];
  const minute = Math.floor(now / MIN) * MIN;
  const budgetCache = new Map<number, Map<string, number | null>>();
  const budgets = async (t: number) => {
    const cached = budgetCache.get(t);
    if (cached) return cached;
    const fresh = await budgetsAt(sim, t);
    budgetCache.set(t, fresh);
    return fresh;
  };
  const out: RuleStatus[] = [];
  for (const l of listed()) {
    const base = statusOf(l, options);
    if (l.burn) {
      const firing = [...burnStates(l.slo, sim, now)]
        .filter(([, s]) => s === l.burn)
        .map(([region]): RuleAlert => ({
          labels: { slo: l.slo.id, region },
          state: "firing",
          active_since: null,
          value: null,
        }));
      out.push({ ...base, state: firing.length ? "firing" : "ok", alerts: firing, detail: null });
      continue;
    }
    if (l.rule.when.kind === "target-down") {
      out.push({
        ...base,
        state: "not_applicable",
        alerts: [],
        detail: "the simulator has no scrape targets; Prometheus evaluates this one",
      });
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
      alerts.push({
        labels: s.labels,
        state: held >= l.rule.forS ? "firing" : "pending",
        active_since: new Date(since).toISOString(),
        value: Number.isFinite(s.value) ? s.value : null,
      });
    }
    const state: RuleStateName = alerts.some((a) => a.state === "firing") ? "firing" : alerts.length ? "pending" : "ok";
    out.push({ ...base, state, alerts, detail: null });
  }
  return out;
}
