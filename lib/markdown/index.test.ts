import { describe, expect, it } from "vitest";
import { mdCell, mdLine, mdLink, mdText } from "./index";

describe("markdown escaping", () => {
  it("leaves ordinary words alone", () => {
    expect(mdText("Edge config push rolled back at 12:40 UTC, error rate 2.1%")).toBe(
      "Edge config push rolled back at 12:40 UTC, error rate 2.1%",
    );
  });

  it.each([
    ["*bold* _em_ `code`", "\\*bold\\* \\_em\\_ \\`code\\`"],
    ["[click](https://evil.example)", "\\[click\\](https://evil.example)"],
    ["![img](x)", "\\!\\[img\\](x)"],
    ["<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"],
    ["a | b", "a \\| b"],
    ["~~gone~~", "\\~\\~gone\\~\\~"],
    ["&amp; &copy;", "\\&amp; \\&copy;"],
    ["# Not a heading", "\\# Not a heading"],
    ["- not a list", "\\- not a list"],
    ["1. not a list", "1\\. not a list"],
    ["> not a quote", "\\> not a quote"],
    ["back\\slash", "back\\\\slash"],
  ])("escapes %j", (input, out) => {
    expect(mdText(input)).toBe(out);
  });

  it("keeps a table cell on one line", () => {
    expect(mdCell("line one\nline two | three")).toBe("line one<br>line two \\| three");
  });

  it("keeps a heading on one line", () => {
    expect(mdLine("title\n# injected")).toBe("title # injected");
  });

  it("links only to http(s), absolute against the console, with the label escaped", () => {
    expect(
      mdLink(
        "edge [5xx]",
        "/dashboards/edge?from=2026-11-27T12:00:00Z&to=2026-11-27T13:00:00Z",
        "https://console.example",
      ),
    ).toBe(
      "[edge \\[5xx\\]](https://console.example/dashboards/edge?from=2026-11-27T12:00:00Z&to=2026-11-27T13:00:00Z)",
    );
    expect(mdLink("x", "javascript:alert(1)", "https://console.example")).toBe("x (javascript:alert(1))");
    expect(mdLink("x", "https://a.example/p (1)", "https://console.example")).toBe(
      "[x](https://a.example/p%20%281%29)",
    );
  });
});
