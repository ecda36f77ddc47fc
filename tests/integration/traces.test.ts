// Traces end to end, on every engine (PGlite, Postgres, chDB, ClickHouse over HTTP): the real OpenTelemetry
// SDK sends spans through both OTLP/HTTP exporters to the route; traces arriving out of order, across
// batches and minutes apart are read whole; sampling keeps whole traces only; search, services and
// dependencies; per-field errors, body limits and the throttle; who may read, the audit of reads; retention.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { context, trace as otelTrace, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { logEngine, withTestDb } from "../support/db";
import { auditEvents, call, mintToken, readMetrics, serveApi, USERS, type Who } from "../support/api";
import type { Trace, TraceSummary } from "@/lib/traces/contract";
import { ingestOtlpTraces } from "@/lib/traces/ingest";
import { sweepPending } from "@/lib/traces/sampling";
import { chTime } from "@/lib/kinds/clickhouse/sql";

withTestDb();

let writerToken = "";
let writer: Who = null;
let server: Awaited<ReturnType<typeof serveApi>>;
let base = "";

const tid = () => randomBytes(16).toString("hex");
const sid = () => randomBytes(8).toString("hex");
/** A trace id the rate never keeps (its random bits all ones) / always keeps at any rate above 0. */
const neverByRate = () => `${randomBytes(10).toString("hex").slice(0, 19)}fffffffffffff`;

interface S {
  trace: string;
  span: string;
  parent?: string;
  name?: string;
  service?: string;
  at?: number;
  ms?: number;
  error?: boolean;
  attrs?: Record<string, string>;
  region?: string;
}

const kv = (o: Record<string, string>) => Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v } }));

/** An ExportTraceServiceRequest in OTLP JSON: one resource per span's service. */
function otlp(spans: S[]) {
  return {
    resourceSpans: spans.map((s) => ({
      resource: {
        attributes: kv({
          "service.name": s.service ?? "api",
          "cloud.region": s.region ?? "eu-west",
          "service.instance.id": "node-1",
        }),
      },
      scopeSpans: [
        {
          scope: { name: "test" },
          spans: [
            {
              traceId: s.trace,
              spanId: s.span,
              parentSpanId: s.parent ?? "",
              name: s.name ?? "GET /things",
              kind: 2,
              startTimeUnixNano: String(BigInt(s.at ?? Date.now() - 60_000) * 1_000_000n),
              endTimeUnixNano: String(BigInt((s.at ?? Date.now() - 60_000) + (s.ms ?? 5)) * 1_000_000n),
              attributes: kv(s.attrs ?? {}),
              status: s.error ? { code: 2, message: "boom" } : { code: 1 },
            },
          ],
        },
      ],
    })),
  };
}

const post = (body: unknown, as: Who = writer, headers: Record<string, string> = {}) =>
  call<{ partialSuccess?: { rejectedSpans?: string; errorMessage?: string } }>(
    "POST",
    "/api/v1/platform/otlp/v1/traces",
    { as, body, headers },
  );
const read = (id: string, as: Who = USERS.oncall) => call<{ trace: Trace }>("GET", `/api/v1/traces/${id}`, { as });
const search = (q: string, as: Who = USERS.oncall) =>
  call<{ traces: TraceSummary[]; next_cursor: string | null }>("GET", `/api/v1/traces?${q}`, { as });

beforeAll(async () => {
  writerToken = (await mintToken(USERS.admin, { name: "tracer", scopes: ["traces:write"] })).secret;
  writer = { token: writerToken };
  server = await serveApi();
  base = server.base;
});

afterAll(() => server?.close());

afterEach(() => {
  for (const k of [
    "TRACE_SAMPLE_RATE",
    "TRACE_SLOW_MS",
    "TRACE_SLOW_MS_BY_SERVICE",
    "TRACE_RETENTION_DAYS",
    "LOG_INGEST_MAX_BATCHES",
  ])
    delete process.env[k];
});

