import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./download";

describe("attachmentDisposition", () => {
  it("names a plain file plainly", () => {
    expect(attachmentDisposition("acme-logs.ndjson")).toBe(
      `attachment; filename="acme-logs.ndjson"; filename*=UTF-8''acme-logs.ndjson`,
    );
  });

  it.each(["ev\r\nil.ndjson", 'a"b.md', "a\\b", "naïve é.md", "x;y=z", "\u0000"])(
    "builds a valid header from %j",
    (name) => {
      const value = attachmentDisposition(name);
      expect(() => new Headers({ "content-disposition": value })).not.toThrow();
      expect(value).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/);
      expect(value.split('"').length).toBe(3);
    },
  );

  it("keeps the full name in filename* for clients that read it", () => {
    expect(decodeURIComponent(attachmentDisposition("café.md").split("''")[1]!)).toBe("café.md");
  });
});
