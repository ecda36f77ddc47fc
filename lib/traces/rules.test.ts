import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Span } from "./contract";
import { buildTrace, isoMicros, keptByRate, summarize, traceKeeps, type SamplingPolicy } from "./rules";

const T = "4bf92f3577b34da6a3ce929d0e0e4736";
const BASE = Date.parse("2026-12-04T10:00:00.000Z");

/** A span starting `at` ms after BASE, lasting `ms`. */
function span(id: string, parent: string | null, at: number, ms: number, extra: Partial<Span> = {}): Span {
  return {
    trace_id: T,
    span_id: id.padStart(16, "0"),
    parent_span_id: parent === null ? null : parent.padStart(16, "0"),
    name: `op-${id}`,
    kind: "internal",
    service: "svc",
    component: "svc",
    region: null,
    node_id: null,
    start: isoMicros(BASE + at),
    duration_ms: ms,
    status: "unset",
    status_message: null,
    attributes: {},
    events: [],
    links: [],
    request_id: null,
    org_id: null,
    ...extra,
  };
}

describe("a trace as a tree", () => {
  // root a [0, 100]
  //   b [10, 40]      c [20, 70] (overlaps b)      d [80, 95]
  //     e [30, 60] (runs past b's end)
  //   orphan f (parent 99 not in the trace) [50, 55]
  const spans = [
    span("d", "a", 80, 15),
    span("e", "b", 30, 30),
    span("a", null, 0, 100, { service: "edge", kind: "server" }),
    span("c", "a", 20, 50, { service: "db", status: "error" }),
    span("b", "a", 10, 30, { service: "api" }),
    span("f", "99", 50, 5),
  ];
  const trace = buildTrace(T, spans);
  const byId = Object.fromEntries(trace.spans.map((s) => [s.span_id.replace(/^0+/, ""), s]));

  it("lists spans in pre-order, children by start, orphans as roots after", () => {
    expect(trace.spans.map((s) => [s.span_id.replace(/^0+/, ""), s.depth])).toEqual([
      ["a", 0],
      ["b", 1],
      ["e", 2],
      ["c", 1],
      ["d", 1],
      ["f", 0],
    ]);
    expect(byId.f).toMatchObject({ orphan: true, depth: 0 });
    expect(byId.a).toMatchObject({ orphan: false, child_count: 3 });
  });

  it("gives each span its self time: its duration less the union of its children within it", () => {
    // a: children cover [10,70] ∪ [80,95] = 75 → 25. b: e covers [30,40] within b → 20.
    expect(byId.a?.self_ms).toBe(25);
    expect(byId.b?.self_ms).toBe(20);
    expect(byId.e?.self_ms).toBe(30);
    expect(byId.c?.self_ms).toBe(50);
  });

  it("marks the critical path: the last child to finish, then back over what overlapped", () => {
    // From a's end: d finished last [80,95]; before 80: c [20,70]; before 20: nothing ends (b ends at 40).
    expect(trace.spans.filter((s) => s.critical).map((s) => s.span_id.replace(/^0+/, ""))).toEqual(["a", "c", "d"]);
  });

  it("summarizes the trace", () => {
    expect(trace).toMatchObject({
      start: "2026-12-04T10:00:00.000000Z",
      end: "2026-12-04T10:00:00.100000Z",
      duration_ms: 100,
      span_count: 6,
      error_count: 1,
      services: ["api", "db", "edge", "svc"],
      root: { service: "edge", name: "op-a" },
      truncated: false,
    });
    const s = summarize(
      T,
      spans.map((x) => ({
        start_ms: Date.parse(x.start),
        duration_ms: x.duration_ms,
        service: x.service,
        name: x.name,
        status: x.status,
        root: x.parent_span_id === null,
      })),
    );
    expect(s).toMatchObject({ duration_ms: 100, span_count: 6, error_count: 1, root: { service: "edge" } });
  });

  it("loses no span to a parent cycle or a duplicate", () => {
    const t = buildTrace(T, [span("1", "2", 0, 10), span("2", "1", 1, 5), span("2", "1", 1, 5), span("3", null, 0, 1)]);
    expect(t.spans.map((s) => s.span_id.replace(/^0+/, "")).sort()).toEqual(["1", "2", "3"]);
    expect(t.spans.find((s) => s.span_id.endsWith("1"))?.orphan).toBe(true);
  });

  it("keeps microseconds", () => {
    expect(isoMicros(Date.parse("2026-12-04T10:00:00.123Z") + 0.456)).toBe("2026-12-04T10:00:00.123456Z");
    // Rounding up into the next millisecond, second and day; then back to an earlier second.
    expect(isoMicros(Date.parse("2026-12-04T10:00:00.123Z") + 0.9996)).toBe("2026-12-04T10:00:00.124000Z");
    expect(isoMicros(Date.parse("2026-12-04T23:59:59.999Z") + 0.9999)).toBe("2026-12-05T00:00:00.000000Z");
    expect(isoMicros(Date.parse("2026-12-04T10:00:00.000Z") + 0.001)).toBe("2026-12-04T10:00:00.000001Z");
    expect(isoMicros(Date.parse("2026-12-04T09:59:59.500Z"))).toBe("2026-12-04T09:59:59.500000Z");
    // Any time reads back as itself, to the microsecond.
    for (let i = 0; i < 2000; i++) {
      const ms = Date.parse("2026-12-04T00:00:00Z") + Math.random() * 86_400_000 * 3;
      const text = isoMicros(ms);
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      const back = Date.parse(`${text.slice(0, 23)}Z`) + Number(text.slice(23, 26)) / 1000;
      expect(Math.abs(back - ms)).toBeLessThanOrEqual(0.0005 + 1e-6);
    }
  });
});

describe("sampling", () => {
  const policy: SamplingPolicy = { rate: 0.1, slowMs: 1000, slowMsByService: { edge: 200 } };
  const ok = { status: "ok" as const, duration_ms: 5, service: "api" };

  it("keeps a trace with an error span or a span slower than its service's threshold", () => {
    const never = "0000000000000000000fffffffffffff"; // its random bits are all ones: the rate never keeps it
    expect(traceKeeps(policy, never, [ok, { ...ok, status: "error" }])).toBe("error");
    expect(traceKeeps(policy, never, [ok, { ...ok, duration_ms: 1000 }])).toBe("slow");
    expect(traceKeeps(policy, never, [{ ...ok, service: "edge", duration_ms: 250 }])).toBe("slow");
    expect(traceKeeps(policy, never, [{ ...ok, duration_ms: 999 }])).toBeNull();
  });

  it("keeps successes at the rate (±3 % over 10,000 traces), the same answer for the same id every time", () => {
    for (const rate of [0.1, 0.5]) {
      const ids = Array.from({ length: 10_000 }, () => randomBytes(16).toString("hex"));
      const kept = ids.filter((id) => keptByRate(id, rate)).length / ids.length;
      expect(Math.abs(kept - rate)).toBeLessThan(0.03);
      // Deterministic: another replica, another batch, later — the same decisions.
      expect(ids.filter((id) => keptByRate(id, rate)).length / ids.length).toBe(kept);
    }
    expect(keptByRate(T, 1)).toBe(true);
    expect(keptByRate(T, 0)).toBe(false);
  });
});
