import { describe, expect, it } from "vitest";
import { correlateHref } from "./links";

const q = (href: string) => new URL(href, "http://console").searchParams;

describe("a link to a request's path", () => {
  it("looks an hour either side of when it was seen, but never past now", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    const old = q(correlateHref({ request_id: "req-1" }, "2026-12-03T09:00:00Z", now));
    expect([old.get("start"), old.get("end")]).toEqual(["2026-12-03T08:00:00.000Z", "2026-12-03T10:00:00.000Z"]);
    const recent = q(correlateHref({ trace_id: "t-1" }, "2026-12-03T11:50:00Z", now));
    expect(recent.get("end")).toBe("2026-12-03T12:00:00.000Z");
    expect(recent.get("trace_id")).toBe("t-1");
  });

  it("opens an exact window when given one", () => {
    const p = q(correlateHref({ request_id: "req-1" }, { start: "2026-12-03T09:00:01Z", end: "2026-12-03T09:00:07Z" }));
    expect([p.get("start"), p.get("end")]).toEqual(["2026-12-03T09:00:01Z", "2026-12-03T09:00:07Z"]);
  });
});
