import { describe, expect, it } from "vitest";
import {
  age,
  canTransition,
  commanderAfter,
  covers,
  customerUpdateDue,
  describeEntry,
  entryProblems,
  freezes,
  publicTitle,
  transitionError,
} from "./rules";
import { DEFAULT_UPDATE_CADENCE } from "@/lib/playbook";

describe("incident lifecycle", () => {
  it("moves forward, may skip steps, and only reopens from resolved", () => {
    expect(canTransition("investigating", "identified")).toBe(true);
    expect(canTransition("investigating", "resolved")).toBe(true);
    expect(canTransition("mitigated", "identified")).toBe(false);
    expect(canTransition("resolved", "investigating")).toBe(true);
    expect(canTransition("resolved", "mitigated")).toBe(false);
    expect(transitionError("mitigated", "investigating")).toMatch(/next statuses are resolved/);
    expect(transitionError("identified", "identified")).toBeNull();
  });
});

describe("incident commander rule", () => {
  it("makes the actor IC of a Sev0/Sev1 declared or escalated without one", () => {
    expect(commanderAfter({ severity: "sev1", status: "investigating", commanderId: null }, "u1", false)).toEqual({
      commanderId: "u1",
    });
    expect(commanderAfter({ severity: "sev0", status: "identified", commanderId: "u2" }, "u1", false)).toEqual({
      commanderId: "u2",
    });
  });

  it("refuses to clear the IC of an open Sev0/Sev1, but not of a Sev2 or a resolved one", () => {
    expect(commanderAfter({ severity: "sev1", status: "mitigated", commanderId: null }, "u1", true).error).toMatch(
      /must have an incident commander/,
    );
    expect(commanderAfter({ severity: "sev2", status: "investigating", commanderId: null }, "u1", true)).toEqual({
      commanderId: null,
    });
    expect(commanderAfter({ severity: "sev0", status: "resolved", commanderId: null }, "u1", true)).toEqual({
      commanderId: null,
    });
  });
});

describe("deploy freeze", () => {
  it("is on for open Sev0/Sev1 until mitigated", () => {
    expect(freezes({ severity: "sev1", status: "identified" })).toBe(true);
    expect(freezes({ severity: "sev1", status: "mitigated" })).toBe(false);
    expect(freezes({ severity: "sev2", status: "investigating" })).toBe(false);
  });

  it("covers the services and regions an incident names, or all when it names none", () => {
    const scoped = { services: ["edge"], regions: ["eu-west"] };
    expect(covers(scoped, "edge", "eu-west")).toBe(true);
    expect(covers(scoped, "api", "eu-west")).toBe(false);
    expect(covers(scoped, "edge", "us-east")).toBe(false);
    expect(covers({ services: [], regions: [] }, "api", "us-east")).toBe(true);
    expect(covers(scoped)).toBe(true);
  });
});

describe("timeline entries", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");
  it("need a body, a runbook for deviations, and no time far in the future", () => {
    expect(entryProblems({ kind: "note", body: " " }, now)).toEqual({ body: "is required" });
    expect(Object.keys(entryProblems({ kind: "runbook_deviation", body: "", data: {} }, now)).sort()).toEqual([
      "body",
      "data.runbook",
    ]);
    expect(
      entryProblems(
        { kind: "runbook_deviation", body: "skipping drain: host is gone", data: { runbook: "RB-12 host drain" } },
        now,
      ),
    ).toEqual({});
    expect(entryProblems({ kind: "note", body: "x", occurred_at: "2026-11-22T12:02:00Z" }, now)).toEqual({
      occurred_at: "is more than a minute in the future",
    });
    expect(entryProblems({ kind: "note", body: "x", occurred_at: "2026-11-22T11:00:00Z" }, now)).toEqual({});
    expect(entryProblems({ kind: "status_change", body: "x" }, now).kind).toMatch(/must be one of/);
  });

  it("take a customer update's measured success rate only as a percent", () => {
    const cu = (success_rate: unknown) =>
      entryProblems({
        kind: "status_update",
        body: "Some requests fail.",
        data: { audience: "customer", success_rate },
      });
    expect(cu(96.8)).toEqual({});
    expect(cu(140)).toHaveProperty("data.success_rate");
    expect(cu("96.8%")).toHaveProperty("data.success_rate");
  });

  it("accept evidence as a link", () => {
    expect(
      entryProblems({ kind: "evidence", body: "", data: { url: "/orgs/acme/logs?start=2026-11-22T10:00:00Z" } }, now),
    ).toEqual({});
    expect(entryProblems({ kind: "evidence", body: "", data: {} }, now)).toHaveProperty("data.url");
  });
});

