// The weekly review's arithmetic as plain functions over plain records: an incident's clocks (time to
// acknowledge, to declare, to mitigate, to resolve), medians and p90s by severity, customer-update cadence
// kept or missed, action items open/overdue/closed, and alert quality (pages per shift and per night hour,
// acknowledged within the clock, actionable versus noise, noisiest rules, flapping). The postmortem's
// detection facts use the same clocks. Browser-safe.
import { INCIDENT_SEVERITIES, type Severity } from "@/lib/vocabulary";

const DAY = 86_400_000;

/** An incident as the review reads it: times in epoch ms. */
export interface IncidentFacts {
  id: string;
  severity: Severity;
  services: string[];
  declaredAt: number;
  impactStartedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
  /** The earliest firing of an alert attached to it, and the earliest acknowledgement of one. */
  firstAlertAt: number | null;
  firstAckAt: number | null;
  /** The customer updates posted while it was open (declared to resolved, or to now); null when none was. */
  customerUpdates: UpdateSpan | null;
}

/** Customer updates as the cadence reads them: the first, the last and the longest gap between two (epoch ms). */
export interface UpdateSpan {
  first: number;
  last: number;
  maxGap: number;
}

/** The span of the update times within [from, to] (the database computes the same for the review). */
export function updateSpan(times: number[], from: number, to: number): UpdateSpan | null {
  const t = times.filter((x) => x >= from && x <= to).sort((a, b) => a - b);
  if (!t.length) return null;
  let maxGap = 0;
  for (let k = 1; k < t.length; k++) maxGap = Math.max(maxGap, t[k]! - t[k - 1]!);
  return { first: t[0]!, last: t[t.length - 1]!, maxGap };
}

export interface Clocks {
  /** The first alert's firing to its acknowledgement. */
  ackS: number | null;
  /** The start (impact, else the first alert) to the declaration. */
  declareS: number | null;
  /** The start to mitigation. */
  mitigateS: number | null;
  /** The start to resolution. */
  resolveS: number | null;
}

/** When an incident started: its impact, else its first alert, else its declaration, whichever is earliest known. */
export function startOf(i: IncidentFacts): number {
  return Math.min(...[i.impactStartedAt, i.firstAlertAt, i.declaredAt].filter((x): x is number => x !== null));
}

const secs = (from: number | null, to: number | null) =>
  from === null || to === null ? null : Math.max(0, Math.round((to - from) / 1000));

export function clocksOf(i: IncidentFacts): Clocks {
  const start = startOf(i);
  return {
    ackS: secs(i.firstAlertAt, i.firstAckAt),
    declareS: secs(start, i.declaredAt),
    mitigateS: secs(start, i.mitigatedAt ?? i.resolvedAt),
    resolveS: secs(start, i.resolvedAt),
  };
}

/** The q-quantile (0..1) of values, nearest rank; null for none. */
export function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

export interface ClockStats {
  severity: Severity;
  incidents: number;
  mtta_median_s: number | null;
  mtta_p90_s: number | null;
  declare_median_s: number | null;
  declare_p90_s: number | null;
  mitigate_median_s: number | null;
  mitigate_p90_s: number | null;
  mttr_median_s: number | null;
  mttr_p90_s: number | null;
}

/** Median and p90 of each clock, by severity (every severity listed, zero incidents included). */
export function clockStats(list: IncidentFacts[]): ClockStats[] {
  return INCIDENT_SEVERITIES.map((severity) => {
    const clocks = list.filter((i) => i.severity === severity).map(clocksOf);
    const of = (k: keyof Clocks) => clocks.map((c) => c[k]).filter((x): x is number => x !== null);
    return {
      severity,
      incidents: clocks.length,
      mtta_median_s: quantile(of("ackS"), 0.5),
      mtta_p90_s: quantile(of("ackS"), 0.9),
      declare_median_s: quantile(of("declareS"), 0.5),
      declare_p90_s: quantile(of("declareS"), 0.9),
      mitigate_median_s: quantile(of("mitigateS"), 0.5),
      mitigate_p90_s: quantile(of("mitigateS"), 0.9),
      mttr_median_s: quantile(of("resolveS"), 0.5),
      mttr_p90_s: quantile(of("resolveS"), 0.9),
    };
  });
}

/** Monday 00:00 UTC of the week holding `t`, as YYYY-MM-DD. */
export function weekOf(t: number): string {
  const d = new Date(t);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back)).toISOString().slice(0, 10);
}

