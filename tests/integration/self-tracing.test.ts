// The console traces itself: the real OpenTelemetry SDK set up as the server sets it up (lib/telemetry/
// tracing-sdk), with an in-memory exporter in place of the trace store, and the real route handlers on a
// real database. A request is a server span with its database statements under it; a caller's traceparent
// is continued; an outgoing webhook carries the request's trace; error lines name their trace; nothing
// secret reaches a span; OTEL_SDK_DISABLED=true makes none.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { context, propagation, SpanKind, SpanStatusCode, trace as otel } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-node";
import { logEngine, withTestDb } from "../support/db";
import { call, invoke, mintToken, readMetrics, sessionCookie, USERS } from "../support/api";
import { startSmtp } from "../support/smtp";
import { LocalTraceSampler, SERVICE_NAME, startTracing, type Tracing } from "@/lib/telemetry/tracing-sdk";
import { storeExporter } from "@/lib/telemetry/trace-export";
import { ownTraceStore } from "@/lib/traces/ingest";
import type { Trace } from "@/lib/traces/contract";
import { withApi } from "@/lib/api/handler";
import { endpoint } from "@/lib/http/endpoint";

withTestDb();

const exporter = new InMemorySpanExporter();
/** The console's trace store, as the server exports to it (lib/startup), beside the in-memory copy the tests read. */
const store = storeExporter(ownTraceStore().sink);
const both: SpanExporter = {
  export(batch, done) {
    exporter.export(batch, () => {});
    store.export(batch, done);
  },
  shutdown: () => exporter.shutdown(),
};
let tracing: Tracing;

async function spans(): Promise<ReadableSpan[]> {
  await tracing.provider.forceFlush();
  return exporter.getFinishedSpans();
}

/** The server span of the request that answered with `requestId`, and every span of its trace. */
async function traceOf(requestId: string) {
  const all = await spans();
  const server = all.find((s) => s.kind === SpanKind.SERVER && s.attributes["ops.request_id"] === requestId);
  if (!server) throw new Error(`no server span for request ${requestId}`);
  const traceId = server.spanContext().traceId;
  return { server, trace: all.filter((s) => s.spanContext().traceId === traceId) };
}

/** A route that fails unexpectedly, its error quoting something secret. */
const boom = withApi(
  endpoint({
    method: "GET",
    path: "/api/v1/test/boom/{id}",
    summary: "fails",
    tag: "test",
    auth: "public",
    params: z.object({ id: z.string() }),
    response: z.object({}),
  }),
  () => {
    throw new TypeError("cannot read secret-value-123");
  },
);

/** A request to `boom`, and the error lines the console wrote meanwhile (kept off the test's output). */
async function failedRequest() {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  try {
    return { res: await invoke(boom, "GET", "/api/v1/test/boom/x1", { id: "x1" }), lines };
  } finally {
    spy.mockRestore();
  }
}

const childrenOf = (parent: ReadableSpan, all: ReadableSpan[]) =>
  all.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);

describe("with OTEL_SDK_DISABLED=true", () => {
  it("starts no SDK and makes no spans; requests are answered as ever", async () => {
    process.env.OTEL_SDK_DISABLED = "true";
    try {
      expect(startTracing({ exporter })).toBeUndefined();
      const res = await call("GET", "/api/v1/incidents", { as: USERS.oncall });
      expect(res.status).toBe(200);
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      delete process.env.OTEL_SDK_DISABLED;
    }
  });
});

