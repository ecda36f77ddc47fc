import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirect } from "./callback";

describe("safeCallbackPath", () => {
  it("keeps paths on this site with their query and fragment", () => {
    expect(safeCallbackPath("/incidents/INC-1?tab=timeline#e12")).toBe("/incidents/INC-1?tab=timeline#e12");
    expect(safeCallbackPath("/orgs/acme/logs?q=a%20b")).toBe("/orgs/acme/logs?q=a%20b");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\\\\evil.example/path",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/.//evil.example",
    "/%2e//evil.example",
    "/%2E//evil.example/x?y",
    "/a/..//evil.example",
    "/./\\evil.example",
    "evil.example",
    "",
  ])("sends %j home instead", (url) => {
    expect(safeCallbackPath(url)).toBe("/");
  });

  it("answers undefined and null with home", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(null)).toBe("/");
  });
});

describe("safeRedirect", () => {
  const base = "http://127.0.0.1:3000";
  it("allows this site's absolute URLs and paths", () => {
    expect(safeRedirect("http://127.0.0.1:3000/alerts", base)).toBe("http://127.0.0.1:3000/alerts");
    expect(safeRedirect("/alerts", base)).toBe("http://127.0.0.1:3000/alerts");
  });
  it("refuses other origins and disguised ones", () => {
    expect(safeRedirect("https://evil.example/x", base)).toBe(base);
    expect(safeRedirect("/\\evil.example", base)).toBe("http://127.0.0.1:3000/");
    for (const disguised of [
      "/.//evil.example",
      "/%2e//evil.example",
      "/a/..//evil.example",
      "http://127.0.0.1:3000/.//evil.example",
    ]) {
      expect(safeRedirect(disguised, base)).toBe("http://127.0.0.1:3000/");
    }
    // URL parsing reads the backslash as a slash: what is left is a path on this site.
    expect(safeRedirect("http://127.0.0.1:3000\\@evil.example", base)).toBe("http://127.0.0.1:3000/@evil.example");
  });
});
