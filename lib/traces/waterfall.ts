// The waterfall's layout, pure and browser-safe: which spans show (collapsed subtrees hidden), where each
// bar sits on the trace's time axis, the axis's ticks, which rows a scrolled viewport draws, and the tree
// moves the keyboard makes (parent, first child). Spans come in pre-order (each followed by its subtree),
// with their depth, as GET /api/v1/traces/{id} sends them.

/** What the layout needs of a span. */
export interface LayoutSpan {
  span_id: string;
  start: string;
  duration_ms: number;
  depth: number;
  child_count: number;
}

/** An ISO time with up to nanosecond digits, as fractional milliseconds since the epoch. */
export function isoMs(iso: string): number {
  const whole = Date.parse(iso);
  const frac = /\.(\d+)/.exec(iso)?.[1] ?? "";
  // Date.parse keeps the milliseconds; the digits after them are the fraction of a millisecond.
  return frac.length > 3 ? whole + Number(`0.${frac.slice(3)}`) : whole;
}

/** The spans that show when the subtrees under `collapsed` are folded: indexes into `spans`. */
export function visibleSpans(spans: readonly LayoutSpan[], collapsed: ReadonlySet<string>): number[] {
  const out: number[] = [];
  let hideDeeperThan = Infinity;
  spans.forEach((s, i) => {
    if (s.depth > hideDeeperThan) return;
    hideDeeperThan = Infinity;
    out.push(i);
    if (collapsed.has(s.span_id) && s.child_count > 0) hideDeeperThan = s.depth;
  });
  return out;
}

/** A bar's place on the axis, as percentages of the trace's duration; never thinner than `minPct`. */
export function barOf(
  span: Pick<LayoutSpan, "start" | "duration_ms">,
  traceStartMs: number,
  traceDurationMs: number,
  minPct = 0.2,
): { leftPct: number; widthPct: number; offsetMs: number } {
  const total = traceDurationMs > 0 ? traceDurationMs : 1;
  const offsetMs = Math.max(0, isoMs(span.start) - traceStartMs);
  const leftPct = Math.min(100, (offsetMs / total) * 100);
  const widthPct = Math.max(minPct, Math.min(100 - leftPct, (span.duration_ms / total) * 100));
  return { leftPct: Math.min(leftPct, 100 - widthPct), widthPct, offsetMs };
}

/** Round steps for the axis: 1, 2 or 5 times a power of ten (ms), about `count` of them across. */
export function ticks(durationMs: number, count = 5): { ms: number; pct: number }[] {
  if (!(durationMs > 0)) return [{ ms: 0, pct: 0 }];
  const raw = durationMs / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow) as number;
  const out: { ms: number; pct: number }[] = [];
  for (let ms = 0; ms <= durationMs + step * 1e-9; ms += step) out.push({ ms, pct: (ms / durationMs) * 100 });
  return out;
}

/** The rows a viewport draws: [first, end) of `total` rows of `rowHeight`, with `overscan` rows either side. */
export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): { first: number; end: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, end: Math.max(first, end) };
}

/** The visible row of a row's parent (the nearest row above it one level up), or null at a root. */
export function parentRow(spans: readonly LayoutSpan[], rows: readonly number[], row: number): number | null {
  const depth = spans[rows[row]!]?.depth ?? 0;
  for (let r = row - 1; r >= 0; r--) if (spans[rows[r]!]!.depth < depth) return r;
  return null;
}

/** The visible row of a row's first child, or null when it has none showing. */
export function firstChildRow(spans: readonly LayoutSpan[], rows: readonly number[], row: number): number | null {
  const next = rows[row + 1];
  const here = spans[rows[row]!];
  return next !== undefined && here && spans[next]!.depth > here.depth ? row + 1 : null;
}

/** The row to scroll to so `row` shows in a viewport, or null when it already does. */
export function scrollFor(row: number, rowHeight: number, scrollTop: number, viewportHeight: number): number | null {
  const top = row * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}

/** The spans to fold so `span_id` shows: none of its ancestors collapsed. */
export function revealed(spans: readonly LayoutSpan[], collapsed: ReadonlySet<string>, spanId: string): Set<string> {
  const i = spans.findIndex((s) => s.span_id === spanId);
  if (i < 0) return new Set(collapsed);
  const out = new Set(collapsed);
  let depth = spans[i]!.depth;
  for (let j = i - 1; j >= 0 && depth > 0; j--) {
    if (spans[j]!.depth < depth) {
      out.delete(spans[j]!.span_id);
      depth = spans[j]!.depth;
    }
  }
  return out;
}
