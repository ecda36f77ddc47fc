import { describe, expect, it } from "vitest";
import protobuf from "protobufjs";
import { ROOT, scanJson, scanProtobuf, type Shape, type WireSchema } from "./scan";
import { ApiError } from "./errors";

const shape: Shape = {
  maxItems: 1000,
  maxDepth: 8,
  counts: {
    records: { total: 5, what: "records" },
    attrs: { each: 3, total: 6, what: "attributes" },
    labels: { each: 2, what: "labels" },
    [ROOT]: { total: 4, what: "entries" },
  },
};

const refused = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  return null;
};

describe("scanJson", () => {
  it("lets through what is under every cap", () => {
    expect(
      refused(() =>
        scanJson(
          JSON.stringify({ records: [{ attrs: [1, 2, 3] }, { attrs: [1, 2, 3] }], labels: { a: "x", b: "y" } }),
          shape,
        ),
      ),
    ).toBeNull();
  });

  it("stops at a total with a 413 and at a per-parent cap with a 400 naming the parent", () => {
    expect(refused(() => scanJson(JSON.stringify({ records: [1, 2, 3, 4, 5, 6] }), shape))?.status).toBe(413);
    const each = refused(() =>
      scanJson(JSON.stringify({ records: [{ attrs: [1] }, { attrs: [1, 2, 3, 4] }] }), shape),
    )!;
    expect(each.status).toBe(400);
    expect(each.message).toBe("records[1].attrs: holds more than 3 attributes");
    expect(
      refused(() =>
        scanJson(JSON.stringify({ records: [{ attrs: [1, 2, 3] }, { attrs: [1, 2, 3] }, { attrs: [1] }] }), shape),
      )?.status,
    ).toBe(413);
    expect(refused(() => scanJson(JSON.stringify({ labels: { a: "1", b: "2", c: "3" } }), shape))?.message).toBe(
      "labels: holds more than 2 labels",
    );
    expect(refused(() => scanJson("[1,2,3,4,5]", shape))?.status).toBe(413);
  });

  it("counts names however they are spelled, and never strings that merely look like them", () => {
    expect(refused(() => scanJson('{"\\u0072ecords":[1,2,3,4,5,6]}', shape))?.status).toBe(413);
    expect(refused(() => scanJson(JSON.stringify({ note: '"records": [1,2,3,4,5,6] \\" {[' }), shape))).toBeNull();
    expect(
      refused(() => scanJson(JSON.stringify({ other: [{ records: 1 }], nested: { records: [1, 2] } }), shape)),
    ).toBeNull();
  });

  it("stops at the depth and item limits before reading the rest", () => {
    expect(refused(() => scanJson(`${"[".repeat(20)}${"]".repeat(20)}`, shape))?.message).toMatch(/deeper than 8/);
    const big = `{"x":[${"0,".repeat(5_000_000)}0]}`;
    const t = performance.now();
    expect(refused(() => scanJson(big, shape))?.status).toBe(413);
    expect(performance.now() - t).toBeLessThan(200);
  });
});

describe("scanProtobuf", () => {
  const root = protobuf.parse(`syntax = "proto3";
    message Req { repeated Rec records = 1; string note = 2; }
    message Rec { repeated KV attrs = 6; bytes blob = 3; }
    message KV { string key = 1; Any value = 2; }
    message Any { string s = 1; repeated Any list = 5; }`).root;
  const Req = root.lookupType("Req");
  const wire: WireSchema = {
    Req: { 1: { type: "Rec", name: "records" } },
    Rec: { 6: { type: "KV", name: "attrs" } },
    KV: { 2: { type: "Any" } },
    Any: { 5: { type: "Any" } },
  };
  const bytes = (o: object) => Req.encode(Req.fromObject(o)).finish();
  const kv = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { s: "v" } }));

  it("walks nested messages, skips everything else by its length", () => {
    expect(
      refused(() =>
        scanProtobuf(
          bytes({ records: [{ attrs: kv(3), blob: Buffer.alloc(10_000) }], note: "x".repeat(5000) }),
          "Req",
          wire,
          shape,
        ),
      ),
    ).toBeNull();
  });

  it("refuses too many records, too many attributes in one, and too many in all", () => {
    expect(
      refused(() => scanProtobuf(bytes({ records: Array.from({ length: 6 }, () => ({})) }), "Req", wire, shape))
        ?.status,
    ).toBe(413);
    const one = refused(() => scanProtobuf(bytes({ records: [{}, { attrs: kv(4) }] }), "Req", wire, shape))!;
    expect([one.status, one.message]).toEqual([400, "records[1]: holds more than 3 attributes"]);
    expect(
      refused(() =>
        scanProtobuf(bytes({ records: [{ attrs: kv(3) }, { attrs: kv(3) }, { attrs: kv(1) }] }), "Req", wire, shape),
      )?.status,
    ).toBe(413);
  });

  it("refuses nesting past the depth, and bytes that are not protobuf", () => {
    let v: object = { s: "x" };
    for (let i = 0; i < 10; i++) v = { list: [v] };
    expect(
      refused(() => scanProtobuf(bytes({ records: [{ attrs: [{ key: "k", value: v }] }] }), "Req", wire, shape))
        ?.message,
    ).toMatch(/deeper than 8/);
    for (const junk of [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), Buffer.from([0x0b]), Buffer.from([0x0a])]) {
      expect(refused(() => scanProtobuf(junk, "Req", wire, shape, "a protobuf Req"))?.message).toMatch(
        /^The body is not a protobuf Req/,
      );
    }
  });

  it("stops a bomb of ten million empty records at the cap, quickly", () => {
    const body = Buffer.alloc(20_000_000);
    for (let i = 0; i < body.length; i += 2) body[i] = 0x0a; // field 1, length 0: an empty record
    const t = performance.now();
    expect(refused(() => scanProtobuf(body, "Req", wire, shape))?.status).toBe(413);
    expect(performance.now() - t).toBeLessThan(50);
  });
});
