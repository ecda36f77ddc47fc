import zlib from "node:zlib";
import snappy from "snappyjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, sessionCookie, USERS, readMetrics } from "../support/api";
import { sseReader } from "../support/sse";
import { protoType } from "@/lib/ingest/protos";
import { GET as tailRoute } from "@/app/api/v1/orgs/[org]/logs/tail/route";
import type { ApiErrorBody } from "../support/api";

withTestDb();

type Lines = {
  lines: {
    message: string;
    app_id: string;
    env_id: string;
    process_type: string;
    instance_id: string;
    host_id: string | null;
    release_id: string | null;
    level: string;
    request_id: string | null;
    trace_id: string | null;
    attrs: Record<string, unknown> | null;
    org_id: string;
  }[];
};
type Otlp = { partialSuccess?: { rejectedLogRecords: string; errorMessage: string } };

let agent = ""; // a platform token (logs:write), as shippers on the platform's hosts use
let acmeShipper = ""; // a token bound to acme: writes acme only
beforeAll(async () => {
  agent = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
  acmeShipper = (await mintToken(USERS.admin, { scopes: ["logs:write"], org_id: "acme" })).secret;
});

const open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  delete process.env.LOG_INGEST_MAX_BATCHES;
  delete process.env.LOG_INGEST_WINDOW_SECONDS;
});

const kv = (o: Record<string, unknown>) =>
  Object.entries(o).map(([key, v]) => ({
    key,
    value: typeof v === "number" ? { intValue: String(v) } : { stringValue: String(v) },
  }));
const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);
function otlp(resource: Record<string, unknown>, records: Record<string, unknown>[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: kv(resource) },
        scopeLogs: [{ scope: { name: "checkout-logger" }, logRecords: records }],
      },
    ],
  };
}
const WEB = { org_id: "acme", "service.name": "web", "deployment.environment.name": "production" };
const find = async (q: string) =>
  (await call<Lines>("GET", `/api/v1/orgs/acme/logs?q=${encodeURIComponent(q)}&limit=50`, { as: USERS.acme })).body
    .lines;
const postOtlp = (body: unknown, token = agent) =>
  call<Otlp & ApiErrorBody>("POST", "/api/v1/otlp/v1/logs", { as: { token }, body });

