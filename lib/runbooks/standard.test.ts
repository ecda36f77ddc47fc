import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunbook } from "./markdown";
import { consoleRunbookSlug, runbookProblems } from "./standard";

describe("the runbook standard", () => {
  it("names each section a runbook lacks or leaves empty", () => {
    const md = "# X\n\n## Symptoms and alerts\n- a\n\n## Impact and scope\n\n## Mitigation\n- b\n\n## Check\n- c";
    expect(runbookProblems(parseRunbook(md))).toEqual(["Impact and scope", "Verification", "Escalation", "Follow-up"]);
  });

  it("holds for every runbook the console ships", () => {
    const dir = path.join(process.cwd(), "docs/runbooks");
    for (const f of fs.readdirSync(dir))
      expect([f, runbookProblems(parseRunbook(fs.readFileSync(path.join(dir, f), "utf8")))]).toEqual([f, []]);
  });

  it("recognises a link to one of the console's own runbooks, and only that", () => {
    expect(consoleRunbookSlug("/runbooks/edge-connect-failures")).toBe("edge-connect-failures");
    expect(consoleRunbookSlug("https://console.example/runbooks/host-down", "https://console.example")).toBe(
      "host-down",
    );
    expect(consoleRunbookSlug("https://wiki.example/runbooks/host-down", "https://console.example")).toBeNull();
    expect(consoleRunbookSlug("https://runbooks.example/edge")).toBeNull();
  });
});

describe("untested runbooks", () => {
  const now = Date.parse("2026-12-03T00:00:00Z");
  it("are those never exercised or not within RUNBOOK_TEST_DAYS", async () => {
    const { isUntested } = await import("./standard");
    expect(isUntested(null, 90, now)).toBe(true);
    expect(isUntested(now - 89 * 86_400_000, 90, now)).toBe(false);
    expect(isUntested(now - 91 * 86_400_000, 90, now)).toBe(true);
  });
});
