import { describe, expect, it } from "vitest";
import { levelsFrom, resolveWindow, type LogLimits } from "./limits";
import { parseInstant } from "@/lib/http/time";

const limits: LogLimits = {
  retention_days: 30,
  max_window_hours: 168,
  max_page_lines: 5000,
  default_page_lines: 500,
  max_tails_per_org: 10,
  max_tails_per_user: 5,
  max_tails_per_process: 500,
  access_reason_minutes: 60,
  tail_lines_per_second: 500,
  tail_max_seconds: 3600,
  export_max_lines: 100_000,
};
const NOW = Date.parse("2026-11-22T12:00:00Z");

describe("log time ranges", () => {
  it("parses relative times, now and ISO-8601 with a zone", () => {
    expect(parseInstant("15m", "start", NOW)).toBe(NOW - 15 * 60_000);
    expect(parseInstant("2h", "start", NOW)).toBe(NOW - 7_200_000);
    expect(parseInstant("now", "end", NOW)).toBe(NOW);
    expect(parseInstant("2026-11-22T11:00:00.5+01:00", "start", NOW)).toBe(Date.parse("2026-11-22T10:00:00.500Z"));
  });

  it("refuses times without a zone and nonsense, naming the field", () => {
    expect(() => parseInstant("2026-11-22T11:00:00", "start", NOW)).toThrow(/start: must be an ISO-8601/);
    expect(() => parseInstant("yesterday", "end", NOW)).toThrow(/end:/);
    expect(() => parseInstant("15x", "start", NOW)).toThrow(/start:/);
  });

  it("defaults to the last hour", () => {
    const w = resolveWindow({}, limits, NOW);
    expect(w.end.getTime()).toBe(NOW);
    expect(w.start.getTime()).toBe(NOW - 3_600_000);
  });

  it("refuses a window over the limit, naming the limit", () => {
    expect(() => resolveWindow({ start: "8d" }, limits, NOW)).toThrow(/7-day limit/);
    expect(resolveWindow({ start: "7d" }, limits, NOW).start.getTime()).toBe(NOW - 7 * 86_400_000);
  });

  it("refuses windows before retention and inverted windows", () => {
    expect(() => resolveWindow({ start: "31d", end: "30d" }, limits, NOW)).toThrow(/30-day retention/);
    expect(() => resolveWindow({ start: "1h", end: "2h" }, limits, NOW)).toThrow(/before end/);
  });

  it("orders levels for a minimum-level filter", () => {
    expect(levelsFrom("warn")).toEqual(["warn", "error", "fatal"]);
    expect(levelsFrom("trace")).toHaveLength(6);
  });
});
