import { describe, expect, it } from "vitest";
import {
  barOf,
  firstChildRow,
  isoMs,
  parentRow,
  revealed,
  rowWindow,
  scrollFor,
  ticks,
  visibleSpans,
  type LayoutSpan,
} from "./waterfall";

// edge (0) → control-plane (1) → postgres (2), event append (2); then projector (1)
const T0 = "2026-12-04T10:00:00.000000Z";
const span = (span_id: string, depth: number, child_count: number, offsetMs: number, duration_ms: number) => ({
  span_id,
  depth,
  child_count,
  start: new Date(Date.parse(T0) + offsetMs).toISOString(),
  duration_ms,
});
const SPANS: LayoutSpan[] = [
  span("edge", 0, 2, 0, 100),
  span("api", 1, 2, 5, 60),
  span("pg", 2, 0, 10, 20),
  span("append", 2, 0, 35, 25),
  span("proj", 1, 0, 70, 30),
];

describe("the waterfall's layout", () => {
  it("reads microseconds past the millisecond", () => {
    expect(isoMs("2026-12-04T10:00:00.123456Z") - Date.parse("2026-12-04T10:00:00.123Z")).toBeCloseTo(0.456, 3);
    expect(isoMs("2026-12-04T10:00:00Z")).toBe(Date.parse("2026-12-04T10:00:00Z"));
  });

  it("hides a collapsed span's subtree and nothing else", () => {
    expect(visibleSpans(SPANS, new Set())).toEqual([0, 1, 2, 3, 4]);
    expect(visibleSpans(SPANS, new Set(["api"]))).toEqual([0, 1, 4]);
    expect(visibleSpans(SPANS, new Set(["edge"]))).toEqual([0]);
    // Collapsing a leaf changes nothing.
    expect(visibleSpans(SPANS, new Set(["pg"]))).toEqual([0, 1, 2, 3, 4]);
  });

  it("places bars on the trace's time axis", () => {
    const t0 = isoMs(T0);
    expect(barOf(SPANS[0]!, t0, 100)).toEqual({ leftPct: 0, widthPct: 100, offsetMs: 0 });
    expect(barOf(SPANS[3]!, t0, 100)).toMatchObject({ leftPct: 35, widthPct: 25, offsetMs: 35 });
    // A span of no time still shows, and never runs past the end.
    const tiny = barOf({ start: SPANS[4]!.start, duration_ms: 0 }, t0, 100);
    expect(tiny.widthPct).toBeGreaterThan(0);
    expect(
      barOf({ start: new Date(Date.parse(T0) + 100).toISOString(), duration_ms: 0 }, t0, 100).leftPct,
    ).toBeLessThan(100);
  });

  it("ticks the axis in round steps", () => {
    expect(ticks(100).map((t) => t.ms)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(5400).map((t) => t.ms)).toEqual([0, 2000, 4000]);
    expect(ticks(0)).toEqual([{ ms: 0, pct: 0 }]);
  });

  it("draws only the rows in view, with some either side", () => {
    expect(rowWindow(0, 280, 28, 5000, 5)).toEqual({ first: 0, end: 15 });
    expect(rowWindow(28 * 1000, 280, 28, 5000, 5)).toEqual({ first: 995, end: 1015 });
    expect(rowWindow(28 * 4999, 280, 28, 5000, 5).end).toBe(5000);
  });

  it("moves to a parent and a first child among the rows that show", () => {
    const rows = visibleSpans(SPANS, new Set());
    expect(parentRow(SPANS, rows, 3)).toBe(1);
    expect(parentRow(SPANS, rows, 4)).toBe(0);
    expect(parentRow(SPANS, rows, 0)).toBeNull();
    expect(firstChildRow(SPANS, rows, 1)).toBe(2);
    expect(firstChildRow(SPANS, rows, 2)).toBeNull();
    const folded = visibleSpans(SPANS, new Set(["api"]));
    expect(firstChildRow(SPANS, folded, 1)).toBeNull();
  });

  it("scrolls a row into view only when it is out of it", () => {
    expect(scrollFor(10, 28, 0, 280)).toBe(28);
    expect(scrollFor(2, 28, 0, 280)).toBeNull();
    expect(scrollFor(0, 28, 100, 280)).toBe(0);
  });

  it("unfolds a span's ancestors to show it", () => {
    expect([...revealed(SPANS, new Set(["edge", "api", "proj"]), "append")]).toEqual(["proj"]);
    expect(revealed(SPANS, new Set(["api"]), "nope")).toEqual(new Set(["api"]));
  });
});
