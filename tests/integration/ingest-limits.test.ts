// Limits before work, on every ingest protocol and both kinds of log: a compressed body that inflates
// into millions of records, attributes or labels is refused within a second and without the memory its
// decoding would take; attributes and labels are capped per line and per request; the per-sender throttle
// admits exactly its limit under concurrency; Loki's JSON is as strict as the console's own bodies.
import zlib from "node:zlib";
import snappy from "snappyjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { protoType } from "@/lib/ingest/protos";

withTestDb();

let agent = "";
beforeAll(async () => {
  agent = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
});
afterEach(() => {
  delete process.env.LOG_INGEST_MAX_BATCHES;
});

const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);

/** A protobuf length-delimited field around `inner`. */
function field(no: number, inner: Buffer): Buffer {
  const len: number[] = [];
  let n = inner.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from([(no << 3) | 2, ...len]), inner]);
}
/** `n` empty messages in field `no`: two bytes each. */
const empties = (no: number, n: number) => Buffer.alloc(2 * n).fill(Buffer.from([(no << 3) | 2, 0]));

const ROUTES = {
  tenant: { native: "/api/v1/logs", otlp: "/api/v1/otlp/v1/logs", loki: "/api/v1/loki/api/v1/push" },
  platform: {
    native: "/api/v1/platform/logs",
    otlp: "/api/v1/platform/otlp/v1/logs",
    loki: "/api/v1/platform/loki/api/v1/push",
  },
};