describe("age", () => {
  it("reads at a glance", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(age("2026-11-22T11:56:00Z", now)).toBe("4 min");
    expect(age("2026-11-22T09:55:00Z", now)).toBe("2 h 5 min");
    expect(age("2026-11-19T08:00:00Z", now)).toBe("3 d 4 h");
  });
});

describe("describing entries", () => {
  it("names people in role changes and keeps other entries as written", () => {
    const name = (id: string | null) => ({ u1: "Olivia", u2: "Ian" })[id ?? ""] ?? String(id);
    expect(
      describeEntry({ kind: "role_change", body: "x", data: { role: "commander", from: null, to: "u2" } }, name),
    ).toBe("commander: none → Ian");
    expect(describeEntry({ kind: "role_change", body: "IC takeover by Ian", data: { takeover: true } }, name)).toBe(
      "IC takeover by Ian",
    );
    expect(describeEntry({ kind: "note", body: "hello", data: {} }, name)).toBe("hello");
  });
});

describe("customer communications", () => {
  it("checks a status update's audience, names and body", () => {
    expect(
      entryProblems({ kind: "status_update", body: "Edge connects fail in eu-west.", data: { audience: "customer" } }),
    ).toEqual({});
    expect(entryProblems({ kind: "status_update", body: "", data: { audience: "all", services: ["Edge!"] } })).toEqual({
      "data.audience": "say who it is for: internal or customer",
      "data.services": "must be a list of names (lowercase letters, digits, dashes)",
      body: "say what is happening, for whom, and what comes next",
    });
  });
  it("puts the next customer update a cadence after the last one, or after declaration", () => {
    const i = { status: "identified" as const, declaredAt: "2026-11-27T10:00:00.000Z" };
    expect(customerUpdateDue(i, null, 30)).toEqual({ due_at: "2026-11-27T10:30:00.000Z", every_minutes: 30 });
    expect(customerUpdateDue(i, "2026-11-27T10:20:00.000Z", 30)!.due_at).toBe("2026-11-27T10:50:00.000Z");
    expect(customerUpdateDue(i, null, DEFAULT_UPDATE_CADENCE.sev3)).toBeNull();
    expect(customerUpdateDue({ ...i, status: "resolved" }, null, 30)).toBeNull();
  });
  it("says what customers see: a title from what it affects", () => {
    const regions = ["us-east", "eu-west"];
    expect(publicTitle({ services: ["edge", "overlay"], regions: ["eu-west"] }, regions)).toBe(
      "Edge, WireGuard overlay incident in eu-west",
    );
    expect(publicTitle({ services: [], regions: [] }, regions)).toBe("Platform incident");
    // Free text from before the catalog, or a region nobody configured, never reaches the public.
    expect(
      publicTitle(
        { services: ["globex-billing-db 10.20.3.4", "edge"], regions: ["eu-west", "rack 7 (10.0.0.0/8)"] },
        regions,
      ),
    ).toBe("Edge incident in eu-west");
    expect(publicTitle({ services: ["globex-billing-db 10.20.3.4"], regions: [] }, regions)).toBe("Platform incident");
  });
});
