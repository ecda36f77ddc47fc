// Rotations as plain functions: who holds each layer (primary, secondary, tertiary, shadow) at an instant, and the
// shifts in a window, from a schedule and its overrides. Shifts change at a local wall-clock time in the
// layer's time zone, so a daily shift stays "09:00 Berlin" across DST (23- and 25-hour days) and a weekly
// one changes on the same weekday. A schedule is a list of versions, each in force from its save: past shifts
// stay as they were. Browser-safe: Intl only.

import { LAYERS, type Layer, type RotationLayer } from "@/lib/vocabulary";
import {
  DAY,
  dayNumber,
  isTimeZone,
  fromDayNumber,
  localParts,
  parseDate,
  parseTime,
  zonedInstant,
} from "./wall-clock";

export { isTimeZone, localParts, zonedInstant } from "./wall-clock";

export interface Override {
  id: string;
  layer: Layer;
  user_id: string;
  start: string;
  end: string;
  created_at: string;
}

export interface Shift {
  layer: Layer;
  user_id: string;
  start: string;
  end: string;
  /** The override that put this person here, if one did. */
  override_id: string | null;
}

/** The rotation's shift that holds `at`: its index from the first shift, its start and end. */
export function shiftAt(l: RotationLayer, at: number): { index: number; start: number; end: number } {
  const [hh, mm] = parseTime(l.handoff_time);
  const period = l.rotation === "weekly" ? 7 : 1;
  const startDay = dayNumber(...parseDate(l.start_date));
  const p = localParts(at, l.time_zone);
  let today = dayNumber(p.y, p.m, p.d);
  if (p.hh * 60 + p.mm < hh * 60 + mm) today -= 1; // before today's change: still yesterday's shift
  const index = Math.floor((today - startDay) / period);
  const begin = fromDayNumber(startDay + index * period);
  const finish = fromDayNumber(startDay + (index + 1) * period);
  return {
    index,
    start: zonedInstant(begin.y, begin.m, begin.d, hh, mm, l.time_zone),
    end: zonedInstant(finish.y, finish.m, finish.d, hh, mm, l.time_zone),
  };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Who the rotation itself puts on a layer at `at` (no overrides), or null for a layer with nobody. */
export function rotationAt(l: RotationLayer, at: number): Shift | null {
  if (!l.people.length) return null;
  const s = shiftAt(l, at);
  const person = l.people[mod(s.index, l.people.length)];
  if (!person) return null;
  return {
    layer: l.layer,
    user_id: person,
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    override_id: null,
  };
}

/** The override in force on a layer at `at`: the most recently created one covering it. */
function overrideAt(overrides: Override[], layer: Layer, at: number): Override | null {
  let found: Override | null = null;
  for (const o of overrides) {
    if (o.layer !== layer || Date.parse(o.start) > at || Date.parse(o.end) <= at) continue;
    if (!found || o.created_at > found.created_at) found = o;
  }
  return found;
}

/** Who holds each layer at `at`, overrides first. */
export function onCallAt(layers: RotationLayer[], overrides: Override[], at: number): Shift[] {
  const out: Shift[] = [];
  for (const l of layers) {
    const o = overrideAt(overrides, l.layer, at);
    if (o) out.push({ layer: l.layer, user_id: o.user_id, start: o.start, end: o.end, override_id: o.id });
    else {
      const r = rotationAt(l, at);
      if (r) out.push(r);
    }
  }
  return out;
}

/**
 * Every shift of every layer that overlaps [from, to), with overrides cut in: a shift an override covers
 * in part is split around it. Adjacent pieces with the same person and source are merged.
 */
export function shiftsBetween(layers: RotationLayer[], overrides: Override[], from: number, to: number): Shift[] {
  const out: Shift[] = [];
  for (const l of layers) {
    // The instants where who holds the layer can change: rotation boundaries and override edges.
    const cuts = new Set<number>([from, to]);
    if (l.people.length) {
      for (let t = from; t < to;) {
        const s = shiftAt(l, t);
        if (s.end > from && s.end < to) cuts.add(s.end);
        t = Math.max(s.end, t + 60_000);
      }
    }
    for (const o of overrides) {
      if (o.layer !== l.layer) continue;
      for (const t of [Date.parse(o.start), Date.parse(o.end)]) if (t > from && t < to) cuts.add(t);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const layerShifts: Shift[] = [];
    for (const [i, a] of points.entries()) {
      const b = points[i + 1];
      if (b === undefined) break;
      const [who] = onCallAt([l], overrides, a);
      if (!who) continue;
      const prev = layerShifts.at(-1);
      if (prev && prev.user_id === who.user_id && prev.override_id === who.override_id && Date.parse(prev.end) === a)
        prev.end = new Date(b).toISOString();
      else layerShifts.push({ ...who, start: new Date(a).toISOString(), end: new Date(b).toISOString() });
    }
    out.push(...layerShifts);
  }
  return out;
}

/** Problems with a schedule, by field (empty when it is valid). */
export function scheduleProblems(layers: RotationLayer[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  layers.forEach((l, i) => {
    if (seen.has(l.layer)) problems.push({ field: `body.layers[${i}].layer`, message: `${l.layer} appears twice` });
    seen.add(l.layer);
    if (!isTimeZone(l.time_zone))
      problems.push({ field: `body.layers[${i}].time_zone`, message: `'${l.time_zone}' is not an IANA time zone` });
  });
  return problems;
}

/**
 * A schedule version and the instant it took effect (its save). A version holds from then until the next
 * one; the first also stands for the time before it, the earliest record there is. A save never redraws
 * the shifts before it.
 */
export interface Version {
  layers: RotationLayer[];
  from: number;
}

/** The parts of [from, to) each version held, oldest first. */
function spans(versions: Version[], from: number, to: number): { layers: RotationLayer[]; a: number; b: number }[] {
  const sorted = [...versions].sort((x, y) => x.from - y.from);
  return sorted.flatMap((v, i) => {
    const a = Math.max(i === 0 ? -Infinity : v.from, from);
    const b = Math.min(sorted[i + 1]?.from ?? Infinity, to);
    return a < b ? [{ layers: v.layers, a, b }] : [];
  });
}

export const layersAt = (versions: Version[], at: number): RotationLayer[] =>
  spans(versions, at, at + 1)[0]?.layers ?? [];

/** Who holds each layer at `at` under the version in force then, overrides first. */
export const onCallIn = (versions: Version[], overrides: Override[], at: number): Shift[] =>
  onCallAt(layersAt(versions, at), overrides, at);

/** Every layer's shifts in [from, to), each part from the version in force then; a shift a save did not change stays whole. */
export function shiftsIn(versions: Version[], overrides: Override[], from: number, to: number): Shift[] {
  const pieces = spans(versions, from, to).flatMap((s) => shiftsBetween(s.layers, overrides, s.a, s.b));
  pieces.sort((x, y) => LAYERS.indexOf(x.layer) - LAYERS.indexOf(y.layer) || Date.parse(x.start) - Date.parse(y.start));
  const out: Shift[] = [];
  for (const p of pieces) {
    const prev = out.at(-1);
    if (
      prev &&
      prev.layer === p.layer &&
      prev.user_id === p.user_id &&
      prev.override_id === p.override_id &&
      prev.end === p.start
    )
      prev.end = p.end;
    else out.push({ ...p });
  }
  return out;
}

/** Who takes each layer over next after `at`, and when (the first shift with someone else), within `horizon`. */
export function nextOnCall(versions: Version[], overrides: Override[], at: number, horizon = 35 * DAY) {
  const now = onCallIn(versions, overrides, at);
  const ahead = shiftsIn(versions, overrides, at, at + horizon);
  return LAYERS.flatMap((layer) => {
    const holder = now.find((s) => s.layer === layer)?.user_id ?? null;
    const next = ahead.find((s) => s.layer === layer && Date.parse(s.start) > at && s.user_id !== holder);
    if (!next) return [];
    const zone = layersAt(versions, Date.parse(next.start)).find((l) => l.layer === layer)?.time_zone ?? "UTC";
    return [{ ...next, time_zone: zone }];
  });
}

export const PREVIEW_DAYS = 14;
/** How far ahead a new version is checked for one person on two layers at once. */
export const CONFLICT_DAYS = 35;

export interface Conflict {
  field: string;
  user_id: string;
  layers: [Layer, Layer];
  start: string;
}

/** One person on two layers at the same time under `layers` (the rotation alone), each pair once, from `from`. */
export function samePersonConflicts(
  layers: RotationLayer[],
  from: number,
  to = from + CONFLICT_DAYS * DAY,
): Conflict[] {
  const shifts = shiftsBetween(layers, [], from, to);
  const found = new Map<string, Conflict>();
  for (const [i, x] of shifts.entries())
    for (const y of shifts.slice(i + 1)) {
      if (x.layer === y.layer || x.user_id !== y.user_id) continue;
      const start = Math.max(Date.parse(x.start), Date.parse(y.start));
      if (start >= Math.min(Date.parse(x.end), Date.parse(y.end))) continue;
      const key = `${x.user_id} ${x.layer} ${y.layer}`;
      const prev = found.get(key);
      if (prev && Date.parse(prev.start) <= start) continue;
      const field = `body.layers[${layers.findIndex((l) => l.layer === y.layer)}].people`;
      found.set(key, { field, user_id: x.user_id, layers: [x.layer, y.layer], start: new Date(start).toISOString() });
    }
  return [...found.values()].sort((a, b) => a.start.localeCompare(b.start));
}

export interface Warning {
  code: "holder_changes" | "major_incident" | "same_person" | "shadow_self";
  message: string;
  layer?: Layer;
  field?: string;
}

export interface Preview {
  /** Who holds each layer now, under the version in force and under the new one. */
  now: { layer: Layer; before: string | null; after: string | null }[];
  /** The next PREVIEW_DAYS under the new version; `changed` where the version in force says otherwise. */
  shifts: (Shift & { changed: boolean })[];
  conflicts: Conflict[];
  warnings: Warning[];
}

/**
 * What saving `proposed` at `now` would do: who is on call now and for the next two weeks, what changes,
 * and what to warn about — a layer's holder changing now, an open Sev0/Sev1 (`major` names them), one
 * person on two layers at once. `name` turns a user id into what a person reads.
 */
export function previewSchedule(
  versions: Version[],
  overrides: Override[],
  proposed: RotationLayer[],
  now: number,
  major: string[] = [],
  name: (id: string) => string = (id) => id,
): Preview {
  const next = [...versions, { layers: proposed, from: now }];
  const [before, after] = [onCallIn(versions, overrides, now), onCallIn(next, overrides, now)];
  const holders = LAYERS.map((layer) => ({
    layer,
    before: before.find((s) => s.layer === layer)?.user_id ?? null,
    after: after.find((s) => s.layer === layer)?.user_id ?? null,
  })).filter((h) => h.before || h.after);
  const end = now + PREVIEW_DAYS * DAY;
  const old = shiftsIn(versions, overrides, now, end);
  const shifts = shiftsIn(next, overrides, now, end).map((s) => ({
    ...s,
    changed: !old.some(
      (o) =>
        o.layer === s.layer && o.user_id === s.user_id && o.start <= s.start && Date.parse(o.end) >= Date.parse(s.end),
    ),
  }));
  const conflicts = samePersonConflicts(proposed, now);
  const warnings: Warning[] = [
    ...holders
      .filter((h) => h.before !== h.after)
      .map((h) => ({
        code: "holder_changes" as const,
        layer: h.layer,
        message: `The ${h.layer} changes now: ${h.before ? name(h.before) : "nobody"} → ${h.after ? name(h.after) : "nobody"}.`,
      })),
    ...major.slice(0, 1).map(() => ({
      code: "major_incident" as const,
      message: `${major.join(", ")} open: the people paged for it change with this save.`,
    })),
    ...conflicts.map((c) =>
      c.layers.includes("shadow") && c.layers.includes("primary")
        ? {
            code: "shadow_self" as const,
            field: c.field,
            message: `${name(c.user_id)} would shadow themselves: primary and shadow at the same time from ${c.start}. The shadow must be someone else.`,
          }
        : {
            code: "same_person" as const,
            field: c.field,
            message: `${name(c.user_id)} is on ${c.layers[0]} and ${c.layers[1]} at the same time from ${c.start}.`,
          },
    ),
  ];
  return { now: holders, shifts, conflicts, warnings };
}
