// Rotations as plain functions: who holds each layer (primary, secondary, tertiary) at an instant, and the
// shifts in a window, from a schedule and its overrides. Shifts change at a local wall-clock time in the
// layer's time zone, so a daily shift stays "09:00 Berlin" across DST (23- and 25-hour days) and a weekly
// one changes on the same weekday. Browser-safe: Intl only.

import type { Layer, RotationLayer } from "@/lib/vocabulary";

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

const DAY = 86_400_000;

/** The wall-clock date and time of an instant in a time zone. */
export function localParts(
  at: number,
  timeZone: string,
): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const n = (t: string) => {
    const part = parts.find((p) => p.type === t);
    if (!part) throw new Error(`The ${timeZone} clock gave no ${t} for ${new Date(at).toISOString()}.`);
    return Number(part.value);
  };
  return { y: n("year"), m: n("month"), d: n("day"), hh: n("hour"), mm: n("minute"), ss: n("second") };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens in a zone. A time skipped by a DST jump resolves to the
 * moment after the jump; a repeated one to its first occurrence.
 */
export function zonedInstant(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): number {
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offsets half a day either side: a DST change between them makes two candidates.
  const before = wall - offsetAt(wall - DAY / 2, timeZone);
  const after = wall - offsetAt(wall + DAY / 2, timeZone);
  const candidates = [...new Set([before, after])].sort((a, b) => a - b);
  for (const c of candidates) {
    const p = localParts(c, timeZone);
    if (Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm) === wall) return c;
  }
  return Math.max(before, after);
}

const dayNumber = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY);
const fromDayNumber = (n: number) => {
  const t = new Date(n * DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
// The schedule's schema checks the formats (YYYY-MM-DD, HH:MM); a part missing would read as NaN.
const parseDate = (s: string): [number, number, number] => {
  const [y = NaN, m = NaN, d = NaN] = s.split("-").map(Number);
  return [y, m, d];
};
const parseTime = (s: string): [number, number] => {
  const [hh = NaN, mm = NaN] = s.split(":").map(Number);
  return [hh, mm];
};

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
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: l.time_zone });
    } catch {
      problems.push({ field: `body.layers[${i}].time_zone`, message: `'${l.time_zone}' is not an IANA time zone` });
    }
  });
  return problems;
}
