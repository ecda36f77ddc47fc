import { describe, expect, it } from "vitest";
import { classify } from "./rules";

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
