// The rules of traces, as plain functions: which traces sampling keeps, and a trace's spans as a tree —
// pre-order, depth, self time, orphans and the critical path — with its summary. Browser-safe.
import type { TraceKeepReason } from "@/lib/vocabulary";
import type { Span, Trace, TraceSummary, TreeSpan } from "./contract";

// Sampling.

/** Bits of the trace id the rate decision reads: the rightmost 52 (13 hex digits), exact in a double. */
const RATE_HEX_DIGITS = 13;
const RATE_SPACE = 2 ** (RATE_HEX_DIGITS * 4);

/**
 * Is a trace kept by the rate alone? A function of its id only, so every replica and every batch of the
 * trace agree. The rightmost bits are read because W3C Trace Context (level 2) makes them the random ones
 * (some generators put a time in the leftmost bytes, which would skew a leftmost reading).
 */
export function keptByRate(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return parseInt(traceId.slice(-RATE_HEX_DIGITS), 16) / RATE_SPACE < rate;
}

export interface SamplingPolicy {
  rate: number;
  slowMs: number;
  slowMsByService: Record<string, number>;
}

/** The slow threshold of a span's service. */
export const slowThreshold = (p: SamplingPolicy, service: string): number =>
  Object.hasOwn(p.slowMsByService, service) ? (p.slowMsByService[service] ?? p.slowMs) : p.slowMs;

/** Why a span alone keeps its trace (an error, or slower than its service's threshold), or null. */
export function spanKeeps(
  p: SamplingPolicy,
  s: Pick<Span, "status" | "duration_ms" | "service">,
): TraceKeepReason | null {
  if (s.status === "error") return "error";
  if (s.duration_ms >= slowThreshold(p, s.service)) return "slow";
  return null;
}

/** Why these spans of one trace keep it: an error span first, then a slow one, then the rate; null: not yet decided. */
export function traceKeeps(
  p: SamplingPolicy,
  traceId: string,
  spans: Pick<Span, "status" | "duration_ms" | "service">[],
): TraceKeepReason | null {
  let slow = false;
  for (const s of spans) {
    const why = spanKeeps(p, s);
    if (why === "error") return "error";
    if (why === "slow") slow = true;
  }
  if (slow) return "slow";
  return keptByRate(traceId, p.rate) ? "rate" : null;
}

// A trace as a tree.

const startMs = (s: Span) => Date.parse(s.start) + micros(s.start);
/** The microseconds Date.parse drops (ISO text with .ffffff). */
const micros = (iso: string) => {
  const m = /\.\d{3}(\d{1,3})/.exec(iso);
  return m?.[1] ? Number(m[1].padEnd(3, "0")) / 1000 : 0;
};

/** A time in ms since the epoch as ISO-8601 UTC with microseconds. */
export function isoMicros(ms: number): string {
  let whole = Math.floor(ms);
  let us = Math.round((ms - whole) * 1000);
  if (us === 1000) [whole, us] = [whole + 1, 0];
  const second = Math.floor(whole / 1000);
  // A batch's spans share their seconds: the date and time part is formatted once per second.
  if (second !== lastSecond.second) lastSecond = { second, text: new Date(second * 1000).toISOString().slice(0, 20) };
  return `${lastSecond.text}${String((whole - second * 1000) * 1000 + us).padStart(6, "0")}Z`;
}
let lastSecond = { second: NaN, text: "" };

