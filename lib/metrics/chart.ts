// The arithmetic of drawing a time series in a few hundred pixels (browser-safe, pure): downsampling a
// series to the pixel columns it has, and the ticks of its axes.

/** A point of a series: unix ms and its value, null where the series has a gap. */
export type Point = readonly [number, number | null];

/**
 * At most ~2 points per pixel column (the lowest and the highest, in time order) of `columns` columns over
 * [from, to]: the same picture as every point, drawn in a fraction of the work. Gaps (nulls) are kept as one
 * null each, so a line still breaks where the data does. Points outside [from, to] are clamped to the edge
 * columns. A series that already fits is returned as it is.
 */
export function downsample(points: readonly Point[], from: number, to: number, columns: number): Point[] {
  const cols = Math.max(1, Math.floor(columns));
  if (points.length <= cols * 2 || to <= from) return points.slice();
  const out: Point[] = [];
  const width = (to - from) / cols;
  let col = -1;
  let lo: Point | null = null;
  let hi: Point | null = null;
  const flush = () => {
    if (lo && hi) {
      if (lo === hi) out.push(lo);
      else if (lo[0] <= hi[0]) out.push(lo, hi);
      else out.push(hi, lo);
    }
    lo = hi = null;
  };
  for (const p of points) {
    const [t, v] = p;
    if (v === null) {
      flush();
      if (out.at(-1)?.[1] !== null) out.push(p);
      continue;
    }
    const c = Math.min(cols - 1, Math.max(0, Math.floor((t - from) / width)));
    if (c !== col) {
      flush();
      col = c;
    }
    if (!lo || v < (lo[1] as number)) lo = p;
    if (!hi || v > (hi[1] as number)) hi = p;
  }
  flush();
  return out;
}

/** A 1, 2 or 5 × 10ⁿ step that splits `span` into about `count` parts. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** The y axis: a domain widened to round numbers and its ticks. `zero` starts it at 0 (counts, rates). */
export function valueAxis(
  min: number,
  max: number,
  zero: boolean,
  count = 4,
): { domain: [number, number]; ticks: number[] } {
  let lo = zero ? Math.min(0, min) : min;
  let hi = max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [start, end], ticks };
}

const MIN = 60_000;
const TIME_STEPS = [MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 120 * MIN, 180 * MIN, 360 * MIN, 720 * MIN];
const DAY = 1440 * MIN;

/** Round times (UTC minutes, hours or days) over [from, to], at least `minGap` pixels apart in `width`. */
export function timeTicks(from: number, to: number, width: number, minGap = 80): number[] {
  if (to <= from || width <= 0) return [];
  const least = ((to - from) * minGap) / width;
  const step = TIME_STEPS.find((s) => s >= least) ?? Math.ceil(least / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** The index of the time in sorted `times` nearest to `t` (binary search), or -1 when there are none. */
export function nearestIndex(times: readonly number[], t: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  const prev = times[lo - 1];
  return prev !== undefined && t - prev <= (times[lo] as number) - t ? lo - 1 : lo;
}
