import { describe, expect, it } from "vitest";
import { parseRunbook } from "./markdown";

describe("parseRunbook", () => {
  it("reads a title, sections with their lines, lists and paragraphs with bold and code", () => {
    const blocks = parseRunbook(
      "# Edge\n\n**Alerts:** `SLOErrorBudgetBurn`.\n\n## Check\n- the `edge` dashboard\n- **first** the region\n\n- loose item",
    );
    expect(blocks).toEqual([
      { kind: "title", text: "Edge" },
      {
        kind: "paragraph",
        inline: [
          { text: "Alerts:", kind: "strong" },
          { text: " ", kind: "text" },
          { text: "SLOErrorBudgetBurn", kind: "code" },
          { text: ".", kind: "text" },
        ],
      },
      { kind: "heading", text: "Check" },
      {
        kind: "list",
        items: [
          [
            { text: "the ", kind: "text" },
            { text: "edge", kind: "code" },
            { text: " dashboard", kind: "text" },
          ],
          [
            { text: "first", kind: "strong" },
            { text: " the region", kind: "text" },
          ],
        ],
      },
      { kind: "list", items: [[{ text: "loose item", kind: "text" }]] },
    ]);
  });
});
