import { describe, expect, it } from "vitest";
import { allStorable, storable, unstorableAt } from "./text";

describe("storable text", () => {
  const values: unknown[] = [
    "plain",
    "nul \u0000 inside",
    "lone \ud800 surrogate",
    "a pair \ud83d\ude00 is fine",
    { a: 1, b: ["x", { c: "y" }], d: null, e: true },
    { nested: { deep: ["ok", "bad \u0000"] } },
    { ["key \udc00"]: "value" },
    [[[["\ud800"]]]],
    [],
    {},
    42,
    null,
  ];

  it("says a value is storable exactly when no path of it is unstorable", () => {
    for (const v of values) expect(allStorable(v), JSON.stringify(v)).toBe(unstorableAt(v, "") === null);
    expect(unstorableAt({ nested: { deep: ["ok", "bad \u0000"] } }, "body")).toBe("body.nested.deep.1");
  });

  it("makes any value storable, keeping its shape, at any depth", () => {
    for (const v of values) expect(allStorable(storable(v))).toBe(true);
    let deep: unknown = "\u0000";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(allStorable(deep)).toBe(false); // iterative: no stack overflow
  });
});