describe("the OpenTelemetry SDK sends spans", () => {
  for (const kind of ["json", "proto"] as const) {
    it(`through the ${kind} exporter, read back as a tree with its failing span`, async () => {
      process.env.TRACE_SAMPLE_RATE = "0";
      const options = {
        url: `${base}/api/v1/platform/otlp/v1/traces`,
        headers: { Authorization: `Bearer ${writerToken}` },
      };
      const exporter = kind === "json" ? new JsonExporter(options) : new ProtoExporter(options);
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ "service.name": "edge", "cloud.region": "eu-west", "host.name": "edge-7" }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      const tracer = provider.getTracer("edge-proxy");
      // Explicit times: the child ends inside the root, 4 ms long, so it is on the critical path.
      const t0 = Date.now() - 1000;
      const root = tracer.startSpan(`GET /checkout ${kind}`, {
        kind: SpanKind.SERVER,
        startTime: t0,
        attributes: { request_id: `req-${kind}`, org_id: "acme", password: "hunter2-secret" },
      });
      const ctx = otelTrace.setSpan(context.active(), root);
      const child = tracer.startSpan("upstream connect", { kind: SpanKind.CLIENT, startTime: t0 + 1 }, ctx);
      child.addEvent("tls handshake failed", { peer: "10.1.2.3" }, t0 + 3);
      child.setStatus({ code: SpanStatusCode.ERROR, message: "connection reset" });
      child.end(t0 + 5);
      root.end(t0 + 6);
      await provider.forceFlush();
      await provider.shutdown();
      const id = root.spanContext().traceId;
      const res = await read(id);
      expect(res.status, res.text).toBe(200);
      const t = res.body.trace;
      expect(t).toMatchObject({ span_count: 2, error_count: 1, services: ["edge"], root: { service: "edge" } });
      expect(t.spans.map((s) => [s.name, s.depth, s.critical])).toEqual([
        [`GET /checkout ${kind}`, 0, true],
        ["upstream connect", 1, true],
      ]);
      const [r, c] = t.spans;
      expect(r).toMatchObject({
        kind: "server",
        region: "eu-west",
        node_id: "edge-7",
        request_id: `req-${kind}`,
        org_id: "acme",
      });
      expect(r?.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(JSON.stringify(r?.attributes)).not.toContain("hunter2");
      expect(c).toMatchObject({
        kind: "client",
        status: "error",
        status_message: "connection reset",
        parent_span_id: r?.span_id,
      });
      expect(c?.events[0]).toMatchObject({ name: "tls handshake failed", attributes: { peer: "10.1.2.3" } });
    });
  }

  it("hands the console's own spans over in process, as the OpenTelemetry transformer encodes them", async () => {
    const { JsonTraceSerializer } = await import("@opentelemetry/otlp-transformer");
    const { InMemorySpanExporter } = await import("@opentelemetry/sdk-trace-base");
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "ops-console" }),
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    const span = provider.getTracer("console").startSpan("GET /api/v1/incidents");
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    const bytes = JsonTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
    const result = await ingestOtlpTraces(JSON.parse(new TextDecoder().decode(bytes)), "ops-console");
    expect(result).toEqual({ accepted: 1, rejected: 0 });
    expect((await read(span.spanContext().traceId)).body.trace.root).toEqual({
      service: "ops-console",
      name: "GET /api/v1/incidents",
    });
  });
});

