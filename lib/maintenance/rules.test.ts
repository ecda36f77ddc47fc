import { describe, expect, it } from "vitest";
import {
  changeWindow,
  holdEndCause,
  holdingWindow,
  maintenanceProblems,
  nextSlot,
  publicHeadline,
  windowState,
  type MaintenanceInput,
  type WindowShape,
} from "./rules";

const H = 3_600_000;
const NOW = Date.parse("2026-12-01T10:00:00Z");
const settings = { maxMinutes: 120, noticeHours: 72, mayApprove: (id: string) => id === "usr_em" };
const input = (over: Partial<MaintenanceInput> = {}): MaintenanceInput => ({
  kind: "scheduled",
  start: NOW + 80 * H,
  end: NOW + 82 * H,
  rollbackPlan: "redeploy edge v41",
  approvedBy: null,
  ...over,
});
const check = (over: Partial<MaintenanceInput> = {}) => maintenanceProblems(input(over), NOW, settings);
const fields = (over: Partial<MaintenanceInput> = {}) => check(over).problems.map((p) => p.field);

describe("a new maintenance window", () => {
  it("is accepted when scheduled 72 h ahead, 2 h long, with a rollback plan", () => {
    expect(check()).toEqual({ problems: [], warnings: [] });
  });

  it("is refused when scheduled with less than the notice, saying why and what to do", () => {
    const [p] = check({ start: NOW + 20 * H, end: NOW + 21 * H }).problems;
    expect(p).toEqual({
      field: "body.start",
      message:
        "starts in 20 h: scheduled maintenance is announced at least 72 h ahead; use kind emergency with an engineering manager's approval",
    });
  });

  it("is refused when longer than MAINTENANCE_MAX_MINUTES, or ending before it starts", () => {
    expect(check({ end: NOW + 83 * H }).problems).toEqual([
      {
        field: "body.end",
        message:
          "lasts 3 h: a maintenance window lasts at most 2 h (MAINTENANCE_MAX_MINUTES); split the work into several windows",
      },
    ]);
    expect(fields({ end: NOW + 80 * H })).toEqual(["body.end"]);
    expect(fields({ start: NOW - H, end: NOW + H, kind: "emergency", approvedBy: "usr_em" })).toEqual(["body.start"]);
  });

  it("always needs a rollback plan", () => {
    expect(fields({ rollbackPlan: "  " })).toEqual(["body.rollback_plan"]);
    expect(fields({ kind: "emergency", approvedBy: "usr_em", rollbackPlan: "" })).toEqual(["body.rollback_plan"]);
  });

  it("as emergency work needs the engineering manager's (or an admin's) approval, and may start sooner with a warning", () => {
    const soon = { kind: "emergency" as const, start: NOW + H, end: NOW + 2 * H };
    expect(fields(soon)).toEqual(["body.approved_by"]);
    expect(check({ ...soon, approvedBy: "usr_oncall" }).problems[0]?.message).toMatch(/may not approve/);
    const ok = check({ ...soon, approvedBy: "usr_em" });
    expect(ok.problems).toEqual([]);
    expect(ok.warnings).toEqual([
      "Starts in 1 h: the playbook asks for 4 h notice where possible; tell the affected customers now.",
    ]);
    expect(check({ ...soon, start: NOW + 5 * H, end: NOW + 6 * H, approvedBy: "usr_em" }).warnings).toEqual([]);
  });
});

const win = (over: Partial<WindowShape> = {}): WindowShape => ({
  id: "mw_1",
  number: 3,
  services: ["edge"],
  regions: ["eu-west"],
  startsAt: NOW - H,
  endsAt: NOW + H,
  cancelledAt: null,
  holdEndedAt: null,
  ...over,
});