/** Total length of the union of intervals, each clipped to [lo, hi]. */
function unionWithin(intervals: [number, number][], lo: number, hi: number): number {
  const clipped = intervals
    .map(([a, b]): [number, number] => [Math.max(a, lo), Math.min(b, hi)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const iv of clipped) {
    if (cur && iv[0] <= cur[1]) cur[1] = Math.max(cur[1], iv[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [iv[0], iv[1]];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

interface Node {
  span: Span;
  start: number;
  end: number;
  children: Node[];
  orphan: boolean;
  critical: boolean;
}

const byStart = (a: Node, b: Node) => a.start - b.start || a.span.span_id.localeCompare(b.span.span_id);

/**
 * Marks the critical path under `n`: from its end, repeatedly the child that finished last before the
 * current point (children's ends clipped to the parent's), then on from that child's start — skipping
 * children that overlap one already on the path.
 */
function markCritical(n: Node) {
  const stack: Node[] = [n];
  while (stack.length) {
    const cur = stack.pop();
    if (!cur) break;
    cur.critical = true;
    let barrier = cur.end;
    const children = [...cur.children].sort((a, b) => Math.min(b.end, cur.end) - Math.min(a.end, cur.end));
    for (const c of children) {
      const end = Math.min(c.end, cur.end);
      if (end > barrier || c.start >= barrier) continue;
      stack.push(c);
      barrier = c.start;
    }
  }
}

/** The root a trace's critical path starts from: its true root (no parent), else the longest orphan. */
function mainRoot(roots: Node[]): Node | null {
  const real = roots.filter((r) => !r.orphan);
  const pool = real.length ? real : roots;
  let best: Node | null = null;
  for (const r of pool) if (!best || r.end - r.start > best.end - best.start) best = r;
  return best;
}

/** A trace's spans (any order, duplicates dropped) as the API answers them. */
export function buildTrace(traceId: string, input: Span[], truncated = false): Trace {
  const nodes = new Map<string, Node>();
  for (const span of input) {
    if (nodes.has(span.span_id)) continue;
    const start = startMs(span);
    nodes.set(span.span_id, {
      span,
      start,
      end: start + span.duration_ms,
      children: [],
      orphan: false,
      critical: false,
    });
  }
  const roots: Node[] = [];
  for (const n of nodes.values()) {
    const parent = n.span.parent_span_id ? nodes.get(n.span.parent_span_id) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else {
      n.orphan = n.span.parent_span_id !== null;
      roots.push(n);
    }
  }
  // Spans in a parent cycle are reached from no root: each such cycle's first span becomes an orphan root.
  const reached = new Set<Node>();
  const walk = (from: Node) => {
    const stack = [from];
    while (stack.length) {
      const n = stack.pop();
      if (!n || reached.has(n)) continue;
      reached.add(n);
      stack.push(...n.children);
    }
  };
  roots.forEach(walk);
  for (const n of [...nodes.values()].sort(byStart)) {
    if (reached.has(n)) continue;
    for (const p of nodes.values()) p.children = p.children.filter((c) => c !== n);
    n.orphan = true;
    roots.push(n);
    walk(n);
  }
  roots.sort(byStart);
  const main = mainRoot(roots);
  if (main) markCritical(main);

  const spans: TreeSpan[] = [];
  const stack: [Node, number][] = roots.map((r): [Node, number] => [r, 0]).reverse();
  while (stack.length) {
    const top = stack.pop();
    if (!top) break;
    const [n, depth] = top;
    n.children.sort(byStart);
    const covered = unionWithin(
      n.children.map((c): [number, number] => [c.start, c.end]),
      n.start,
      n.end,
    );
    spans.push({
      ...n.span,
      depth,
      self_ms: round3(Math.max(0, n.span.duration_ms - covered)),
      critical: n.critical,
      orphan: n.orphan,
      child_count: n.children.length,
    });
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push([c, depth + 1]);
    }
  }
  const start = Math.min(...[...nodes.values()].map((n) => n.start));
  const end = Math.max(...[...nodes.values()].map((n) => n.end));
  const trueRoot = roots.find((r) => !r.orphan) ?? null;
  return {
    trace_id: traceId,
    start: isoMicros(start),
    end: isoMicros(end),
    duration_ms: round3(end - start),
    span_count: spans.length,
    error_count: spans.filter((s) => s.status === "error").length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    root: trueRoot ? { service: trueRoot.span.service, name: trueRoot.span.name } : null,
    truncated,
    spans,
  };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** A search result's summary from the few columns of each span of the trace. */
export function summarize(
  traceId: string,
  spans: { start_ms: number; duration_ms: number; service: string; name: string; status: string; root: boolean }[],
): TraceSummary {
  let start = Infinity;
  let end = -Infinity;
  let root: TraceSummary["root"] = null;
  let errors = 0;
  const services = new Set<string>();
  for (const s of spans) {
    start = Math.min(start, s.start_ms);
    end = Math.max(end, s.start_ms + s.duration_ms);
    if (s.status === "error") errors++;
    if (s.root && !root) root = { service: s.service, name: s.name };
    services.add(s.service);
  }
  return {
    trace_id: traceId,
    start: isoMicros(start),
    duration_ms: round3(end - start),
    root,
    span_count: spans.length,
    error_count: errors,
    services: [...services].sort(),
  };
}
