import { describe, expect, it } from "vitest";
import {
  nextOnCall,
  onCallAt,
  onCallIn,
  previewSchedule,
  rotationAt,
  samePersonConflicts,
  shiftAt,
  shiftsBetween,
  shiftsIn,
  scheduleProblems,
  zonedInstant,
  type Override,
  type Version,
} from "./rules";
import { type RotationLayer } from "@/lib/vocabulary";

const at = (iso: string) => Date.parse(iso);
const berlinDaily: RotationLayer = {
  layer: "primary",
  rotation: "daily",
  start_date: "2026-03-27",
  handoff_time: "09:00",
  time_zone: "Europe/Berlin",
  people: ["ann", "bob", "cy"],
};

describe("local wall-clock instants", () => {
  it("resolves 09:00 Berlin in winter and summer time, and a skipped 02:30 to after the jump", () => {
    expect(new Date(zonedInstant(2026, 1, 15, 9, 0, "Europe/Berlin")).toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(new Date(zonedInstant(2026, 7, 15, 9, 0, "Europe/Berlin")).toISOString()).toBe("2026-07-15T07:00:00.000Z");
    expect(new Date(zonedInstant(2026, 3, 29, 2, 30, "Europe/Berlin")).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 on the night clocks go back happens twice: the first one.
    expect(new Date(zonedInstant(2026, 10, 25, 2, 30, "Europe/Berlin")).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("daily rotation across DST", () => {
  it("changes at 09:00 local on both sides of the spring jump, with a 23-hour shift between", () => {
    const s = shiftAt(berlinDaily, at("2026-03-28T12:00:00Z")); // Saturday, bob
    expect(new Date(s.start).toISOString()).toBe("2026-03-28T08:00:00.000Z");
    expect(new Date(s.end).toISOString()).toBe("2026-03-29T07:00:00.000Z"); // 09:00 CEST
    expect((s.end - s.start) / 3_600_000).toBe(23);
    expect(rotationAt(berlinDaily, at("2026-03-28T12:00:00Z"))!.user_id).toBe("bob");
    expect(rotationAt(berlinDaily, at("2026-03-29T06:59:00Z"))!.user_id).toBe("bob");
    expect(rotationAt(berlinDaily, at("2026-03-29T07:00:00Z"))!.user_id).toBe("cy");
    expect(rotationAt(berlinDaily, at("2026-03-30T07:00:00Z"))!.user_id).toBe("ann"); // wraps around
  });

  it("has a 25-hour shift the night clocks go back", () => {
    const s = shiftAt(berlinDaily, at("2026-10-24T12:00:00Z"));
    expect((s.end - s.start) / 3_600_000).toBe(25);
  });

  it("before the first shift counts backwards through the same order", () => {
    expect(rotationAt(berlinDaily, at("2026-03-26T12:00:00Z"))!.user_id).toBe("cy");
    expect(rotationAt(berlinDaily, at("2026-03-27T07:59:00Z"))!.user_id).toBe("cy"); // 08:59 Berlin: still the day before's
  });
});

describe("weekly rotation", () => {
  const weekly: RotationLayer = {
    layer: "secondary",
    rotation: "weekly",
    start_date: "2026-11-23",
    handoff_time: "10:00",
    time_zone: "America/New_York",
    people: ["dee", "eve"],
  };
  it("changes on the start weekday at the local time, across week boundaries and the US DST change", () => {
    expect(rotationAt(weekly, at("2026-11-29T23:00:00Z"))!.user_id).toBe("dee"); // Sunday
    expect(rotationAt(weekly, at("2026-11-30T14:59:00Z"))!.user_id).toBe("dee"); // Monday 09:59 EST
    expect(rotationAt(weekly, at("2026-11-30T15:00:00Z"))!.user_id).toBe("eve"); // Monday 10:00 EST
    const s = shiftAt(weekly, at("2026-11-30T15:00:00Z"));
    expect((s.end - s.start) / 86_400_000).toBe(7);
    // The week clocks go forward (2027-03-14) is an hour short.
    const spring = shiftAt(weekly, at("2027-03-10T12:00:00Z"));
    expect((spring.end - spring.start) / 3_600_000).toBe(7 * 24 - 1);
  });
});

describe("overrides", () => {
  const o = (id: string, user: string, start: string, end: string, created = "2026-03-01T00:00:00Z"): Override => ({
    id,
    layer: "primary",
    user_id: user,
    start,
    end,
    created_at: created,
  });

  it("put someone on call for part of a shift, and the newest override wins", () => {
    const overrides = [
      o("o1", "zed", "2026-03-28T12:00:00Z", "2026-03-28T18:00:00Z"),
      o("o2", "yan", "2026-03-28T15:00:00Z", "2026-03-28T16:00:00Z", "2026-03-02T00:00:00Z"),
    ];
    expect(onCallAt([berlinDaily], overrides, at("2026-03-28T13:00:00Z"))[0]).toMatchObject({
      user_id: "zed",
      override_id: "o1",
    });
    expect(onCallAt([berlinDaily], overrides, at("2026-03-28T15:30:00Z"))[0]).toMatchObject({
      user_id: "yan",
      override_id: "o2",
    });
    expect(onCallAt([berlinDaily], overrides, at("2026-03-28T18:00:00Z"))[0]).toMatchObject({
      user_id: "bob",
      override_id: null,
    });
  });

  it("split the shifts in a window around them, also across a shift change", () => {
    const overrides = [o("o1", "zed", "2026-03-28T06:00:00Z", "2026-03-28T10:00:00Z")]; // across bob's 08:00Z start
    const shifts = shiftsBetween([berlinDaily], overrides, at("2026-03-28T00:00:00Z"), at("2026-03-29T12:00:00Z"));
    expect(shifts.map((s) => [s.user_id, s.start.slice(5, 16), s.end.slice(5, 16)])).toEqual([
      ["ann", "03-28T00:00", "03-28T06:00"],
      ["zed", "03-28T06:00", "03-28T10:00"],
      ["bob", "03-28T10:00", "03-29T07:00"],
      ["cy", "03-29T07:00", "03-29T12:00"],
    ]);
  });
});

describe("schedule problems", () => {
  it("names a repeated layer and an unknown time zone", () => {
    expect(scheduleProblems([berlinDaily, { ...berlinDaily, time_zone: "Mars/Olympus" }])).toEqual([
      { field: "body.layers[1].layer", message: "primary appears twice" },
      { field: "body.layers[1].time_zone", message: "'Mars/Olympus' is not an IANA time zone" },
    ]);
  });
});

describe("schedule versions", () => {
  const utcDaily = (layer: RotationLayer["layer"], people: string[]): RotationLayer => ({
    layer,
    rotation: "daily",
    start_date: "2026-03-02",
    handoff_time: "09:00",
    time_zone: "UTC",
    people,
  });
  const v1: Version = { layers: [utcDaily("primary", ["ann", "bob"])], from: at("2026-03-01T00:00:00Z") };
  const saved = at("2026-03-10T15:00:00Z"); // mid-shift: ann holds 03-10 09:00 → 03-11 09:00 under v1
  const v2: Version = { layers: [utcDaily("primary", ["cy", "dee"])], from: saved };
  const view = (s: { user_id: string; start: string; end: string }[]) =>
    s.map((x) => [x.user_id, x.start.slice(5, 16), x.end.slice(5, 16)]);

  it("take effect from their save: the shifts before it are drawn from the version that held then", () => {
    const day = [at("2026-03-09T00:00:00Z"), at("2026-03-11T12:00:00Z")] as const;
    expect(view(shiftsIn([v1, v2], [], ...day))).toEqual([
      ["ann", "03-09T00:00", "03-09T09:00"],
      ["bob", "03-09T09:00", "03-10T09:00"],
      ["ann", "03-10T09:00", "03-10T15:00"],
      ["cy", "03-10T15:00", "03-11T09:00"],
      ["dee", "03-11T09:00", "03-11T12:00"],
    ]);
    // Before the save, the record is what it was with v1 alone.
    expect(view(shiftsIn([v1, v2], [], day[0], saved))).toEqual(view(shiftsIn([v1], [], day[0], saved)));
    expect(onCallIn([v1, v2], [], saved - 1)[0]!.user_id).toBe("ann");
    expect(onCallIn([v1, v2], [], saved)[0]!.user_id).toBe("cy");
  });

  it("keep a shift whole when the save leaves its holder in place", () => {
    const same: Version = { layers: [utcDaily("primary", ["ann", "bob"])], from: saved };
    expect(view(shiftsIn([v1, same], [], at("2026-03-10T09:00:00Z"), at("2026-03-11T09:00:00Z")))).toEqual([
      ["ann", "03-10T09:00", "03-11T09:00"],
    ]);
  });

  it("say who takes each layer over next, when, and in which zone", () => {
    const berlin: Version = { layers: [{ ...berlinDaily, people: ["ann", "bob"] }], from: at("2026-03-01T00:00:00Z") };
    expect(nextOnCall([berlin], [], at("2026-03-28T12:00:00Z"))).toEqual([
      expect.objectContaining({
        layer: "primary",
        user_id: "ann",
        start: "2026-03-29T07:00:00.000Z",
        time_zone: "Europe/Berlin",
      }),
    ]);
  });
});

describe("a schedule's preview", () => {
  const layer = (l: RotationLayer["layer"], people: string[]): RotationLayer => ({
    layer: l,
    rotation: "weekly",
    start_date: "2026-03-02",
    handoff_time: "09:00",
    time_zone: "UTC",
    people,
  });
  const now = at("2026-03-04T12:00:00Z");
  const v1: Version = { layers: [layer("primary", ["ann", "bob"]), layer("secondary", ["bob", "ann"])], from: 0 };

  it("finds one person on two layers at once, naming the later layer's people", () => {
    const all = [layer("primary", ["ann"]), layer("secondary", ["ann"]), layer("tertiary", ["ann"])];
    expect(samePersonConflicts(all, now).map((c) => [c.field, c.layers.join("+")])).toEqual([
      ["body.layers[1].people", "primary+secondary"],
      ["body.layers[2].people", "primary+tertiary"],
      ["body.layers[2].people", "secondary+tertiary"],
    ]);
    expect(samePersonConflicts(v1.layers, now)).toEqual([]); // they swap, never together
  });

  it("shows who is on call now and for two weeks, marks what changes, and warns", () => {
    const swapped = [layer("primary", ["bob", "ann"]), layer("secondary", ["ann", "bob"])];
    const p = previewSchedule([v1], [], swapped, now, ["INC-4 (SEV1)"], (id) => id.toUpperCase());
    expect(p.now).toEqual([
      { layer: "primary", before: "ann", after: "bob" },
      { layer: "secondary", before: "bob", after: "ann" },
    ]);
    expect(p.shifts.every((s) => s.changed)).toBe(true);
    expect(p.shifts.at(-1)!.end).toBe("2026-03-18T12:00:00.000Z");
    expect(p.warnings.map((w) => w.code)).toEqual(["holder_changes", "holder_changes", "major_incident"]);
    expect(p.warnings[0]!.message).toBe("The primary changes now: ANN → BOB.");
    const same = previewSchedule([v1], [], v1.layers, now);
    expect([same.warnings, same.shifts.some((s) => s.changed)]).toEqual([[], false]);
  });

  it("takes an optional shadow, and warns when the shadow would be the primary at the same time", () => {
    const withShadow = [...v1.layers, layer("shadow", ["cat"])];
    expect(previewSchedule([v1], [], withShadow, now).warnings.map((w) => w.code)).toEqual(["holder_changes"]);
    const self = previewSchedule([v1], [], [layer("primary", ["ann"]), layer("shadow", ["ann"])], now, [], (id) =>
      id.toUpperCase(),
    );
    expect(self.warnings.filter((w) => w.code !== "holder_changes")).toEqual([
      {
        code: "shadow_self",
        field: "body.layers[1].people",
        message: expect.stringContaining("ANN would shadow themselves"),
      },
    ]);
  });
});