describe("whole traces", () => {
  it("reads a trace whose spans arrived out of order, in batches minutes apart, once an error keeps it", async () => {
    process.env.TRACE_SAMPLE_RATE = "0";
    const t = neverByRate();
    const [root, a, b, c] = [sid(), sid(), sid(), sid()];
    const now = Date.now() - 120_000;
    // The leaves first: nothing decides the trace yet, so nothing is readable.
    expect((await post(otlp([{ trace: t, span: c, parent: b, at: now + 30, ms: 10, service: "db" }]))).status).toBe(
      200,
    );
    expect((await post(otlp([{ trace: t, span: a, parent: root, at: now + 5, ms: 10, service: "api" }]))).status).toBe(
      200,
    );
    expect((await read(t)).status).toBe(404);
    // Five minutes on (the sweep runs on a scaled clock): still waiting, not dropped.
    expect((await sweepPending(Date.now() + 5 * 60_000)).spans).toBe(0);
    // The failing span arrives: the whole trace is kept, the waiting spans with it.
    await post(otlp([{ trace: t, span: b, parent: root, at: now + 20, ms: 40, service: "db", error: true }]));
    // The root arrives last, later still: straight to the store, the trace is marked.
    await post(otlp([{ trace: t, span: root, at: now, ms: 100, service: "edge" }]));
    const got = (await read(t)).body.trace;
    expect(got.span_count).toBe(4);
    expect(got.spans.map((s) => s.span_id)).toEqual([root, a, b, c]);
    expect(got.spans.map((s) => s.depth)).toEqual([0, 1, 1, 2]);
    // From the root's end: b (and c within it) finished last; before b started, a.
    expect(got.spans.filter((s) => s.critical).map((s) => s.span_id)).toEqual([root, a, b, c]);
  });

  it("shows a span whose parent never arrived as an orphan, never loses it", async () => {
    const t = tid();
    await post(otlp([{ trace: t, span: sid(), parent: sid(), error: true, name: "lonely" }]));
    const got = (await read(t)).body.trace;
    expect(got.spans).toHaveLength(1);
    expect(got.spans[0]).toMatchObject({ name: "lonely", orphan: true, depth: 0 });
    expect(got.root).toBeNull();
  });

  it("drops a trace that nothing kept once the decision horizon has passed, whole, and counts it", async () => {
    process.env.TRACE_SAMPLE_RATE = "0";
    const t = neverByRate();
    await post(
      otlp([
        { trace: t, span: sid() },
        { trace: t, span: sid() },
      ]),
    );
    const dropped = await sweepPending(Date.now() + 11 * 60_000);
    expect(dropped.spans).toBeGreaterThanOrEqual(2);
    // An error arriving after the horizon keeps only what arrives from then on: the rest was dropped.
    expect((await read(t)).status).toBe(404);
    expect(await readMetrics()).toMatch(/ops_console_trace_spans_dropped_total \d+/);
  });
});

describe("sampling", () => {
  it("keeps every error trace and every trace with a slow span, whatever the rate", async () => {
    process.env.TRACE_SAMPLE_RATE = "0";
    process.env.TRACE_SLOW_MS_BY_SERVICE = JSON.stringify({ edge: 50 });
    const [err, slow, slowEdge, fast] = [neverByRate(), neverByRate(), neverByRate(), neverByRate()];
    await post(
      otlp([
        { trace: err, span: sid(), error: true },
        { trace: slow, span: sid(), ms: 1500 },
        { trace: slowEdge, span: sid(), ms: 60, service: "edge" },
        { trace: fast, span: sid(), ms: 60, service: "api" },
      ]),
    );
    expect((await read(err)).status).toBe(200);
    expect((await read(slow)).status).toBe(200);
    expect((await read(slowEdge)).status).toBe(200);
    expect((await read(fast)).status).toBe(404);
    expect(await readMetrics()).toMatch(/ops_console_trace_spans_kept_total\{reason="slow"\} \d+/);
  });

  it("keeps successes by the trace id alone: the same answer through the route and in process, batch after batch", async () => {
    process.env.TRACE_SAMPLE_RATE = "0.5";
    const ids = Array.from({ length: 40 }, tid);
    // Half of each trace through the route, half in process (two ingest paths, one database), in two rounds.
    await post(otlp(ids.map((trace) => ({ trace, span: sid() }))));
    await ingestOtlpTraces(otlp(ids.map((trace) => ({ trace, span: sid() }))), "second-process");
    const { keptByRate } = await import("@/lib/traces/rules");
    for (const id of ids) {
      const res = await read(id);
      expect(res.status, id).toBe(keptByRate(id, 0.5) ? 200 : 404);
      if (res.status === 200) expect(res.body.trace.span_count).toBe(2);
    }
  });
});

