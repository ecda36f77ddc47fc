// The simulator's traces agree with its log lines (the same trace and request ids, the same failures and
// times), decode as OTLP/JSON through the console's own span ingest, and draw as trees whose critical
// path runs through the failing span.
import { describe, expect, it } from "vitest";
import { toSpan } from "@/lib/traces/ingest";
import { JSON_DECODE, spansOf } from "@/lib/traces/otlp";
import { buildTrace } from "@/lib/traces/rules";
import type { Span } from "@/lib/traces/contract";
import { createPlatform } from ".";
import { platformLines } from "./platform-logs";
import { demoScenarios } from "./scenarios";
import { MIN } from "./shape";
import { RECENT_MS, otlpRequests, simulatedSpans } from "./traces";

const anchor = Date.parse("2026-11-27T13:29:00Z");
const p = createPlatform({ seed: 42, anchor });
const scenarios = demoScenarios(anchor);

/** Spans of [from, to) as the console stores them, through the OTLP/JSON decoding and validation. */
function ingested(from: number, to: number, now = to): Span[] {
  return otlpRequests(simulatedSpans(p, from, to, now)).flatMap((req) =>
    spansOf(req, JSON_DECODE).map((o) => {
      const s = toSpan(o, now, 30);
      if (Array.isArray(s)) throw new Error(JSON.stringify(s));
      return s;
    }),
  );
}
const byTrace = (spans: Span[]) => {
  const m = new Map<string, Span[]>();
  for (const s of spans) m.set(s.trace_id, [...(m.get(s.trace_id) ?? []), s]);
  return m;
};

describe("simulated traces", () => {
  // Twenty minutes into the SEV1's eu-west edge degradation.
  const from = anchor - 40 * MIN;
  const to = anchor - 35 * MIN;
  const lines = platformLines(p, from, to);
  const spans = ingested(from, to);
  const traces = byTrace(spans);

  it("make the SEV1's followed edge failures error spans with the lines' trace and request ids", () => {
    const failures = lines.platform.filter(
      (l) => l.component === "edge" && l.level === "error" && l.region === "eu-west" && l.trace_id,
    );
    expect(failures.length).toBeGreaterThan(5);
    for (const line of failures) {
      const trace = traces.get(line.trace_id!);
      expect(trace, `trace ${line.trace_id}`).toBeDefined();
      const tree = buildTrace(line.trace_id!, trace!);
      const root = tree.spans[0]!;
      expect(root).toMatchObject({
        service: "edge",
        region: "eu-west",
        node_id: line.node_id,
        status: "error",
        status_message: line.message,
        request_id: line.request_id,
        critical: true,
        depth: 0,
      });
      // The failing edge span ends when the failure was logged.
      expect(Date.parse(root.start) + root.duration_ms).toBeCloseTo(Date.parse(line.ts), -1);
      // The host agent that forwarded it is in the tree, under the edge's proxy call.
      expect(tree.spans.map((s) => [s.service, s.depth])).toEqual([
        ["edge", 0],
        ["edge", 1],
        ["host-agent", 2],
      ]);
      // And the tenant line of the same request carries the same trace id.
      expect(lines.tenant.find((t) => t.request_id === line.request_id)?.trace_id).toBe(line.trace_id);
    }
  });

  it("trace one in three logged API requests with the line's request id, status and duration", () => {
    const api = lines.platform.filter((l) => l.component === "control-plane" && l.request_id);
    const traced = spans.filter((s) => s.service === "control-plane" && s.kind === "server");
    expect(traced.length).toBeGreaterThan(api.length / 5);
    expect(traced.length).toBeLessThan(api.length / 2);
    for (const s of traced.filter((t) => t.name.startsWith("GET"))) {
      const line = api.find((l) => l.request_id === s.request_id)!;
      expect(line).toBeDefined();
      expect(s.duration_ms).toBe(line.attrs?.duration_ms);
      expect(s.status).toBe(Number(line.attrs?.status) >= 500 ? "error" : "unset");
    }
  });

  it("follow a write through the event log into the projector", () => {
    const write = [...traces.values()].find((t) => t.some((s) => s.name === "event append machine.created"))!;
    const tree = buildTrace(write[0]!.trace_id, write);
    const names = tree.spans.map((s) => `${"  ".repeat(s.depth)}${s.service}: ${s.name}`);
    expect(names).toEqual([
      "edge: POST /v1/apps/{id}/machines",
      "  control-plane: POST /v1/apps/{id}/machines",
      "    control-plane: validate command CreateMachine",
      "    control-plane: event append machine.created",
      "      projector: apply machines",
      "        projector: UPDATE machines",
      "    control-plane: projection wait machines",
    ]);
  });

  it("record the scheduler's allocation decisions as the lines report them", () => {
    const decisions = spans.filter((s) => s.service === "scheduler" && s.name.startsWith("allocate "));
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      const line = lines.platform.find(
        (l) =>
          l.component === "scheduler" &&
          l.message.startsWith(`placed machine ${d.attributes.machine_id} on ${d.attributes["host.chosen"]}`),
      );
      expect(line).toBeDefined();
    }
  });

  it("make the projection-lag scenario's failed applies error spans around slow Postgres statements", () => {
    const lag = scenarios.find((s) => s.kind === "projection-lag")!;
    const mid = lag.start + 12 * MIN;
    const applies = ingested(mid, mid + 2 * MIN, anchor);
    const failed = applies.filter((s) => s.service === "projector" && s.status === "error");
    expect(failed.length).toBeGreaterThan(5);
    const slow = applies.filter((s) => s.name.startsWith("UPDATE") && s.duration_ms > 1000);
    expect(slow.length).toBe(failed.length);
    // Long before now: no routine traces, only failures (the applies, any edge request that timed out).
    for (const trace of byTrace(applies).values()) expect(trace.some((s) => s.status === "error")).toBe(true);
  });

  it("are the same however the window is cut, and routine ones only recent", () => {
    const whole = simulatedSpans(p, from, to)
      .map((s) => s.spanId)
      .sort();
    const cut = from + 2 * MIN + 17_000;
    const parts = [...simulatedSpans(p, from, cut, to), ...simulatedSpans(p, cut, to, to)].map((s) => s.spanId).sort();
    expect(parts).toEqual(whole);
    const old = simulatedSpans(p, anchor - 5 * 3_600_000, anchor - 5 * 3_600_000 + 10 * MIN, anchor);
    expect(old.every((s) => s.status === "error" || s.parentSpanId !== null)).toBe(true);
    expect(RECENT_MS).toBe(60 * MIN);
  });

  it("stay a modest volume for an hour of the demo", () => {
    const hour = simulatedSpans(p, anchor - 60 * MIN, anchor, anchor);
    expect(hour.length).toBeGreaterThan(1000);
    expect(hour.length).toBeLessThan(15_000);
  });
});
