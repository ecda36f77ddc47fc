import { describe, expect, it } from "vitest";
import { ackProblems, itemEditError, submitProblems, type ItemState } from "./rules";

const NOW = Date.parse("2026-11-23T03:00:00Z");
const MIN = 60_000;
const items = (doneEnd: boolean, doneStart: boolean): ItemState[] => [
  { key: "a", phase: "start", label: "Review dashboard", done: doneStart },
  { key: "b", phase: "end", label: "Hand off investigations", done: doneEnd },
  { key: "c", phase: "end", label: "Timelines up to date", done: doneEnd },
];
const inc = (id: string, lastMinAgo: number | null) => ({
  id,
  ref: `INC-${id}`,
  title: `t${id}`,
  last_entry_at: lastMinAgo === null ? null : new Date(NOW - lastMinAgo * MIN).toISOString(),
  declared_at: new Date(NOW - 120 * MIN).toISOString(),
});

describe("the end-of-shift gate", () => {
  it("lists every open end item, every missing summary and every stale timeline", () => {
    const p = submitProblems(
      { status: "open", items: items(false, false), summaries: { "1": "rolling back" } },
      [inc("1", 5), inc("2", 45)],
      30 * MIN,
      NOW,
    );
    expect(p.map((x) => [x.kind, x.key ?? x.incident_id])).toEqual([
      ["item", "b"],
      ["item", "c"],
      ["summary", "2"],
      ["stale_timeline", "2"],
    ]);
    expect(p[3]!.message).toContain("45 minutes ago");
  });

  it("passes with end items done, a summary per open incident and fresh timelines; start items are not the outgoing's", () => {
    expect(
      submitProblems(
        { status: "open", items: items(true, false), summaries: { "1": "x", "2": "y" } },
        [inc("1", 29), inc("2", 0)],
        30 * MIN,
        NOW,
      ),
    ).toEqual([]);
  });

  it("uses the declaration time when a timeline is empty, and a blank summary is missing", () => {
    const p = submitProblems(
      { status: "open", items: items(true, true), summaries: { "1": "   " } },
      [inc("1", null)],
      30 * MIN,
      NOW,
    );
    expect(p.map((x) => x.kind)).toEqual(["summary", "stale_timeline"]);
  });

  it("honours a configured staleness window", () => {
    expect(
      submitProblems(
        { status: "open", items: items(true, true), summaries: { "1": "x" } },
        [inc("1", 45)],
        60 * MIN,
        NOW,
      ),
    ).toEqual([]);
  });

  it("refuses a second submit", () => {
    expect(
      submitProblems({ status: "submitted", items: items(true, true), summaries: {} }, [], 30 * MIN, NOW)[0]!.kind,
    ).toBe("status");
  });
});

describe("acknowledging", () => {
  it("needs a submitted handoff and every start item done", () => {
    expect(ackProblems({ status: "open", items: items(true, true) })[0]!.message).toMatch(/not submitted/);
    expect(ackProblems({ status: "submitted", items: items(true, false) }).map((p) => p.key)).toEqual(["a"]);
    expect(ackProblems({ status: "submitted", items: items(true, true) })).toEqual([]);
    expect(ackProblems({ status: "acknowledged", items: items(true, true) })[0]!.message).toMatch(/already/);
  });
});

describe("who ticks what", () => {
  const h = { status: "open", outgoingId: "out", incomingId: "in" };
  it("start items are the incoming's, end items the outgoing's", () => {
    expect(itemEditError(h, "end", "out")).toBeNull();
    expect(itemEditError(h, "start", "in")).toBeNull();
    expect(itemEditError(h, "start", "out")!.code).toBe("forbidden");
    expect(itemEditError(h, "end", "in")!.code).toBe("forbidden");
    expect(itemEditError(h, "end", "someone-else")!.code).toBe("forbidden");
  });
  it("end items freeze at submit; all items at acknowledgement", () => {
    expect(itemEditError({ ...h, status: "submitted" }, "end", "out")!.code).toBe("conflict");
    expect(itemEditError({ ...h, status: "submitted" }, "start", "in")).toBeNull();
    expect(itemEditError({ ...h, status: "acknowledged" }, "start", "in")!.code).toBe("conflict");
  });
});
