// Wall-clock arithmetic in a time zone (Intl only, browser-safe): the local parts of an instant, the instant of
// a local time across DST jumps, and day numbers for counting shifts.

export const DAY = 86_400_000;

// One formatter per zone: making one costs far more than using it, and a window's shifts ask thousands of times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `zone` is a time zone this runtime knows (IANA names, e.g. Europe/Berlin). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time of an instant in a time zone. */
export function localParts(
  at: number,
  timeZone: string,
): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const parts = formatter(timeZone).formatToParts(new Date(at));
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

export const dayNumber = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY);
export const fromDayNumber = (n: number) => {
  const t = new Date(n * DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
// The schedule's schema checks the formats (YYYY-MM-DD, HH:MM); a part missing would read as NaN.
export const parseDate = (s: string): [number, number, number] => {
  const [y = NaN, m = NaN, d = NaN] = s.split("-").map(Number);
  return [y, m, d];
};
export const parseTime = (s: string): [number, number] => {
  const [hh = NaN, mm = NaN] = s.split(":").map(Number);
  return [hh, mm];
};