/** The bombs: a few kilobytes on the wire, millions of records once inflated. */
function bombs(
  kind: keyof typeof ROUTES,
): { name: string; url: string; body: Buffer; headers: Record<string, string> }[] {
  const r = ROUTES[kind];
  const otlpProto = field(1, field(2, empties(2, 10_000_000))); // 10 M empty log records, 20 MB
  const lokiProto = field(1, Buffer.concat([field(1, Buffer.from('{app="web"}')), empties(2, 1_000_000)]));
  const otlpJson = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[${"{},".repeat(1_000_000)}{}]}]}]}`;
  const lokiJson = `{"streams":[{"stream":{"app":"web"},"values":[${'["1",""],'.repeat(1_000_000)}["1",""]]}]}`;
  const attrs = JSON.stringify({
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [
              {
                body: { stringValue: "x" },
                attributes: Array.from({ length: 480_000 }, (_, i) => ({ key: `k${i}`, value: { stringValue: "v" } })),
              },
            ],
          },
        ],
      },
    ],
  });
  return [
    {
      name: "OTLP protobuf, 10 M empty records",
      url: r.otlp,
      body: zlib.gzipSync(otlpProto),
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
    },
    {
      name: "OTLP JSON, 1 M empty records",
      url: r.otlp,
      body: zlib.gzipSync(otlpJson),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    },
    {
      name: "OTLP JSON, 480,000 attributes on one record",
      url: r.otlp,
      body: zlib.gzipSync(attrs),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    },
    {
      name: "Loki protobuf, 1 M entries",
      url: r.loki,
      body: Buffer.from(snappy.compress(lokiProto)),
      headers: { "content-type": "application/x-protobuf" },
    },
    {
      name: "Loki JSON, 1 M entries",
      url: r.loki,
      body: zlib.gzipSync(lokiJson),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    },
    {
      name: "native JSON array, 1 M entries",
      url: r.native,
      body: Buffer.from(`[${"{},".repeat(1_000_000)}{}]`),
      headers: { "content-type": "application/json" },
    },
    {
      name: "native NDJSON, 1 M lines",
      url: r.native,
      body: Buffer.from("{}\n".repeat(1_000_000)),
      headers: { "content-type": "application/x-ndjson" },
    },
  ];
}

describe("a record bomb on every protocol", () => {
  for (const kind of ["tenant", "platform"] as const) {
    for (const b of bombs(kind)) {
      it(`${kind}: ${b.name} is refused within 1 s and 100 MB`, async () => {
        expect(b.body.byteLength).toBeLessThan(5 * 1024 * 1024);
        const rss = process.memoryUsage().rss;
        const started = performance.now();
        const res = await call<ApiErrorBody>("POST", b.url, {
          as: { token: agent },
          rawBody: b.body,
          headers: b.headers,
        });
        const ms = performance.now() - started;
        const grew = (process.memoryUsage().rss - rss) / 1024 / 1024;
        expect([400, 413], res.text).toContain(res.status);
        expect(ms, `${Math.round(ms)} ms`).toBeLessThan(1000);
        expect(grew, `${Math.round(grew)} MB`).toBeLessThan(100);
      });
    }
  }
});

describe("attributes and labels", () => {
  const otlp = (attributes: { key: string; value: { stringValue: string } }[], records = 1) => ({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: "org_id", value: { stringValue: "acme" } },
            { key: "service.name", value: { stringValue: "web" } },
            { key: "deployment.environment.name", value: { stringValue: "production" } },
          ],
        },
        scopeLogs: [
          {
            logRecords: Array.from({ length: records }, () => ({
              timeUnixNano: nowNs(),
              body: { stringValue: "limits: attrs" },
              attributes,
            })),
          },
        ],
      },
    ],
  });
  const attrs = (n: number, size = 1) =>
    Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { stringValue: "v".repeat(size) } }));

  it("refuses a record carrying more than 256 attributes, naming it", async () => {
    const res = await call<ApiErrorBody>("POST", "/api/v1/otlp/v1/logs", {
      as: { token: agent },
      body: otlp(attrs(257)),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "resourceLogs[0].scopeLogs[0].logRecords[0].attributes: holds more than 256 attributes",
    );
  });

  it("refuses a line whose attributes are larger than 64 KB, alone (OTLP keeps the others)", async () => {
    const body = otlp(attrs(2, 40_000));
    body.resourceLogs[0]!.scopeLogs[0]!.logRecords.push({
      timeUnixNano: nowNs(),
      body: { stringValue: "limits: small" },
      attributes: [],
    });
    const res = await call<{ partialSuccess?: { rejectedLogRecords: string; errorMessage: string } }>(
      "POST",
      "/api/v1/otlp/v1/logs",
      { as: { token: agent }, body },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.partialSuccess?.rejectedLogRecords).toBe("1");
    expect(res.body.partialSuccess?.errorMessage).toContain("attrs: are larger than 64 KB");
  });

  it("refuses a Loki stream with more than 64 labels, in JSON and in protobuf", async () => {
    const labels = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, "x"]));
    const json = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      body: {
        streams: [{ stream: { org_id: "acme", app: "web", env: "production", ...labels }, values: [[nowNs(), "x"]] }],
      },
    });
    expect([json.status, json.body.error.message]).toEqual([400, "streams[0].stream: holds more than 64 labels"]);
    const text = `{${Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(", ")}}`;
    const proto = protoType("logproto.PushRequest")
      .encode({ streams: [{ labels: text, entries: [] }] })
      .finish();
    const res = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      rawBody: snappy.compress(proto),
      headers: { "content-type": "application/x-protobuf" },
    });
    expect([res.status, res.body.error.message]).toEqual([400, "streams[0].labels: holds more than 64 labels"]);
  });

  it("refuses a push whose labels, copied into every line, would store more than 64 MB", async () => {
    const labels = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`label_${i}`, "v".repeat(1000)]));
    const body = {
      streams: [
        {
          stream: { org_id: "acme", app: "web", env: "production", ...labels },
          values: Array.from({ length: 10_000 }, () => [nowNs(), "limits: amplified"]),
        },
      ],
    };
    const started = performance.now();
    const res = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      rawBody: zlib.gzipSync(JSON.stringify(body)),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(res.status, res.text).toBe(413);
    expect(res.body.error.message).toContain("would store more than 64 MB");
    expect(performance.now() - started).toBeLessThan(3000);
    const found = await call<{ lines: unknown[] }>("GET", "/api/v1/orgs/acme/logs?q=limits%3A%20amplified", {
      as: USERS.acme,
    });
    expect(found.body.lines).toEqual([]);
  });
});

describe("the per-sender throttle", () => {
  it("admits exactly its limit when forty batches arrive at once", async () => {
    process.env.LOG_INGEST_MAX_BATCHES = "10";
    const token = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
    const line = {
      ts: new Date().toISOString(),
      org_id: "acme",
      app_id: "web",
      env_id: "production",
      process_type: "web",
      instance_id: "w",
      message: "throttle race",
    };
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        call("POST", "/api/v1/logs", { as: { token }, body: [line] }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });
});

describe("Loki's JSON is strict", () => {
  const stream = { org_id: "acme", app: "web", env: "production" };
  it.each([
    [{ streams: [{ stream, values: [[nowNs(), "strict: extra top"]] }], extra: 1 }, "extra"],
    [
      {
        streams: [
          { stream, values: [[nowNs(), "strict: entries"]], entries: [{ ts: nowNs(), line: "strict: legacy" }] },
        ],
      },
      "streams[0].entries",
    ],
    [{ streams: [{ stream, values: [[nowNs(), "strict: fourth", {}, "x"]] }] }, "streams[0].values[0]"],
    [
      { streams: [{ stream: { ...stream, app_id: { a: 1 } }, values: [[nowNs(), "strict: object label"]] }] },
      "streams[0].stream.app_id",
    ],
    [
      { streams: [{ stream: { ...stream, request_id: ["r"] }, values: [[nowNs(), "strict: array label"]] }] },
      "streams[0].stream.request_id",
    ],
    [
      { streams: [{ stream, values: [[nowNs(), "strict: metadata", { request_id: 7 }]] }] },
      "streams[0].values[0][2].request_id",
    ],
  ])("%j is a 400 naming %s, and nothing is stored", async (body, named) => {
    const res = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", { as: { token: agent }, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields?.map((f) => f.field)).toContain(named);
    expect(
      (await call<{ lines: unknown[] }>("GET", "/api/v1/orgs/acme/logs?q=strict%3A", { as: USERS.acme })).body.lines,
    ).toEqual([]);
  });

  it("answers a snappy block that declares more than 20 MB with 413", async () => {
    const header = Buffer.from([0x80, 0x80, 0x80, 0x0b, 0x00]); // a varint of 23 MB, then nothing
    const res = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      rawBody: header,
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(res.status).toBe(413);
  });
});
