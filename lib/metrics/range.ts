// The time range a dashboard is read over: from, to, and a step that keeps each series a readable size.
import { checkRegions } from "./known-regions";
import { badRequest } from "@/lib/http/errors";
import { parseInstant } from "@/lib/http/time";

/** Refuses a region the console does not know. */
export function checkRegion(region: string | undefined): void {
  if (region !== undefined) checkRegions([region], "query.region");
}
export const MAX_RANGE_DAYS = 31;
const MAX_POINTS = 1000;
const TARGET_POINTS = 240;
const NICE_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A step that keeps a series near TARGET_POINTS (and never over MAX_POINTS, far under Prometheus's 11,000). */
export function chooseStep(rangeS: number, requested?: number): number {
  const floor = Math.ceil(rangeS / MAX_POINTS);
  if (requested !== undefined) return Math.max(requested, floor);
  return NICE_STEPS.find((s) => s >= rangeS / TARGET_POINTS) ?? Math.max(86400, floor);
}

const STEP_UNITS = { s: 1, m: 60, h: 3600, d: 86400 };
const isStepUnit = (u: string): u is keyof typeof STEP_UNITS => Object.hasOwn(STEP_UNITS, u);

export function parseStep(v: string): number {
  const m = /^(\d{1,6})(s|m|h|d)?$/.exec(v.trim());
  const unit = m?.[2] ?? "s";
  if (!m || Number(m[1]) === 0 || !isStepUnit(unit))
    throw badRequest("query.step", "must be a positive duration like 60, 30s, 5m or 1h");
  return Number(m[1]) * STEP_UNITS[unit];
}

export interface RangeQuery {
  from?: string;
  to?: string;
  region?: string;
  step?: string;
}

export function resolveRange(q: RangeQuery, now = Date.now()) {
  const to = q.to ? parseInstant(q.to, "query.to", now) : now;
  const from = q.from ? parseInstant(q.from, "query.from", now) : to - 6 * 3_600_000;
  if (from >= to) throw badRequest("query.from", "must be before to");
  if (to - from > MAX_RANGE_DAYS * 86_400_000)
    throw badRequest("query.from", `the range is longer than ${MAX_RANGE_DAYS} days; narrow from/to`);
  const rangeS = (to - from) / 1000;
  const step = chooseStep(rangeS, q.step ? parseStep(q.step) : undefined);
  // Points fall on `to`, to - step, …: the newest point is now, not up to a step ago.
  const start = to - Math.floor(rangeS / step) * step * 1000;
  return { from: start, to, step };
}
