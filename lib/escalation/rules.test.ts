import { describe, expect, it } from "vitest";
import { ackOverdue, dueSteps, escalationSeverity, stepDueAt } from "./rules";
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
  it("reads severity the way Alertmanager rules spell it", () => {
    expect(["page", "critical", "high", "warning", "info", ""].map((s) => escalationSeverity({ severity: s }))).toEqual(
      ["critical", "critical", "high", "medium", "low", "low"],
    );
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