describe("which window holds an alert", () => {
  it("holds alerts of its services in its regions while it runs", () => {
    const w = win();
    expect(holdingWindow({ service: "edge", region: "eu-west" }, [w], NOW)).toBe(w);
    expect(holdingWindow({ service: "edge", region: "us-east" }, [w], NOW)).toBeNull();
    expect(holdingWindow({ service: "postgres", region: "eu-west" }, [w], NOW)).toBeNull();
    expect(holdingWindow({ service: null, region: "eu-west" }, [w], NOW)).toBeNull();
    expect(holdingWindow({ service: "edge", region: "eu-west" }, [w], NOW + 2 * H)).toBeNull();
  });

  it("with no regions, holds them in every region (an alert without a region too)", () => {
    const w = win({ regions: [] });
    expect(holdingWindow({ service: "edge", region: "ap-south" }, [w], NOW)).toBe(w);
    expect(holdingWindow({ service: "edge", region: null }, [w], NOW)).toBe(w);
  });

  it("holds nothing once cancelled or once its hold ended", () => {
    expect(holdingWindow({ service: "edge", region: "eu-west" }, [win({ cancelledAt: NOW - 1 })], NOW)).toBeNull();
    expect(holdingWindow({ service: "edge", region: "eu-west" }, [win({ holdEndedAt: NOW - 1 })], NOW)).toBeNull();
  });

  it("marks a change posted during it, for a region it covers or every region", () => {
    const w = win({ holdEndedAt: NOW - 1 }); // its hold ended, but the work goes on
    expect(changeWindow({ service: "edge", regions: ["eu-west"] }, [w], NOW)).toBe(w);
    expect(changeWindow({ service: "edge", regions: [] }, [w], NOW)).toBe(w);
    expect(changeWindow({ service: "edge", regions: ["us-east"] }, [w], NOW)).toBeNull();
    expect(changeWindow({ service: "edge", regions: ["eu-west"] }, [win({ cancelledAt: NOW })], NOW)).toBeNull();
  });

  it("stands upcoming, active or past", () => {
    expect(windowState(win({ startsAt: NOW + H, endsAt: NOW + 2 * H }), NOW)).toBe("upcoming");
    expect(windowState(win(), NOW)).toBe("active");
    expect(windowState(win({ cancelledAt: NOW - 1 }), NOW)).toBe("past");
    expect(windowState(win({ endsAt: NOW }), NOW)).toBe("past");
  });
});

describe("a SEV0/SEV1 on services under maintenance", () => {
  const inc = { ref: "INC-12", severity: "sev1" as const, status: "investigating", services: ["edge"] };
  it("ends the hold when declared, raised, or moved onto more services", () => {
    expect(holdEndCause(inc)).toBe("INC-12 (SEV1) declared");
    expect(holdEndCause(inc, { severity: "sev2", services: ["edge"] })).toBe("INC-12 raised to SEV1");
    expect(holdEndCause(inc, { severity: "sev1", services: [] })).toBeNull();
    expect(holdEndCause(inc, { severity: "sev0", services: ["postgres"] })).toBe("INC-12 (SEV1) now on edge");
  });
  it("does not for a SEV2 or a resolved incident", () => {
    expect(holdEndCause({ ...inc, severity: "sev2" })).toBeNull();
    expect(holdEndCause({ ...inc, status: "resolved" })).toBeNull();
  });
});

describe("what customers read", () => {
  it("names services, regions and UTC times, nothing internal", () => {
    const start = Date.parse("2026-12-06T02:00:00Z");
    const label = (s: string) => (s === "edge" ? "Edge" : s);
    expect(
      publicHeadline({ kind: "scheduled", services: ["edge"], regions: ["eu-west"], start, end: start + 2 * H }, label),
    ).toBe("Scheduled maintenance: Edge in eu-west, Sun 2026-12-06 02:00–04:00 UTC");
    expect(
      publicHeadline(
        { kind: "emergency", services: ["edge", "postgres"], regions: [], start: start - 3 * H, end: start },
        label,
      ),
    ).toBe("Emergency maintenance: Edge and postgres in all regions, Sat 2026-12-05 23:00 – Sun 2026-12-06 02:00 UTC");
  });

  it("is offered the next Sunday 02:00–04:00 UTC slot at least the notice ahead", () => {
    // 2026-12-01 is a Tuesday: Sunday the 6th is 112 h away.
    expect(nextSlot(NOW, 72)).toEqual({
      start: Date.parse("2026-12-06T02:00:00Z"),
      end: Date.parse("2026-12-06T04:00:00Z"),
    });
    expect(nextSlot(Date.parse("2026-12-04T10:00:00Z"), 72).start).toBe(Date.parse("2026-12-13T02:00:00Z"));
  });
});
