import { describe, expect, it } from "vitest";
import { brokenCap, retryAfterSeconds } from "./rules";

describe("retryAfterSeconds", () => {
  const w = { max: 3, windowMs: 60_000 };
  const t0 = 1_000_000;

  it("lets hits through until the window holds max of them, then says how long to wait", () => {
    expect(retryAfterSeconds([], w, t0)).toBe(0);
    expect(retryAfterSeconds([t0 - 2, t0 - 1], w, t0)).toBe(0);
    expect(retryAfterSeconds([t0 - 1, t0 - 2, t0 - 3], w, t0)).toBe(60);
  });

  it("counts only the hits inside the window, and waits for the oldest that still counts", () => {
    expect(retryAfterSeconds([t0 - 10_000, t0 - 20_000, t0 - 30_000], w, t0)).toBe(30);
    expect(retryAfterSeconds([t0 - 10_000, t0 - 20_000, t0 - 60_000], w, t0)).toBe(0);
  });

  it("never asks for less than a second", () => {
    expect(retryAfterSeconds([t0 - 59_999, t0 - 59_999, t0 - 59_999], w, t0)).toBe(1);
  });
});

describe("brokenCap", () => {
  const caps = { per_org: 10, per_user: 3, per_process: 100 };
  it("fits under every cap", () => {
    expect(brokenCap({ org: 9, user: 2, process: 99 }, caps)).toBeNull();
  });
  it("names the cap that is full, the person's own first", () => {
    expect(brokenCap({ org: 10, user: 3, process: 0 }, caps)).toEqual({ cap: "per_user", open: 3, max: 3 });
    expect(brokenCap({ org: 10, user: 0, process: 0 }, caps)).toEqual({ cap: "per_org", open: 10, max: 10 });
    expect(brokenCap({ org: 0, user: 0, process: 100 }, caps)).toEqual({ cap: "per_process", open: 100, max: 100 });
  });
});