describe("OTLP/HTTP logs", () => {
  it("maps resource and record fields (OTel semantic conventions) and keeps the rest in attrs", async () => {
    const res = await postOtlp(
      otlp(
        {
          ...WEB,
          "service.instance.id": "web-7f9",
          "host.name": "fc-host-12",
          "service.version": "v2026.11.27",
          process_type: "worker",
          "cloud.region": "eu-west",
        },
        [
          {
            timeUnixNano: nowNs(),
            severityNumber: 17,
            severityText: "ERROR",
            body: { stringValue: "otlp json: payment declined" },
            traceId: "5B8EFFF798038103D269B633813FC60C",
            spanId: "EEE19B7EC3C1B174",
            attributes: kv({ request_id: "req-otlp-1", "payment.provider": "stripe" }),
          },
        ],
      ),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({}); // no partialSuccess: everything was stored
    const [line] = await find("otlp json: payment declined");
    expect(line).toMatchObject({
      org_id: "acme",
      app_id: "web",
      env_id: "production",
      process_type: "worker",
      instance_id: "web-7f9",
      host_id: "fc-host-12",
      release_id: "v2026.11.27",
      level: "error",
      request_id: "req-otlp-1",
      trace_id: "5b8efff798038103d269b633813fc60c",
    });
    expect(line!.attrs).toMatchObject({
      "payment.provider": "stripe",
      "cloud.region": "eu-west",
      span_id: "eee19b7ec3c1b174",
      "otel.scope.name": "checkout-logger",
    });
  });

  it("answers partialSuccess for the records it refuses and stores the others", async () => {
    const res = await postOtlp({
      resourceLogs: [
        otlp(WEB, [{ timeUnixNano: nowNs(), body: { stringValue: "otlp partial: kept" } }]).resourceLogs[0],
        otlp({ org_id: "acme", "service.name": "web" }, [
          { timeUnixNano: nowNs(), body: { stringValue: "otlp partial: no env" } },
        ]).resourceLogs[0],
        otlp({ ...WEB, org_id: "nope" }, [
          { timeUnixNano: nowNs(), body: { stringValue: "otlp partial: unknown org" } },
        ]).resourceLogs[0],
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess!.rejectedLogRecords).toBe("2");
    expect(res.body.partialSuccess!.errorMessage).toContain("deployment.environment.name");
    expect(res.body.partialSuccess!.errorMessage).toContain("unknown org 'nope'");
    expect((await find("otlp partial")).map((l) => l.message)).toEqual(["otlp partial: kept"]);
  });

  it("takes gzip-compressed protobuf and answers in protobuf", async () => {
    const type = protoType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest");
    const msg = type.fromObject({
      resourceLogs: [
        {
          resource: { attributes: kv(WEB) },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: nowNs(),
                  severityNumber: 13,
                  body: { stringValue: "otlp proto: slow upstream" },
                  traceId: Buffer.from("0af7651916cd43dd8448eb211c80319c", "hex"),
                },
              ],
            },
          ],
        },
      ],
    });
    const body = zlib.gzipSync(type.encode(msg).finish());
    const res = await call("POST", "/api/v1/otlp/v1/logs", {
      as: { token: agent },
      rawBody: body,
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    const [line] = await find("otlp proto: slow upstream");
    expect(line).toMatchObject({ level: "warn", trace_id: "0af7651916cd43dd8448eb211c80319c" });
  });

  it("refuses what cannot be decoded, and bombs, with nothing stored", async () => {
    const bad = await call<ApiErrorBody>("POST", "/api/v1/otlp/v1/logs", {
      as: { token: agent },
      rawBody: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("not a protobuf ExportLogsServiceRequest");
    const notGzip = await call<ApiErrorBody>("POST", "/api/v1/otlp/v1/logs", {
      as: { token: agent },
      rawBody: "plain",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(notGzip.status).toBe(400);
    // 64 MB of zeros gzips to ~64 KB: inflating stops at the 20 MB cap.
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(200_000);
    const big = await call<ApiErrorBody>("POST", "/api/v1/otlp/v1/logs", {
      as: { token: agent },
      rawBody: bomb,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain("inflates to more than");
    const other = await call<ApiErrorBody>("POST", "/api/v1/otlp/v1/logs", {
      as: { token: agent },
      rawBody: "{}",
      headers: { "content-type": "text/plain" },
    });
    expect(other.status).toBe(415);
    const many = await postOtlp(
      otlp(
        WEB,
        Array.from({ length: 10_001 }, () => ({ timeUnixNano: nowNs(), body: { stringValue: "otlp many" } })),
      ),
    );
    expect(many.status).toBe(413);
    expect(await find("otlp many")).toEqual([]);
  });

  it("429s with Retry-After over the sender's batch rate, on every protocol and process", async () => {
    process.env.LOG_INGEST_MAX_BATCHES = "2";
    process.env.LOG_INGEST_WINDOW_SECONDS = "30";
    const token = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
    const body = otlp(WEB, [{ timeUnixNano: nowNs(), body: { stringValue: "otlp throttle" } }]);
    expect((await postOtlp(body, token)).status).toBe(200);
    expect(
      (
        await call("POST", "/api/v1/loki/api/v1/push", {
          as: { token },
          body: {
            streams: [
              { stream: { org_id: "acme", app: "web", env: "production" }, values: [[nowNs(), "loki throttle"]] },
            ],
          },
        })
      ).status,
    ).toBe(204);
    const third = await postOtlp(body, token);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(third.body.error.code).toBe("rate_limited");
  });
});

describe("Loki push", () => {
  const push = (body: unknown, token = agent) =>
    call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", { as: { token }, body });

  it("maps stream labels and structured metadata, and answers 204", async () => {
    const res = await push({
      streams: [
        {
          stream: {
            org_id: "acme",
            app: "api",
            env: "staging",
            job: "worker",
            instance: "api-2",
            level: "warning",
            region: "us-east",
          },
          values: [[nowNs(), "loki json: queue slow", { trace_id: "abc123", request_id: "req-loki-1" }]],
        },
      ],
    });
    expect(res.status, res.text).toBe(204);
    const [line] = await find("loki json: queue slow");
    expect(line).toMatchObject({
      app_id: "api",
      env_id: "staging",
      process_type: "worker",
      instance_id: "api-2",
      level: "warn",
      trace_id: "abc123",
      request_id: "req-loki-1",
      attrs: { region: "us-east" },
    });
  });

  it("takes snappy-compressed protobuf and gzip JSON", async () => {
    const type = protoType("logproto.PushRequest");
    const ts = Date.now();
    const msg = type.fromObject({
      streams: [
        {
          labels: '{org_id="acme", app="web", env="production", level="error", note="a \\"quoted\\" value"}',
          entries: [
            {
              timestamp: { seconds: Math.floor(ts / 1000), nanos: (ts % 1000) * 1e6 },
              line: "loki proto: disk full",
              structuredMetadata: [{ name: "trace_id", value: "feed" }],
            },
          ],
        },
      ],
    });
    const res = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      rawBody: snappy.compress(type.encode(msg).finish()),
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(res.status, res.text).toBe(204);
    const [line] = await find("loki proto: disk full");
    expect(line).toMatchObject({ level: "error", trace_id: "feed", attrs: { note: 'a "quoted" value' } });
    expect(Date.parse((line as unknown as { ts: string }).ts)).toBe(ts);
    const gz = zlib.gzipSync(
      JSON.stringify({
        streams: [
          { stream: { org_id: "acme", app: "web", env: "production" }, values: [[nowNs(), "loki gzip: hello"]] },
        ],
      }),
    );
    expect(
      (
        await call("POST", "/api/v1/loki/api/v1/push", {
          as: { token: agent },
          rawBody: gz,
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
        })
      ).status,
    ).toBe(204);
    expect(await find("loki gzip: hello")).toHaveLength(1);
  });

  it("refuses the whole push when an entry is bad, naming it; nothing is stored", async () => {
    const res = await push({
      streams: [
        { stream: { org_id: "acme", app: "web", env: "production" }, values: [[nowNs(), "loki refused: good"]] },
        { stream: { org_id: "nope", app: "web", env: "production" }, values: [[nowNs(), "loki refused: unknown org"]] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("line 2: org_id: unknown org 'nope'");
    expect(await find("loki refused")).toEqual([]);
    const shape = await push({ streams: [{ stream: { app: "web" }, values: [["yesterday", 42]] }] });
    expect(shape.status).toBe(400);
    expect(shape.body.error.details).toMatchObject({ fields: [{ field: "streams[0].values[0]" }] });
    const labels = await call<ApiErrorBody>("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      rawBody: snappy.compress(
        protoType("logproto.PushRequest")
          .encode({ streams: [{ labels: "app=web", entries: [] }] })
          .finish(),
      ),
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(labels.status).toBe(400);
    expect(labels.body.error.message).toContain("streams[0].labels");
  });
});

describe("a token bound to one org", () => {
  it("writes its org without naming it, and is refused — not re-routed — when a line names another", async () => {
    expect(
      (
        await postOtlp(
          otlp({ "service.name": "web", "deployment.environment.name": "production" }, [
            { timeUnixNano: nowNs(), body: { stringValue: "bound: from the token" } },
          ]),
          acmeShipper,
        )
      ).status,
    ).toBe(200);
    expect((await find("bound: from the token"))[0]!.org_id).toBe("acme");
    const cross = await postOtlp(
      otlp({ ...WEB, org_id: "globex" }, [{ timeUnixNano: nowNs(), body: { stringValue: "bound: into globex" } }]),
      acmeShipper,
    );
    expect(cross.status).toBe(403);
    expect(cross.body.error.message).toContain("writes org 'acme' only");
    const loki = await call("POST", "/api/v1/loki/api/v1/push", {
      as: { token: acmeShipper },
      body: {
        streams: [
          {
            stream: { org_id: "globex", app: "web", env: "production" },
            values: [[nowNs(), "bound: loki into globex"]],
          },
        ],
      },
    });
    expect(loki.status).toBe(403);
    const native = await call("POST", "/api/v1/logs", {
      as: { token: acmeShipper },
      body: [
        {
          ts: new Date().toISOString(),
          org_id: "globex",
          app_id: "web",
          env_id: "production",
          process_type: "web",
          instance_id: "w",
          message: "bound: native into globex",
        },
      ],
    });
    expect(native.status).toBe(403);
    const globex = await call<Lines>("GET", "/api/v1/orgs/globex/logs?q=bound&limit=50", { as: USERS.globex });
    expect(globex.body.lines).toEqual([]);
    // …and never writes platform logs.
    expect(
      (
        await call("POST", "/api/v1/platform/otlp/v1/logs", {
          as: { token: acmeShipper },
          body: otlp({ "service.name": "edge", "cloud.region": "eu-west" }, [
            { timeUnixNano: nowNs(), body: { stringValue: "bound: platform" } },
          ]),
        })
      ).status,
    ).toBe(403);
  });
});

describe("platform logs over the same protocols", () => {
  it("maps service.name and cloud.region (OTLP) and component and region (Loki) to the platform line", async () => {
    expect(
      (
        await call("POST", "/api/v1/platform/otlp/v1/logs", {
          as: { token: agent },
          body: otlp({ "service.name": "edge", "cloud.region": "eu-west", "host.name": "edge-eu-west-3" }, [
            {
              timeUnixNano: nowNs(),
              severityText: "ERROR",
              body: { stringValue: "platform otlp: tls handshake failed" },
              attributes: kv({ "exception.type": "TlsHandshakeError", org_id: "acme" }),
            },
          ]),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("POST", "/api/v1/platform/loki/api/v1/push", {
          as: { token: agent },
          body: {
            streams: [
              {
                stream: { component: "scheduler", region: "us-east", node: "sched-1", level: "warn" },
                values: [[nowNs(), "platform loki: placement retry"]],
              },
            ],
          },
        })
      ).status,
    ).toBe(204);
    const res = await call<{
      lines: {
        message: string;
        component: string;
        region: string;
        node_id: string;
        level: string;
        error_class: string | null;
        org_id: string | null;
      }[];
    }>("GET", "/api/v1/platform/logs?q=platform%20&limit=50&start=1h", { as: USERS.oncall });
    const byMsg = Object.fromEntries(res.body.lines.map((l) => [l.message, l]));
    expect(byMsg["platform otlp: tls handshake failed"]).toMatchObject({
      component: "edge",
      region: "eu-west",
      node_id: "edge-eu-west-3",
      level: "error",
      error_class: "TlsHandshakeError",
      org_id: "acme",
    });
    expect(byMsg["platform loki: placement retry"]).toMatchObject({
      component: "scheduler",
      region: "us-east",
      node_id: "sched-1",
      level: "warn",
    });
    // Platform lines never reach a tenant's view, whatever org they name.
    expect(await find("platform otlp")).toEqual([]);
  });
});

describe("live tail and metrics", () => {
  it("delivers a line shipped over OTLP and over Loki to an open tail within a second, and counts them by protocol and org", async () => {
    const res = await tailRoute(
      new Request("http://console.test/api/v1/orgs/acme/logs/tail?q=shipped", {
        headers: { cookie: await sessionCookie(USERS.acme) },
      }),
      { params: Promise.resolve({ org: "acme" }) },
    );
    expect(res.status).toBe(200);
    const reader = sseReader(res);
    open.push(reader);
    await reader.until((e) => e.some((x) => x.event === "ready"));
    const sent = Date.now();
    await postOtlp(otlp(WEB, [{ timeUnixNano: nowNs(), body: { stringValue: "shipped over otlp" } }]));
    await call("POST", "/api/v1/loki/api/v1/push", {
      as: { token: agent },
      body: {
        streams: [
          { stream: { org_id: "acme", app: "web", env: "production" }, values: [[nowNs(), "shipped over loki"]] },
        ],
      },
    });
    const events = await reader.until((e) => e.filter((x) => x.event === "line").length >= 2, 1000);
    expect(
      events
        .filter((e) => e.event === "line")
        .map((e) => (e.data as { message: string }).message)
        .sort(),
    ).toEqual(["shipped over loki", "shipped over otlp"]);
    expect(Date.now() - sent).toBeLessThan(1000);
    const metrics = await readMetrics();
    expect(metrics).toMatch(
      /log_ingest_lines_total\{kind="tenant",protocol="otlp_json",org="acme",outcome="accepted"\} \d+/,
    );
    expect(metrics).toMatch(
      /log_ingest_lines_total\{kind="tenant",protocol="loki_json",org="acme",outcome="accepted"\} \d+/,
    );
  });
});
