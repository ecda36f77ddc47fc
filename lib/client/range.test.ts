import { describe, expect, it } from "vitest";
import { checkRange, parseUtcInput, toUtcInput } from "./range";

const NOW = Date.parse("2026-12-03T12:00:00Z");

describe("a typed UTC range", () => {
  it("reads 24-hour UTC times, with or without seconds, and refuses times that do not exist", () => {
    expect(parseUtcInput("2026-12-03 05:29")).toBe(Date.parse("2026-12-03T05:29:00Z"));
    expect(parseUtcInput("2026-12-03T17:05:09Z")).toBe(Date.parse("2026-12-03T17:05:09Z"));
    expect(parseUtcInput("2026-02-30 10:00")).toBeNull();
    expect(parseUtcInput("2026-12-03 24:00")).toBeNull();
    expect(parseUtcInput("12/03/2026 5:29 PM")).toBeNull();
  });

  it("shows an ISO time as the picker's text and presets as nothing", () => {
    expect(toUtcInput("2026-12-03T17:05:09.000Z")).toBe("2026-12-03 17:05");
    expect(toUtcInput("1h")).toBe("");
  });

  it("says in plain words what is wrong, naming the field", () => {
    expect(checkRange("yesterday", "", { now: NOW })).toMatchObject({ ok: false, field: "start" });
    expect(checkRange("2026-12-03 10:00", "2026-12-03 09:00", { now: NOW })).toMatchObject({
      ok: false,
      field: "end",
      message: "The end is before the start: swap them.",
    });
    const long = checkRange("2026-11-20 00:00", "", { now: NOW, maxHours: 168 });
    expect(long).toMatchObject({ ok: false, field: "start" });
    expect(!long.ok && long.message).toContain("at most 7 days");
    expect(checkRange("2026-12-04 00:00", "", { now: NOW })).toMatchObject({ ok: false, field: "start" });
  });

  it("gives the range as ISO times, an end in the future held at now, an empty end open", () => {
    expect(checkRange("2026-12-03 10:00", "", { now: NOW, maxHours: 168 })).toEqual({
      ok: true,
      start: "2026-12-03T10:00:00.000Z",
      end: undefined,
    });
    expect(checkRange("2026-12-03 10:00", "2026-12-03 13:00", { now: NOW })).toEqual({
      ok: true,
      start: "2026-12-03T10:00:00.000Z",
      end: "2026-12-03T12:00:00.000Z",
    });
  });
});