describe("search, services and dependencies", () => {
  const svc = `checkout-${randomBytes(3).toString("hex")}`;
  const ids: string[] = [];
  beforeAll(async () => {
    process.env.TRACE_SAMPLE_RATE = "1";
    const now = Date.now() - 10 * 60_000;
    const spans: S[] = [];
    for (let i = 0; i < 5; i++) {
      const trace = tid();
      ids.push(trace);
      const root = sid();
      spans.push({
        trace,
        span: root,
        service: svc,
        name: "POST /pay",
        at: now + i * 1000,
        ms: 100 + i * 100,
        region: i % 2 ? "us-east" : "eu-west",
        attrs: { org_id: i === 0 ? "acme" : "globex" },
      });
      spans.push({
        trace,
        span: sid(),
        parent: root,
        service: `${svc}-db`,
        name: "INSERT payments",
        at: now + i * 1000 + 10,
        ms: 20,
        error: i < 3,
      });
    }
    expect((await post(otlp(spans))).status).toBe(200);
  });

  it("finds traces newest first by service and status, page by page", async () => {
    const first = await search(`service=${svc}-db&status=error&start=1h&limit=2`);
    expect(first.status, first.text).toBe(200);
    expect(first.body.traces.map((t) => t.trace_id)).toEqual([ids[2], ids[1]]);
    expect(first.body.traces[0]).toMatchObject({
      root: { service: svc, name: "POST /pay" },
      span_count: 2,
      error_count: 1,
      services: [svc, `${svc}-db`],
    });
    const second = await search(`service=${svc}-db&status=error&start=1h&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.traces.map((t) => t.trace_id)).toEqual([ids[0]]);
    expect(second.body.next_cursor).toBeNull();
  });

  it("pages a day newest first, whether its traces lie in its last hour, its last six or earlier", async () => {
    const service = `${svc}-day`;
    const hour = 3_600_000;
    // 3 traces in the last hour, 4 three hours ago, 5 twenty hours ago, one failing span each; and a trace
    // whose failing span is 20 h ago and whose newest failing span is in the last hour (found once, as the newest).
    const ages = [...[1, 2, 3].map((m) => m * 60_000), ...[0, 1, 2, 3].map((m) => 3 * hour + m * 60_000)];
    ages.push(...[0, 1, 2, 3, 4].map((m) => 20 * hour + m * 60_000));
    const now = Date.now();
    const traces = ages.map((age) => ({ trace: tid(), at: now - age }));
    const both = { trace: tid(), at: now - 30_000 };
    const spans: S[] = [...traces, both, { trace: both.trace, at: now - 20 * hour }].map((t) => ({
      trace: t.trace,
      span: sid(),
      service,
      at: t.at,
      error: true,
    }));
    expect((await post(otlp(spans))).status).toBe(200);
    const expected = [both, ...traces].sort((a, b) => b.at - a.at).map((t) => t.trace);

    for (const limit of [2, 3, 5, 13]) {
      const seen: string[] = [];
      let cursor = "";
      for (let page = 0; page < 20; page++) {
        const got = await search(`service=${service}&status=error&start=24h&limit=${limit}${cursor}`);
        expect(got.status, got.text).toBe(200);
        seen.push(...got.body.traces.map((t) => t.trace_id));
        if (!got.body.next_cursor) break;
        cursor = `&cursor=${got.body.next_cursor}`;
      }
      expect(seen, `limit ${limit}`).toEqual(expected);
    }
    // The trace found in the last hour is summarised whole: both its spans, 20 hours apart.
    const first = await search(`service=${service}&status=error&start=24h&limit=1`);
    expect(first.body.traces[0]).toMatchObject({ trace_id: both.trace, span_count: 2, error_count: 2 });
  });

  it("filters by operation, duration, region, org and success", async () => {
    const q = async (s: string) => (await search(`service=${svc}&start=1h&${s}`)).body.traces.map((t) => t.trace_id);
    expect(await q("operation=POST%20/pay&min_duration=400")).toEqual([ids[4], ids[3]]);
    expect(await q("region=us-east")).toEqual([ids[3], ids[1]]);
    expect(await q("org=acme")).toEqual([ids[0]]);
    expect(await q("status=ok")).toEqual([ids[4], ids[3]]);
  });

  it("lists services with their operations, and the calls and errors between them", async () => {
    const services = await call<{ services: { service: string; operations: string[] }[] }>(
      "GET",
      "/api/v1/traces/services?start=1h",
      { as: USERS.oncall },
    );
    expect(services.status, services.text).toBe(200);
    expect(services.body.services).toContainEqual({ service: svc, operations: ["POST /pay"] });
    const deps = await call<{ edges: { parent: string; child: string; calls: number; errors: number }[] }>(
      "GET",
      "/api/v1/traces/dependencies?start=1h",
      { as: USERS.oncall },
    );
    expect(deps.body.edges).toContainEqual({ parent: svc, child: `${svc}-db`, calls: 5, errors: 3 });
  });

  it("records each read in the audit log", async () => {
    await read(ids[0]!);
    const [event] = await auditEvents("traces.read");
    expect(event).toMatchObject({
      outcome: "allowed",
      details: expect.objectContaining({ trace_id: ids[0], spans: 2 }),
    });
    const [s] = await auditEvents("traces.search");
    expect(s?.details).toMatchObject({ window: expect.any(Object) });
  });
});

describe("bad input and limits", () => {
  it("refuses bad spans alone, naming the field, through partial success", async () => {
    const good = tid();
    const body = otlp([
      { trace: good, span: sid(), error: true },
      { trace: "0".repeat(32), span: sid() },
      { trace: tid(), span: "0".repeat(16) },
      { trace: "xyz", span: sid() },
    ]);
    (body.resourceSpans[3]!.resource.attributes as unknown[]).splice(0, 1);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess?.rejectedSpans).toBe("3");
    expect(res.body.partialSuccess?.errorMessage).toMatch(/span 2: traceId: must not be all zeros/);
    expect(res.body.partialSuccess?.errorMessage).toMatch(/spanId: must not be all zeros/);
    expect(res.body.partialSuccess?.errorMessage).toMatch(/resource.service.name: is required/);
    expect((await read(good)).status).toBe(200);
  });

  it("answers 4xx in the one error shape for bad bodies, types and query fields", async () => {
    const cases: [Promise<{ status: number; text: string }>, number, RegExp][] = [
      [
        call("POST", "/api/v1/platform/otlp/v1/traces", {
          as: writer,
          rawBody: "{",
          headers: { "content-type": "application/json" },
        }),
        400,
        /body/,
      ],
      [
        call("POST", "/api/v1/platform/otlp/v1/traces", {
          as: writer,
          rawBody: "x",
          headers: { "content-type": "text/plain" },
        }),
        415,
        /Content-Type/,
      ],
      [
        call("POST", "/api/v1/platform/otlp/v1/traces", {
          as: writer,
          rawBody: new Uint8Array([0xff, 0x01]),
          headers: { "content-type": "application/x-protobuf" },
        }),
        400,
        /protobuf/,
      ],
      [
        call("POST", "/api/v1/platform/otlp/v1/traces", {
          as: writer,
          rawBody: "x",
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
        }),
        400,
        /gzip/,
      ],
      [search("status=broken"), 400, /query.status/],
      [search("min_duration=-1"), 400, /query.min_duration/],
      [search("limit=101"), 400, /query.limit/],
      [search("cursor=bm9wZQ"), 400, /query.cursor/],
      [search("start=yesterday"), 400, /query.start/],
      [read("NOT-A-TRACE"), 400, /trace_id/],
      [read("0".repeat(32)), 400, /trace_id/],
      [read(tid()), 404, /No trace/],
    ];
    for (const [p, status, message] of cases) {
      const res = await p;
      expect(res.status, res.text).toBe(status);
      expect(res.text).toMatch(message);
      expect(JSON.parse(res.text)).toMatchObject({
        error: { code: expect.any(String) },
        request_id: expect.any(String),
      });
    }
  });

  it("takes gzip, counts spans while scanning, and throttles a sender", async () => {
    const t = tid();
    const gz = gzipSync(JSON.stringify(otlp([{ trace: t, span: sid(), error: true }])));
    const ok = await call("POST", "/api/v1/platform/otlp/v1/traces", {
      as: writer,
      rawBody: gz,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(ok.status, ok.text).toBe(200);
    expect((await read(t)).status).toBe(200);
    const many = {
      resourceSpans: [
        {
          resource: { attributes: kv({ "service.name": "x" }) },
          scopeSpans: [{ spans: Array.from({ length: 10_001 }, () => ({})) }],
        },
      ],
    };
    const big = await post(many);
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/spans/);
    process.env.LOG_INGEST_MAX_BATCHES = "1";
    const sender = { token: (await mintToken(USERS.admin, { scopes: ["traces:write"] })).secret };
    expect((await post(otlp([]), sender)).status).toBe(200);
    const limited = await post(otlp([]), sender);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("hostile bodies", () => {
  it("stops a gzip bomb at the inflated cap and keeps a span with a NUL or lone surrogate, visible as U+FFFD", async () => {
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024, 32));
    const res = await call("POST", "/api/v1/platform/otlp/v1/traces", {
      as: writer,
      rawBody: bomb,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(res.status).toBe(413);
    const t = tid();
    const body = JSON.stringify(otlp([{ trace: t, span: sid(), error: true, name: "sur", attrs: { k: "v" } }]))
      .replace('"name":"sur"', '"name":"sur \\ud800 end"')
      .replace('"stringValue":"v"', '"stringValue":"v\\u0000"');
    const ok = await call("POST", "/api/v1/platform/otlp/v1/traces", {
      as: writer,
      rawBody: body,
      headers: { "content-type": "application/json" },
    });
    expect(ok.status, ok.text).toBe(200);
    const span = (await read(t)).body.trace.spans[0];
    expect(span?.name).toBe("sur \ufffd end");
    expect(span?.attributes.k).toBe("v\ufffd");
  });
});

describe("who may read and write", () => {
  it("never lets a tenant, an org-bound token or a token without the scope read or send spans", async () => {
    const t = tid();
    await post(otlp([{ trace: t, span: sid(), error: true, attrs: { org_id: "acme" } }]));
    const acmeToken = { token: (await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" })).secret };
    const logsWriter = { token: (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret };
    const urls = [
      `/api/v1/traces/${t}`,
      "/api/v1/traces?org=acme",
      "/api/v1/traces/services",
      "/api/v1/traces/dependencies",
    ];
    for (const as of [USERS.acme, USERS.globex, acmeToken, logsWriter])
      for (const url of urls) {
        const res = await call("GET", url, { as });
        expect(res.status, `${url}: ${res.text}`).toBe(403);
        expect(res.text).not.toContain(t);
      }
    for (const as of [USERS.acme, acmeToken, logsWriter, USERS.oncall])
      expect((await post(otlp([]), as)).status).toBe(403);
    // traces:read and traces:write exist platform-wide only: an org-bound token cannot hold them.
    const minted = await call("POST", "/api/v1/tokens", {
      as: USERS.admin,
      body: { name: "x", scopes: ["traces:read"], org_id: "acme" },
    });
    expect(minted.status).toBe(400);
    expect((await read(t, USERS.admin)).status).toBe(200);
  });
});

describe("retention", () => {
  it("drops kept spans older than TRACE_RETENTION_DAYS", async () => {
    const t = tid();
    await post(otlp([{ trace: t, span: sid(), error: true, at: Date.now() - 3 * 86_400_000 }]));
    expect((await read(t)).status).toBe(200);
    process.env.TRACE_RETENTION_DAYS = "2";
    const { applyRetention } = await import("@/lib/kinds/retention");
    const dropped = await applyRetention();
    expect(dropped.some((n) => /spans_p\d{8}$/.test(n))).toBe(true);
    expect((await read(t)).status).toBe(404);
  });
});

describe("a ClickHouse store of an earlier version (spans by service, a day-partitioned lookup)", () => {
  it.runIf(logEngine !== "postgres")(
    "keeps every trace readable and searchable once upgraded, by two processes at once",
    async () => {
      const { clickhouseTarget } = await import("@/lib/kinds/clickhouse/target");
      const { migrateSpanTables, SPANS } = await import("@/lib/traces/clickhouse");
      const target = clickhouseTarget()!;
      const ch = target.transport;
      const db = { db: target.database, spans: SPANS };
      const tables = async () =>
        (
          await ch.rows<{ name: string }>(
            "test",
            "SELECT name FROM system.tables WHERE database = {db:String} AND (name LIKE 'trace_%' OR name = {spans:String}) ORDER BY name",
            db,
          )
        ).map((t) => t.name);
      // The store as the last version made it — its spans table (renamed back, with the spans the tests above
      // wrote), its lookup and that lookup's view — and no table of this version.
      await ch.exec("test", "DROP VIEW IF EXISTS {db:Identifier}.trace_ranges_mv", db);
      await ch.exec("test", "DROP TABLE IF EXISTS {db:Identifier}.trace_ranges", db);
      await ch.exec("test", "RENAME TABLE {db:Identifier}.{spans:Identifier} TO {db:Identifier}.trace_spans", db);
      await ch.exec(
        "test",
        `CREATE TABLE {db:Identifier}.trace_id_ranges (trace_id String, start DateTime64(6, 'UTC'), end DateTime64(6, 'UTC'))
         ENGINE = MergeTree PARTITION BY toDate(start) ORDER BY (trace_id, toUnixTimestamp(start)) SETTINGS index_granularity = 256`,
        db,
      );
      await ch.exec(
        "test",
        `CREATE MATERIALIZED VIEW {db:Identifier}.trace_id_ranges_mv TO {db:Identifier}.trace_id_ranges
         AS SELECT trace_id, min(ts) AS start, max(ts + toIntervalMicrosecond(toInt64(duration_ms * 1000))) AS end
         FROM {db:Identifier}.trace_spans GROUP BY trace_id`,
        db,
      );
      expect(await tables()).toEqual(["trace_id_ranges", "trace_id_ranges_mv", "trace_spans"]);
      // Spans written by the last version, into its tables.
      const before = tid();
      const root = sid();
      const at = chTime(new Date(Date.now() - 60_000));
      await ch.exec(
        "test",
        `INSERT INTO {db:Identifier}.trace_spans (ts, trace_id, span_id, parent_span_id, name, kind, service, duration_ms, status, attributes, events, links)
         VALUES ({at:DateTime64(6, 'UTC')}, {t:String}, {root:String}, NULL, 'GET /v1/apps', 'server', 'edge', 12, 'ok', '{}', '[]', '[]'),
                ({at:DateTime64(6, 'UTC')}, {t:String}, {child:String}, {root:String}, 'INSERT events', 'client', 'control-plane', 5, 'error', '{}', '[]', '[]')`,
        { ...db, at, t: before, root, child: sid() },
      );

      // Upgraded by two console processes at once.
      await Promise.all([migrateSpanTables(target), migrateSpanTables(target)]);
      expect(await tables()).toEqual([SPANS, "trace_ranges", "trace_ranges_mv"]);
      expect(
        (
          await ch.rows<{ n: string }>(
            "test",
            "SELECT toString(count()) AS n FROM {db:Identifier}.{spans:Identifier} FINAL WHERE trace_id = {t:String}",
            { ...db, t: before },
          )
        )[0]!.n,
      ).toBe("2");
      const old = await read(before);
      expect(old.status).toBe(200);
      expect(old.body.trace.span_count).toBe(2);
      const after = tid();
      await post(otlp([{ trace: after, span: sid(), service: "edge", error: true }]));
      expect((await read(after)).body.trace.span_count).toBe(1);
      const found = await call<{ traces: TraceSummary[] }>("GET", "/api/v1/traces?service=control-plane&status=error", {
        as: USERS.oncall,
      });
      expect(found.body.traces.find((t) => t.trace_id === before)).toMatchObject({ span_count: 2, error_count: 1 });
    },
  );
});
