import { describe, expect, it } from "vitest";
import { customerUpdateNeeded, publicStart, publicState, publicTime, successRateOf, worstState } from "./rules";

describe("the public state", () => {
  it("follows what customers measurably suffer: 96.8 % success is degraded performance, not a major outage", () => {
    const open = { severity: "sev1", status: "investigating" } as const;
    expect(publicState({ ...open, successRate: 96.8 })).toBe("degraded");
    expect(publicState({ ...open, successRate: 80 })).toBe("partial_outage");
    expect(publicState({ ...open, successRate: 12 })).toBe("major_outage");
    // Measured impact wins over severity either way: a SEV0 at 99.5 % is slow, a SEV3 at 20 % is down.
    expect(publicState({ severity: "sev0", status: "identified", successRate: 99.5 })).toBe("degraded");
    expect(publicState({ severity: "sev3", status: "identified", successRate: 20 })).toBe("major_outage");
  });

  it("falls back to severity when nothing was measured, and mitigation and resolution override both", () => {
    expect(
      (["sev0", "sev1", "sev2", "sev3"] as const).map((severity) => publicState({ severity, status: "investigating" })),
    ).toEqual(["major_outage", "partial_outage", "degraded", "degraded"]);
    expect(publicState({ severity: "sev0", status: "mitigated", successRate: 10 })).toBe("monitoring");
    expect(publicState({ severity: "sev0", status: "resolved", successRate: 10 })).toBe("operational");
  });

  it("takes the worst of several incidents' states", () => {
    expect(worstState([])).toBe("operational");
    expect(worstState(["degraded", "monitoring", "partial_outage"])).toBe("partial_outage");
  });
});

describe("when customers must be told", () => {
  const sev1 = { severity: "sev1" as const };
  it("asks for an update when a published incident's public state moves: reopening, resolving, escalating", () => {
    expect(customerUpdateNeeded(true, { ...sev1, status: "resolved" }, { ...sev1, status: "investigating" })).toEqual({
      from: "operational",
      to: "partial_outage",
    });
    expect(customerUpdateNeeded(true, { ...sev1, status: "identified" }, { ...sev1, status: "resolved" })).toEqual({
      from: "partial_outage",
      to: "operational",
    });
    expect(
      customerUpdateNeeded(
        true,
        { severity: "sev2", status: "identified" },
        { severity: "sev0", status: "identified" },
      ),
    ).toEqual({ from: "degraded", to: "major_outage" });
  });

  it("judges before by the rate customers were told and after by the rate the change tells", () => {
    const sev2 = { severity: "sev2", status: "identified" } as const;
    const sev0 = { severity: "sev0", status: "identified" } as const;
    // Told 99 % (degraded); a SEV0 with no new rate still shows degraded: nothing moves.
    expect(customerUpdateNeeded(true, sev2, sev0, 99)).toBeNull();
    // Telling 40 % now moves /status from degraded to a major outage.
    expect(customerUpdateNeeded(true, sev2, sev0, 99, 40)).toEqual({ from: "degraded", to: "major_outage" });
    // Told nothing measured (SEV2: degraded); a SEV0 with 99 % told now stays degraded.
    expect(customerUpdateNeeded(true, sev2, sev0, null, 99)).toBeNull();
  });

  it("does not ask when nothing public moves, or when customers were never told", () => {
    expect(customerUpdateNeeded(true, { ...sev1, status: "investigating" }, { ...sev1, status: "identified" })).toBe(
      null,
    );
    // Measured at 97 %: SEV1 → SEV0 leaves it degraded performance.
    const s = { status: "identified" as const };
    expect(customerUpdateNeeded(true, { ...s, severity: "sev1" }, { ...s, severity: "sev0" }, 97)).toBeNull();
    expect(customerUpdateNeeded(false, { ...sev1, status: "identified" }, { ...sev1, status: "resolved" })).toBeNull();
  });

  it("reads a measured success rate only as a percent", () => {
    expect([96.8, 0, 100, 101, -1, "97", Number.NaN, null].map(successRateOf)).toEqual([
      96.8,
      0,
      100,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("public times", () => {
  it("start when impact began, and say their zone", () => {
    const declaredAt = new Date("2026-11-27T05:38:00Z");
    expect(publicStart({ impactStartedAt: new Date("2026-11-27T05:29:10Z"), declaredAt })).toBe(
      "2026-11-27T05:29:10.000Z",
    );
    expect(publicStart({ impactStartedAt: null, declaredAt })).toBe("2026-11-27T05:38:00.000Z");
    expect(publicTime("2026-11-27T05:29:10.000Z")).toBe("2026-11-27 05:29 UTC");
  });
});
