import { describe, expect, it } from "vitest";
import { TEAM_SLUG, teamProblems } from "./rules";

describe("teams", () => {
  it("takes slugs of lowercase letters, digits and dashes", () => {
    expect(["edge", "data-2", "a"].every((s) => TEAM_SLUG.test(s))).toBe(true);
    expect(["Edge", "-edge", "edge-", "ed ge", "", "x".repeat(41)].some((s) => TEAM_SLUG.test(s))).toBe(false);
  });

  it("checks the zone and that working hours start before they end", () => {
    expect(teamProblems({ time_zone: "Europe/Berlin", work_start_hour: 9, work_end_hour: 17 })).toEqual([]);
    expect(teamProblems({ time_zone: "UTC", work_start_hour: 0, work_end_hour: 24 })).toEqual([]);
    expect(
      teamProblems({ time_zone: "Moon/Base", work_start_hour: 17, work_end_hour: 17 }).map((p) => p.field),
    ).toEqual(["body.time_zone", "body.work_end_hour"]);
  });
});
