import { describe, expect, it } from "vitest";
import { formatTime } from "./time-format";

describe("formatTime", () => {
  it("reads 24-hour, ISO-ordered, with the zone", () => {
    expect(formatTime("2026-12-03T17:38:09Z", "utc")).toBe("2026-12-03 17:38:09 UTC");
    expect(formatTime("2026-12-03T05:38:09Z", "utc", true)).toBe("2026-12-03 05:38");
    expect(formatTime("2026-12-03T23:59:00Z", "utc")).not.toMatch(/AM|PM/);
  });
  it("leaves what is not a time as it is", () => {
    expect(formatTime("soon", "utc")).toBe("soon");
  });
});