describe("with tracing on", () => {
  let receiver: http.Server;
  let base = "";
  const hooks: { path: string; traceparent: string | undefined; body: string }[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    process.env.TRACE_SAMPLE_RATE = "1"; // every trace kept at once: the sampling itself is tr-core's to test
    tracing = startTracing({ exporter: both })!;
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        hooks.push({ path: req.url!, traceparent: req.headers.traceparent as string | undefined, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}`;
    smtp = await startSmtp();
  });

  afterAll(async () => {
    delete process.env.TRACE_SAMPLE_RATE;
    await tracing?.shutdown();
    await new Promise((r) => receiver.close(r));
    await smtp.close();
  });

  it("makes a request a server span named by its route template, with its database statements under it", async () => {
    const cookie = await sessionCookie(USERS.oncall);
    const res = await call("GET", "/api/v1/incidents?status=open&limit=7", { as: USERS.oncall });
    expect(res.status).toBe(200);
    const { server, trace } = await traceOf(res.headers.get("x-request-id")!);

    expect(server.name).toBe("GET /api/v1/incidents");
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.attributes).toEqual({
      "http.request.method": "GET",
      "http.route": "/api/v1/incidents",
      "http.response.status_code": 200,
      "ops.actor_kind": "user",
      "ops.request_id": res.headers.get("x-request-id"),
    });
    expect(server.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(server.resource.attributes["service.name"]).toBe("ops-console");
    expect(server.resource.attributes["service.instance.id"]).toContain(String(process.pid));

    const statements = childrenOf(server, trace);
    expect(statements.length).toBeGreaterThanOrEqual(2); // the caller, then the incidents
    for (const s of statements) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.name).toMatch(/^db \w+/);
      expect(s.attributes["db.system"]).toBe("postgresql");
      expect(s.endTime[0] * 1e9 + s.endTime[1]).toBeLessThanOrEqual(server.endTime[0] * 1e9 + server.endTime[1]);
    }
    expect(statements.map((s) => s.name)).toContain("db select incidents");
    expect(statements.find((s) => s.name === "db select incidents")!.attributes).toMatchObject({
      "db.operation.name": "select",
      "db.collection.name": "incidents",
    });

    // Nothing secret or personal: no cookie, no person, no query values, no SQL text or parameters.
    const said = JSON.stringify(trace.map((s) => [s.name, s.attributes, s.events]));
    for (const secret of [cookie.split("=")[1]!, "oncall@demo.local", USERS.oncall, "limit=7", "status=open", '"7"'])
      expect(said).not.toContain(secret);
    expect(said).not.toMatch(/\$1|select "/);
  });

  it("names the kind of caller, never the caller: a platform token, and nobody", async () => {
    const token = await mintToken(USERS.admin, { scopes: ["incidents:read"] });
    const withToken = await call("GET", "/api/v1/incidents", { as: { token: token.secret } });
    expect(withToken.status).toBe(200);
    const a = await traceOf(withToken.headers.get("x-request-id")!);
    expect(a.server.attributes["ops.actor_kind"]).toBe("platform");
    expect(JSON.stringify(a.trace.map((s) => s.attributes))).not.toContain(token.secret);

    const nobody = await call("GET", "/api/v1/incidents", { as: null });
    expect(nobody.status).toBe(401);
    const b = await traceOf(nobody.headers.get("x-request-id")!);
    expect(b.server.attributes).toMatchObject({ "ops.actor_kind": "anonymous", "http.response.status_code": 401 });
    expect(b.server.status.code).not.toBe(SpanStatusCode.ERROR); // the client's problem, not ours
  });

  it("continues the caller's trace from its traceparent", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parent = "00f067aa0ba902b7";
    const res = await call("GET", "/api/v1/incidents", {
      as: USERS.ic,
      headers: { traceparent: `00-${traceId}-${parent}-01` },
    });
    const { server, trace } = await traceOf(res.headers.get("x-request-id")!);
    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(parent);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(childrenOf(server, trace).length).toBeGreaterThan(0);

    // A malformed one starts a trace of the console's own.
    const bad = await call("GET", "/api/v1/incidents", { as: USERS.ic, headers: { traceparent: "00-zz-12-01" } });
    const fresh = await traceOf(bad.headers.get("x-request-id")!);
    expect(fresh.server.parentSpanContext).toBeUndefined();
  });

  it("sends the request's trace with an outgoing webhook, and traces the email beside it", async () => {
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "oncall@example.com";
    try {
      const put = await call("PUT", "/api/v1/me/contact", {
        as: USERS.ic,
        body: { webhook_url: `${base}/hook/ian?key=abc123`, email: "ian@example.com" },
      });
      expect(put.status).toBe(200);
      hooks.length = 0;
      const res = await call<{ results: { channel: string; ok: boolean }[] }>("POST", "/api/v1/me/contact/test", {
        as: USERS.ic,
      });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual(
        expect.arrayContaining([expect.objectContaining({ channel: "webhook", ok: true })]),
      );
      const { server, trace } = await traceOf(res.headers.get("x-request-id")!);

      const [hook] = hooks;
      const sent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(hook?.traceparent ?? "");
      expect(sent, `traceparent ${hook?.traceparent}`).not.toBeNull();
      expect(sent![1]).toBe(server.spanContext().traceId);
      const webhook = trace.find((s) => s.spanContext().spanId === sent![2])!;
      expect(webhook.name).toBe("webhook POST");
      expect(webhook.kind).toBe(SpanKind.CLIENT);
      expect(webhook.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
      expect(webhook.attributes).toEqual({ "http.request.method": "POST", "http.response.status_code": 200 });

      const mail = trace.find((s) => s.name === "smtp send")!;
      expect(mail.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
      expect(smtp.mails.at(-1)?.headers.traceparent).toBeUndefined();

      const said = JSON.stringify(trace.map((s) => [s.name, s.attributes]));
      for (const secret of ["abc123", "/hook/ian", "ian@example.com", "s3cret"]) expect(said).not.toContain(secret);
    } finally {
      delete process.env.SMTP_URL;
      delete process.env.SMTP_FROM;
    }
  });

  it("writes the trace and span to the console's error lines, and marks a 5xx with the error's class", async () => {
    const { res, lines } = await failedRequest();
    expect(res.status).toBe(500);
    const { server } = await traceOf(res.headers.get("x-request-id")!);
    expect(server.name).toBe("GET /api/v1/test/boom/{id}");
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes["error.type"]).toBe("TypeError");
    expect(JSON.stringify([server.attributes, server.events, server.status])).not.toContain("secret-value-123");
    const line = lines.find((l) => l.includes(res.headers.get("x-request-id")!));
    expect(line).toContain(`trace_id=${server.spanContext().traceId} span_id=${server.spanContext().spanId}`);
  });
  it("lands its spans in the console's own trace store, read back as a tree, without tracing the export", async () => {
    const res = await call("GET", "/api/v1/incidents", { as: USERS.oncall });
    const { server, trace } = await traceOf(res.headers.get("x-request-id")!);
    const traceId = server.spanContext().traceId;
    const read = await call<{ trace: Trace }>("GET", `/api/v1/traces/${traceId}`, { as: USERS.oncall });
    expect(read.status, read.text).toBe(200);
    const got = read.body.trace;
    expect(got.span_count).toBe(trace.length);
    expect(got.services).toEqual([SERVICE_NAME]);
    expect(got.root).toEqual({ service: SERVICE_NAME, name: "GET /api/v1/incidents" });
    const [root, ...rest] = got.spans;
    expect(root).toMatchObject({ span_id: server.spanContext().spanId, depth: 0, kind: "server", orphan: false });
    expect(root!.child_count).toBe(childrenOf(server, trace).length);
    expect(root!.attributes["ops.request_id"]).toBe(res.headers.get("x-request-id"));
    expect(root!.request_id).toBe(res.headers.get("x-request-id")); // correlate finds the console's own request
    expect(rest.length).toBeGreaterThan(0);
    for (const s of rest) expect(s).toMatchObject({ depth: 1, parent_span_id: root!.span_id, orphan: false });
    expect(rest.map((s) => s.name)).toContain("db select incidents");

    // The export's own statements (the store's inserts) made no spans: every trace began with a request.
    await tracing.provider.forceFlush();
    const roots = exporter.getFinishedSpans().filter((s) => !s.parentSpanContext);
    expect(roots.every((s) => s.kind === SpanKind.SERVER)).toBe(true);
  });
  it.runIf(logEngine !== "postgres")("traces the log store's ClickHouse statements under the request", async () => {
    const res = await call("GET", "/api/v1/platform/logs?component=edge&start=1h", { as: USERS.oncall });
    expect(res.status, res.text).toBe(200);
    const { server, trace } = await traceOf(res.headers.get("x-request-id")!);
    const statements = childrenOf(server, trace).filter((s) => s.name.startsWith("clickhouse "));
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements)
      expect(s.attributes).toMatchObject({ "db.system": "clickhouse", "ops.db_engine": logEngine });
    expect(JSON.stringify(statements.map((s) => s.attributes))).not.toContain("edge");
  });
});

describe("the console's own traces, decided where they are made (exporting to its own store)", () => {
  const seen = new InMemorySpanExporter();
  let provider: NodeTracerProvider;
  const dropped = async () => {
    const text = await readMetrics();
    const n = (name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { traces: n("ops_console_trace_traces_dropped_total"), spans: n("ops_console_trace_spans_dropped_total") };
  };
  const exported = async (requestId: string) => {
    await provider.forceFlush();
    const server = seen.getFinishedSpans().find((s) => s.attributes["ops.request_id"] === requestId);
    const id = server?.spanContext().traceId;
    return seen.getFinishedSpans().filter((s) => s.spanContext().traceId === id);
  };

  beforeAll(() => {
    // The processor as startTracing sets it before the export for the store destination; the export is replaced
    // by an in-memory one so what goes on to the store can be read.
    provider = new NodeTracerProvider({
      spanProcessors: [new LocalTraceSampler(new SimpleSpanProcessor(seen), ownTraceStore().keeps)],
    });
    provider.register();
    process.env.TRACE_SAMPLE_RATE = "0";
  });
  afterAll(async () => {
    delete process.env.TRACE_SAMPLE_RATE;
    delete process.env.TRACE_SLOW_MS;
    await provider.shutdown();
    otel.disable();
    context.disable();
    propagation.disable();
  });

  it("drops a trace the rate does not keep, with nothing failed or slow, and counts it", async () => {
    const before = await dropped();
    const res = await call("GET", "/api/v1/incidents", { as: USERS.oncall });
    expect(res.status).toBe(200);
    expect(await exported(res.headers.get("x-request-id")!)).toEqual([]);
    const after = await dropped();
    expect(after.traces - before.traces).toBe(1);
    expect(after.spans - before.spans).toBeGreaterThanOrEqual(3); // the request and its statements
  });

  it("keeps a trace whole when it failed or was slow, whatever the rate, and when the rate keeps it", async () => {
    const { res: failed } = await failedRequest();
    expect(failed.status).toBe(500);
    const kept = await exported(failed.headers.get("x-request-id")!);
    expect(kept.map((s) => s.kind)).toContain(SpanKind.SERVER);
    expect(kept.find((s) => s.kind === SpanKind.SERVER)!.status.code).toBe(SpanStatusCode.ERROR);

    process.env.TRACE_SLOW_MS = "1";
    try {
      const slow = await call("GET", "/api/v1/incidents", { as: USERS.oncall });
      const spans = await exported(slow.headers.get("x-request-id")!);
      expect(spans.length).toBeGreaterThanOrEqual(3);
      // Whole: every span of the trace, parents before none is missing.
      const ids = new Set(spans.map((s) => s.spanContext().spanId));
      for (const s of spans) if (s.parentSpanContext) expect(ids).toContain(s.parentSpanContext.spanId);
    } finally {
      delete process.env.TRACE_SLOW_MS;
    }

    process.env.TRACE_SAMPLE_RATE = "1";
    try {
      const byRate = await call("GET", "/api/v1/incidents", { as: USERS.oncall });
      expect((await exported(byRate.headers.get("x-request-id")!)).length).toBeGreaterThanOrEqual(3);
    } finally {
      process.env.TRACE_SAMPLE_RATE = "0";
    }
  });

  it("passes a caller's trace on to the store undecided: its other parts are elsewhere", async () => {
    const before = await dropped();
    const res = await call("GET", "/api/v1/incidents", {
      as: USERS.ic,
      headers: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4799-00f067aa0ba902b7-01" },
    });
    const spans = await exported(res.headers.get("x-request-id")!);
    expect(spans.length).toBeGreaterThanOrEqual(3);
    expect(spans.every((s) => s.spanContext().traceId === "4bf92f3577b34da6a3ce929d0e0e4799")).toBe(true);
    expect((await dropped()).traces).toBe(before.traces);
  });

  it("waits for a span that outlives its request before deciding", async () => {
    process.env.TRACE_SLOW_MS = "200";
    try {
      const tracer = provider.getTracer("test");
      const root = tracer.startSpan("GET /late");
      const late = tracer.startSpan("db select late", {}, otel.setSpan(context.active(), root));
      root.end();
      await provider.forceFlush();
      expect(seen.getFinishedSpans().filter((s) => s.name === "GET /late")).toEqual([]); // not decided yet
      await new Promise((r) => setTimeout(r, 250));
      late.end(); // slow: keeps the trace, the root included
      await provider.forceFlush();
      expect(
        seen
          .getFinishedSpans()
          .filter((s) => s.spanContext().traceId === root.spanContext().traceId)
          .map((s) => s.name)
          .sort(),
      ).toEqual(["GET /late", "db select late"]);
    } finally {
      delete process.env.TRACE_SLOW_MS;
    }
  });
});
