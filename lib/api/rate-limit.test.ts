import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows up to max hits in the window, then says how long to wait", () => {
    const l = new RateLimiter({ name: "t", max: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter("k", t0 + i)).toBe(0);
      l.hit("k", t0 + i);
    }
    expect(l.retryAfter("k", t0 + 10)).toBe(60);
    expect(l.retryAfter("other", t0 + 10)).toBe(0);
    expect(l.retryAfter("k", t0 + 60_001)).toBe(0);
  });

  it("forgets a key on reset", () => {
    const l = new RateLimiter({ name: "t", max: 1, windowMs: 60_000 });
    l.hit("k");
    expect(l.retryAfter("k")).toBeGreaterThan(0);
    l.reset("k");
    expect(l.retryAfter("k")).toBe(0);
  });
});
