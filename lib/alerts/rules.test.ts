import { describe, expect, it } from "vitest";
import { alertScope, classify, matchingIncidents } from "./rules";

describe("alert classification", () => {
  const good = { summary: "Edge connect SLO burning 14x", runbook_url: "https://runbooks/edge" };
  it("pages for severity page or critical with a runbook and a summary", () => {
    expect(classify({ severity: "page" }, good)).toEqual({ kind: "page", pagerEligible: true, reason: null });
    expect(classify({ severity: "CRITICAL" }, good).kind).toBe("page");
  });
  it("tickets everything else", () => {
    expect(classify({ severity: "warning" }, good)).toEqual({ kind: "ticket", pagerEligible: false, reason: null });
    expect(classify({}, good).kind).toBe("ticket");
  });
  it("downgrades a page without a runbook or summary, saying why", () => {
    const c = classify({ severity: "page" }, { summary: "x" });
    expect(c).toMatchObject({ kind: "ticket", pagerEligible: false });
    expect(c.reason).toContain("runbook_url");
    expect(classify({ severity: "critical" }, {}).reason).toContain("runbook_url annotation and a summary annotation");
  });
});

describe("which open incident an alert belongs to", () => {
  const inc = (id: string, services: string[], regions: string[], status = "identified") => ({
    id,
    services,
    regions,
    status,
  });
  const list = [
    inc("edge-eu", ["edge"], ["eu-west"]),
    inc("edge-any", ["edge"], []),
    inc("api-us", ["control-plane"], ["us-east"]),
    inc("old", ["edge"], ["eu-west"], "resolved"),
    inc("everything", [], []),
  ];
  const ids = (s: { service: string | null; region: string | null }) => matchingIncidents(s, list).map((i) => i.id);

  it("suggests the incident naming its service and region first, then one naming its service", () => {
    expect(ids({ service: "edge", region: "eu-west" })).toEqual(["edge-eu", "edge-any"]);
    expect(ids({ service: "edge", region: "us-east" })).toEqual(["edge-any"]);
  });

  it("never suggests a resolved incident, another service's, or one that only names nothing", () => {
    expect(ids({ service: "storage", region: "ap-south" })).toEqual([]);
    expect(ids({ service: null, region: null })).toEqual([]);
  });

  it("reads an SLO alert's service from its SLO", () => {
    expect(
      alertScope({ alertname: "SLOErrorBudgetBurn", slo: "edge-connect", region: "eu-west" }, (s) =>
        s === "edge-connect" ? "edge" : undefined,
      ),
    ).toEqual({ service: "edge", region: "eu-west" });
    expect(alertScope({ alertname: "DiskFull", service: "storage" }, () => undefined)).toEqual({
      service: "storage",
      region: null,
    });
  });
});
