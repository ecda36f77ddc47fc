import { describe, expect, it } from "vitest";
import { downsample, nearestIndex, timeTicks, valueAxis, type Point } from "./chart";

const series = (n: number, f: (i: number) => number | null): Point[] => Array.from({ length: n }, (_, i) => [i, f(i)]);

describe("downsample", () => {
  it("returns a series that already fits as it is", () => {
    const s = series(10, (i) => i);
    expect(downsample(s, 0, 9, 100)).toEqual(s);
  });

  it("keeps at most two points per column, the lowest and the highest in time order", () => {
    const s = series(1000, (i) => Math.sin(i / 7) * 100);
    const out = downsample(s, 0, 999, 50);
    expect(out.length).toBeLessThanOrEqual(100);
    for (let c = 0; c < 50; c++) {
      const inCol = s.filter(([t]) => Math.min(49, Math.floor(t / (999 / 50))) === c).map(([, v]) => v as number);
      const kept = out.filter(([t]) => Math.min(49, Math.floor(t / (999 / 50))) === c).map(([, v]) => v as number);
      expect(Math.min(...kept)).toBe(Math.min(...inCol));
      expect(Math.max(...kept)).toBe(Math.max(...inCol));
    }
    const times = out.map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("keeps a spike that a stride would skip", () => {
    const s = series(1000, (i) => (i === 501 ? 999 : 1));
    expect(downsample(s, 0, 999, 20).some(([, v]) => v === 999)).toBe(true);
  });

  it("keeps gaps as one null each", () => {
    const s = series(1000, (i) => (i >= 400 && i < 450 ? null : i));
    const out = downsample(s, 0, 999, 20);
    expect(out.filter(([, v]) => v === null)).toHaveLength(1);
    const gap = out.findIndex(([, v]) => v === null);
    expect(out[gap - 1]![0]).toBeLessThan(400);
    expect(out[gap + 1]![0]).toBeGreaterThanOrEqual(450);
  });
});

describe("axes", () => {
  it("rounds the value axis out to 1, 2 or 5 steps, from zero when asked", () => {
    expect(valueAxis(3, 97, true)).toEqual({ domain: [0, 100], ticks: [0, 50, 100] });
    expect(valueAxis(3, 97, true, 5).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(valueAxis(0.991, 0.999, false).domain[0]).toBeLessThanOrEqual(0.991);
    expect(valueAxis(5, 5, false).ticks.length).toBeGreaterThan(1);
  });

  it("places time ticks on round minutes, far enough apart", () => {
    const from = Date.UTC(2026, 11, 3, 0, 7);
    const ticks = timeTicks(from, from + 6 * 3600_000, 300);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(4);
    for (const t of ticks) expect(t % 3600_000).toBe(0);
  });

  it("finds the nearest time", () => {
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20], -5)).toBe(0);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});
