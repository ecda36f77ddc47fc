import { describe, expect, it } from "vitest";
import { ackOverdue, alertSeverity, dueSteps, ladderLength, nextDueAt, stepDueAt } from "./rules";
import { DEFAULT_POLICIES, policyProblems } from "@/lib/playbook";

const min = 60_000;

describe("escalation clocks", () => {
  it("notifies the primary at once and each next step every escalate_after without an ack", () => {
    const p = DEFAULT_POLICIES.critical;
    expect(dueSteps(0, p, 0, new Set())).toEqual([0]);
    expect(dueSteps(0, p, 14 * min, new Set([0]))).toEqual([]);
    expect(dueSteps(0, p, 15 * min, new Set([0]))).toEqual([1]);
    // A process that was down catches up, once per missed step.
    expect(dueSteps(0, p, 50 * min, new Set([0]))).toEqual([1, 2, 3]);
    expect(dueSteps(0, p, 10 * 60 * min, new Set([0, 1, 2, 3]))).toEqual([]);
    expect(stepDueAt(0, DEFAULT_POLICIES.high, 2)).toBe(2 * 60 * min);
  });
  it("is overdue past the response time", () => {
    expect(ackOverdue(0, DEFAULT_POLICIES.critical, 5 * min)).toBe(false);
    expect(ackOverdue(0, DEFAULT_POLICIES.critical, 5 * min + 1)).toBe(true);
  });
  it("reads severity the way Alertmanager rules spell it, and a P0–P3 priority over it", () => {
    expect(
      ["page", "critical", "error", "high", "warning", "info", "low", ""].map((s) => alertSeverity({ severity: s })),
    ).toEqual(["critical", "critical", "high", "high", "medium", "low", "low", "low"]);
    expect(["P0", "p1", "P2", "P3"].map((p) => alertSeverity({ priority: p, severity: "info" }))).toEqual([
      "critical",
      "high",
      "medium",
      "low",
    ]);
    // A priority that is not one of the four does not hide the severity.
    expect(alertSeverity({ priority: "P9", severity: "page" })).toBe("critical");
  });
  it("gives each severity its clock: acknowledge within 5 min / 15 min / 1 h / 4 h, escalate after 15 min / 1 h / 4 h / 24 h", () => {
    const h = 60 * min;
    expect(
      (["critical", "high", "medium", "low"] as const).map((s) => [
        DEFAULT_POLICIES[s].ack_within_s * 1000,
        stepDueAt(0, DEFAULT_POLICIES[s], 1),
      ]),
    ).toEqual([
      [5 * min, 15 * min],
      [15 * min, h],
      [h, 4 * h],
      [4 * h, 24 * h],
    ]);
    // A high alert: the primary at once, the secondary after an hour, nobody in between.
    expect(dueSteps(0, DEFAULT_POLICIES.high, 59 * min, new Set([0]), 4)).toEqual([]);
    expect(dueSteps(0, DEFAULT_POLICIES.high, h, new Set([0]), 4)).toEqual([1]);
  });
  it("goes on to the executive only for a critical alert on a SEV0", () => {
    expect(ladderLength("critical", "sev0")).toBe(5);
    expect([ladderLength("critical", "sev1"), ladderLength("critical", null), ladderLength("high", "sev0")]).toEqual([
      4, 4, 4,
    ]);
    const p = DEFAULT_POLICIES.critical;
    expect(dueSteps(0, p, 60 * min, new Set([0, 1, 2, 3]), 5)).toEqual([4]);
    expect(dueSteps(0, p, 600 * min, new Set([0, 1, 2, 3]), 4)).toEqual([]);
  });
  it("knows when it next has something to do, and when the ladder is done", () => {
    const p = DEFAULT_POLICIES.critical;
    expect(nextDueAt(1000, p, new Set(), 4)).toBe(1000);
    expect(nextDueAt(0, p, new Set([0, 1]), 4)).toBe(30 * min);
    expect(nextDueAt(0, p, new Set([0, 1, 2, 3]), 4)).toBeNull();
  });
  it("names what is wrong with a configured policy", () => {
    expect(policyProblems({ critical: { ack_within_s: 60, escalate_after_s: 120 } })).toEqual([]);
    expect(policyProblems({ urgent: { ack_within_s: 0 } })).toEqual([
      "urgent: is not a severity (critical, high, medium, low)",
      "urgent: needs ack_within_s and escalate_after_s, both positive seconds",
    ]);
    expect(policyProblems([])).toHaveLength(1);
    // Seconds in quotes would add as text: refused.
    expect(policyProblems({ critical: { ack_within_s: "300", escalate_after_s: 900 } })).toEqual([
      "critical: needs ack_within_s and escalate_after_s, both positive seconds",
    ]);
  });
});