/** Every week starting in [from, to) (Mondays), so a quiet week shows as zero rather than missing. */
export function weeksBetween(from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(weekOf(from)); t < to; t += 7 * DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export type WeekRow = { week: string; total: number } & Record<Severity, number>;

/** Incidents declared per week and severity. */
export function byWeek(list: IncidentFacts[], from: number, to: number): WeekRow[] {
  const rows = new Map<string, WeekRow>(
    weeksBetween(from, to).map((week) => [week, { week, total: 0, sev0: 0, sev1: 0, sev2: 0, sev3: 0 }]),
  );
  for (const i of list) {
    const row = rows.get(weekOf(i.declaredAt));
    if (!row) continue;
    row[i.severity]++;
    row.total++;
  }
  return [...rows.values()];
}

/** Incidents per service (one incident on two services counts for each), most first. */
export function byService(list: IncidentFacts[]): { service: string; incidents: number }[] {
  const n = new Map<string, number>();
  for (const i of list) for (const s of i.services.length ? i.services : ["(none)"]) n.set(s, (n.get(s) ?? 0) + 1);
  return [...n].map(([service, incidents]) => ({ service, incidents })).sort((a, b) => b.incidents - a.incidents);
}

/**
 * Was the customer-update cadence kept while the incident was open? Kept when no gap — from the declaration
 * to the first update, between updates, from the last update to resolution — exceeded the cadence (with a
 * minute's grace). Null when the severity has no cadence.
 */
export function cadenceKept(i: IncidentFacts, everyMinutes: number | null, now: number): boolean | null {
  if (everyMinutes === null) return null;
  const end = i.resolvedAt ?? now;
  const u = i.customerUpdates;
  const limit = (everyMinutes + 1) * 60_000;
  const gaps = u ? [u.first - i.declaredAt, u.maxGap, end - u.last] : [end - i.declaredAt];
  return gaps.every((g) => g <= limit);
}

export function cadenceSummary(list: IncidentFacts[], cadence: Record<Severity, number | null>, now: number) {
  let kept = 0;
  let missed = 0;
  for (const i of list) {
    const k = cadenceKept(i, cadence[i.severity], now);
    if (k === true) kept++;
    else if (k === false) missed++;
  }
  return { kept, missed };
}

/** An action item as the review counts it: due is a date (YYYY-MM-DD), overdue the day after. */
export interface ActionFacts {
  status: "open" | "done";
  due: string | null;
}

/** A date's due moment: the end of that day in UTC. */
export const dueEnd = (due: string) => Date.parse(`${due}T00:00:00Z`) + DAY;

export const isOverdue = (a: ActionFacts, now: number) => a.status === "open" && !!a.due && dueEnd(a.due) <= now;

export function actionSummary(items: ActionFacts[], now: number) {
  return {
    open: items.filter((a) => a.status === "open").length,
    overdue: items.filter((a) => isOverdue(a, now)).length,
    closed: items.filter((a) => a.status === "done").length,
  };
}

/** A page (a firing of an alert that pages) as the review reads it. */
export interface PageFacts {
  name: string;
  /** When it fired, acknowledged and resolved (epoch ms). */
  firedAt: number;
  ackedAt: number | null;
  resolvedAt: number | null;
  /** Its severity's acknowledgement clock, in seconds. */
  ackWithinS: number;
  /** It was attached to an incident. */
  incident: boolean;
  /** Resolved by whom: null or "alertmanager" when it resolved by itself. */
  resolvedBy: string | null;
  /** Flaps in its last hour. */
  flaps: number;
}

/**
 * Pages that read alike, counted together (what the database groups a year of pages into): the same rule,
 * hour of day and outcome. A single page is a group of one (`groupOf`).
 */
export interface PageGroup {
  name: string;
  hour: number;
  pages: number;
  /** Of them, acknowledged within their clock. */
  ackedWithin: number;
  incident: boolean;
  acked: boolean;
  resolved: boolean;
  /** Resolved by a person (not by itself). */
  resolvedByPerson: boolean;
  flaps: number;
}

export function groupOf(p: PageFacts): PageGroup {
  return {
    name: p.name,
    hour: new Date(p.firedAt).getUTCHours(),
    pages: 1,
    ackedWithin: p.ackedAt !== null && p.ackedAt - p.firedAt <= p.ackWithinS * 1000 ? 1 : 0,
    incident: p.incident,
    acked: p.ackedAt !== null,
    resolved: p.resolvedAt !== null,
    resolvedByPerson: p.resolvedBy !== null && p.resolvedBy !== "alertmanager",
    flaps: p.flaps,
  };
}

/** Hour of day (UTC) from 22:00 to 06:59 — a page that wakes someone. */
export const isNightHour = (h: number) => h >= 22 || h < 7;

/** Acted on: led to an incident, was acknowledged, or was resolved by a person. */
export const isActionable = (g: Pick<PageGroup, "incident" | "acked" | "resolvedByPerson">) =>
  g.incident || g.acked || g.resolvedByPerson;

/** Noise: resolved by itself with nobody acknowledging it and no incident. */
export const isNoise = (g: Pick<PageGroup, "incident" | "acked" | "resolvedByPerson" | "resolved">) =>
  g.resolved && !isActionable(g);

export interface AlertQuality {
  pages: number;
  /** Pages per on-call shift (a shift is `shiftHours` long; the window's shifts are counted whole). */
  per_shift: number;
  night_pages: number;
  by_hour: { hour: number; pages: number }[];
  acked_within_clock: number;
  acked_within_clock_share: number | null;
  actionable: number;
  noise: number;
  actionable_share: number | null;
  noisiest: { name: string; pages: number; noise: number }[];
  flapping: { name: string; flaps: number }[];
}

/**
 * Pages summed, as far as the review reads them: totals, pages by hour of day and by rule. Sums of disjoint
 * sets of pages add up (`addSummary`), so a year is its days' summaries added — what the database keeps a day
 * at a time (lib/insights/pages). Plain JSON.
 */
export interface PageSummary {
  pages: number;
  ackedWithin: number;
  actionable: number;
  noise: number;
  /** Pages by hour of day (UTC), 24 of them. */
  byHour: number[];
  /** By rule name: [pages, of them noise, flaps]. */
  rules: Record<string, [number, number, number]>;
}

export const emptySummary = (): PageSummary => ({
  pages: 0,
  ackedWithin: 0,
  actionable: 0,
  noise: 0,
  byHour: Array.from({ length: 24 }, () => 0),
  rules: {},
});

/** Adds a group of pages into a summary (changing it). */
export function addGroup(s: PageSummary, g: PageGroup): PageSummary {
  const quiet = isNoise(g);
  s.pages += g.pages;
  s.byHour[g.hour] = (s.byHour[g.hour] ?? 0) + g.pages;
  s.ackedWithin += g.ackedWithin;
  if (isActionable(g)) s.actionable += g.pages;
  if (quiet) s.noise += g.pages;
  const r = (s.rules[g.name] ??= [0, 0, 0]);
  r[0] += g.pages;
  if (quiet) r[1] += g.pages;
  r[2] += g.flaps;
  return s;
}

/** Adds another summary into a summary (changing it). */
export function addSummary(s: PageSummary, o: PageSummary): PageSummary {
  s.pages += o.pages;
  s.ackedWithin += o.ackedWithin;
  s.actionable += o.actionable;
  s.noise += o.noise;
  o.byHour.forEach((n, h) => (s.byHour[h] = (s.byHour[h] ?? 0) + n));
  for (const [name, [pages, noise, flaps]] of Object.entries(o.rules)) {
    const r = (s.rules[name] ??= [0, 0, 0]);
    r[0] += pages;
    r[1] += noise;
    r[2] += flaps;
  }
  return s;
}

export const summarize = (groups: PageGroup[]) => groups.reduce(addGroup, emptySummary());

export function alertQuality(s: PageSummary, from: number, to: number, shiftHours = 168): AlertQuality {
  const shifts = Math.max(1, Math.ceil((to - from) / (shiftHours * 3_600_000)));
  const by_hour = s.byHour.map((pages, hour) => ({ hour, pages }));
  const rules = Object.entries(s.rules);
  const share = (n: number) => (s.pages ? n / s.pages : null);
  return {
    pages: s.pages,
    per_shift: Math.round((s.pages / shifts) * 10) / 10,
    night_pages: by_hour.filter((h) => isNightHour(h.hour)).reduce((sum, h) => sum + h.pages, 0),
    by_hour,
    acked_within_clock: s.ackedWithin,
    acked_within_clock_share: share(s.ackedWithin),
    actionable: s.actionable,
    noise: s.noise,
    actionable_share: share(s.actionable),
    noisiest: rules
      .map(([name, [pages, noise]]) => ({ name, pages, noise }))
      .sort((a, b) => b.pages - a.pages || b.noise - a.noise || a.name.localeCompare(b.name))
      .slice(0, 10),
    flapping: rules
      .filter(([, r]) => r[2] > 0)
      .map(([name, r]) => ({ name, flaps: r[2] }))
      .sort((a, b) => b.flaps - a.flaps || a.name.localeCompare(b.name))
      .slice(0, 10),
  };
}

/** The SLI attained over a period, from the period's error ratio (null: no data — never 100 %). */
export const attainedOf = (errorRatio: number | null): number | null =>
  errorRatio === null || !Number.isFinite(errorRatio) ? null : 1 - Math.max(0, errorRatio);

/**
 * How much of an SLO's period budget an incident spent, 1 being all of it: the error ratio during the incident
 * times its length, over the budget's (1 − objective) × the period — traffic taken as even across the period,
 * which is what a 30-day budget assumes too. Null without data or time.
 */
export function budgetSpent(
  errorRatio: number | null,
  seconds: number,
  objective: number,
  periodDays: number,
): number | null {
  if (errorRatio === null || !Number.isFinite(errorRatio) || seconds <= 0) return null;
  return (Math.max(0, errorRatio) * seconds) / ((1 - objective) * periodDays * 86_400);
}
