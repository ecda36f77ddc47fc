// The shippers platforms run, installed from npm, sending over real HTTP to the console's routes: the
// OpenTelemetry SDK with its OTLP/HTTP exporters (JSON and protobuf), pino-loki (JSON) and winston-loki
// (snappy protobuf, its default) — and Debian's syslog-ng with the shipped bridge config (docs/syslog-ng).
// The routes sit behind a plain HTTP listener as they do in production.
import net from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diag, DiagLogLevel } from "@opentelemetry/api";
import { LoggerProvider, BatchLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { OTLPLogExporter as OtlpJsonExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as OtlpProtoExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SeverityNumber } from "@opentelemetry/api-logs";
import pino from "pino";
import pinoLoki from "pino-loki";
import winston from "winston";
import LokiTransport from "winston-loki";
import { withTestDb } from "../support/db";
import { call, mintToken, serveApi, USERS } from "../support/api";

withTestDb();

type Line = {
  message: string;
  app_id: string;
  env_id: string;
  process_type: string;
  instance_id: string;
  host_id: string | null;
  release_id: string | null;
  level: string;
  trace_id: string | null;
  request_id: string | null;
  attrs: Record<string, unknown> | null;
};

let server: Awaited<ReturnType<typeof serveApi>>;
let base = "";
let token = "";
const seen: { path: string; status: number; type: string }[] = [];

beforeAll(async () => {
  token = (await mintToken(USERS.admin, { name: "shippers", scopes: ["logs:write"] })).secret;
  server = await serveApi((r) => seen.push(r));
  base = server.base;
});

afterAll(() => {
  server?.close();
  delete process.env.LOG_INGEST_MAX_BATCHES;
  delete process.env.LOG_INGEST_WINDOW_SECONDS;
});

async function lines(q: string): Promise<Line[]> {
  return (
    await call<{ lines: Line[] }>("GET", `/api/v1/orgs/acme/logs?q=${encodeURIComponent(q)}&limit=100`, {
      as: USERS.acme,
    })
  ).body.lines;
}
async function eventually(q: string, n: number, ms = 10_000): Promise<Line[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await lines(q);
    if (got.length >= n || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function otelLogger(kind: "json" | "proto", resource: Record<string, string>) {
  const options = { url: `${base}/api/v1/otlp/v1/logs`, headers: { Authorization: `Bearer ${token}` } };
  const exporter = kind === "json" ? new OtlpJsonExporter(options) : new OtlpProtoExporter(options);
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(resource),
    processors: [new BatchLogRecordProcessor({ exporter })],
  });
  return { provider, logger: provider.getLogger("checkout", "1.4.0") };
}

const WEB = {
  org_id: "acme",
  "service.name": "web",
  "deployment.environment.name": "production",
  "service.instance.id": "web-otel-1",
  "host.name": "fc-host-7",
  "service.version": "v42",
};

describe("the OpenTelemetry SDK (OTLP/HTTP exporters)", () => {
  for (const kind of ["json", "proto"] as const) {
    it(`delivers records through the ${kind} exporter with their fields mapped`, async () => {
      const { provider, logger } = otelLogger(kind, WEB);
      logger.emit({
        severityNumber: SeverityNumber.ERROR,
        severityText: "ERROR",
        body: `otel ${kind}: card declined`,
        attributes: { request_id: `req-${kind}`, "payment.provider": "stripe" },
      });
      logger.emit({ severityNumber: SeverityNumber.INFO, body: `otel ${kind}: order placed` });
      await provider.forceFlush();
      await provider.shutdown();
      const got = await eventually(`otel ${kind}:`, 2);
      expect(got.map((l) => l.message).sort()).toEqual([`otel ${kind}: card declined`, `otel ${kind}: order placed`]);
      expect(got.find((l) => l.level === "error")).toMatchObject({
        app_id: "web",
        env_id: "production",
        instance_id: "web-otel-1",
        host_id: "fc-host-7",
        release_id: "v42",
        request_id: `req-${kind}`,
        attrs: { "payment.provider": "stripe", "otel.scope.name": "checkout" },
      });
      expect(seen.filter((s) => s.type.includes(kind === "json" ? "json" : "protobuf")).at(-1)!.status).toBe(200);
    });
  }

  it("hears back partialSuccess for a refused record (the exporter reports it)", async () => {
    const warnings: string[] = [];
    diag.setLogger(
      {
        error: () => {},
        warn: (...a: unknown[]) => warnings.push(a.join(" ")),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
    try {
      const { provider, logger } = otelLogger("proto", { org_id: "acme", "service.name": "web" }); // no deployment.environment.name
      logger.emit({ body: "otel partial: refused" });
      await provider.forceFlush();
      await provider.shutdown();
    } finally {
      diag.disable();
    }
    expect(warnings.join("\n")).toMatch(/Partial Success.*rejectedLogRecords.*1.*deployment\.environment\.name/);
    expect(await lines("otel partial")).toEqual([]);
  });

  it("backs off on 429 and retries after Retry-After, losing nothing", async () => {
    process.env.LOG_INGEST_MAX_BATCHES = "1";
    process.env.LOG_INGEST_WINDOW_SECONDS = "2";
    try {
      const first = otelLogger("json", WEB);
      first.logger.emit({ body: "otel retry: first" });
      await first.provider.forceFlush();
      const before = seen.length;
      const second = otelLogger("json", WEB);
      second.logger.emit({ body: "otel retry: second" });
      await second.provider.forceFlush();
      await Promise.all([first.provider.shutdown(), second.provider.shutdown()]);
      expect(seen.slice(before).map((s) => s.status)).toEqual([429, 200]);
      expect((await eventually("otel retry", 2)).map((l) => l.message).sort()).toEqual([
        "otel retry: first",
        "otel retry: second",
      ]);
    } finally {
      delete process.env.LOG_INGEST_MAX_BATCHES;
      delete process.env.LOG_INGEST_WINDOW_SECONDS;
    }
  }, 30_000);
});

describe("Loki push clients", () => {
  it("pino-loki (JSON) delivers lines with its labels mapped", async () => {
    const stream = pinoLoki({
      host: `${base}/api/v1/`,
      headers: { Authorization: `Bearer ${token}` },
      labels: { org_id: "acme", app: "api", env: "staging", job: "worker" },
      batching: false,
      silenceErrors: false,
    });
    const log = pino({ base: { hostname: "pino-host-1" } }, stream);
    log.warn({ meta: { request_id: "req-pino" } }, "pino-loki: queue slow");
    log.error("pino-loki: job failed");
    const got = await eventually("pino-loki:", 2);
    expect(got.map((l) => [l.message.includes("queue slow") ? "slow" : "failed", l.level]).sort()).toEqual([
      ["failed", "error"],
      ["slow", "warn"],
    ]);
    expect(got[0]).toMatchObject({ app_id: "api", env_id: "staging", process_type: "worker" });
    expect(seen.filter((s) => s.path === "/api/v1/loki/api/v1/push").every((s) => s.status === 204)).toBe(true);
  });

  it("winston-loki (snappy protobuf, its default) delivers lines with its labels mapped", async () => {
    const transport = new LokiTransport({
      host: `${base}/api/v1`,
      headers: { Authorization: `Bearer ${token}` },
      labels: { org_id: "acme", app: "billing", env: "production", instance: "billing-2" },
      json: false,
      batching: false,
      onConnectionError: (e: unknown) => console.error(e),
    });
    const log = winston.createLogger({ transports: [transport] });
    log.error("winston-loki: invoice run failed");
    log.info("winston-loki: invoice run started");
    const got = await eventually("winston-loki:", 2);
    expect(got.map((l) => l.level).sort()).toEqual(["error", "info"]);
    expect(got[0]).toMatchObject({ app_id: "billing", env_id: "production", instance_id: "billing-2" });
    expect(
      seen.some(
        (s) => s.path === "/api/v1/loki/api/v1/push" && s.type === "application/x-protobuf" && s.status === 204,
      ),
    ).toBe(true);
    transport.close?.();
  });
});

describe("syslog drains through syslog-ng (docs/syslog-ng/ops-console.conf)", () => {
  it("turns RFC 5424 messages into the org's lines, with process, instance, host and level mapped", async () => {
    const shipper = (await mintToken(USERS.admin, { name: "drain", scopes: ["logs:write"], org_id: "acme" })).secret;
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => r(p));
      });
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syslog-ng-"));
    const proc = spawn(
      "syslog-ng",
      [
        "-F",
        "--no-caps",
        "-f",
        path.resolve("docs/syslog-ng/ops-console.conf"),
        "-R",
        path.join(dir, "persist"),
        "-p",
        path.join(dir, "pid"),
        "-c",
        path.join(dir, "ctl"),
      ],
      {
        env: {
          ...process.env,
          OPS_CONSOLE_URL: base,
          OPS_CONSOLE_TOKEN: shipper,
          OPS_CONSOLE_SYSLOG_PORT: String(port),
          OPS_CONSOLE_ORG: "acme",
          OPS_CONSOLE_APP: "storefront",
          OPS_CONSOLE_ENV: "production",
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    proc.stderr.on("data", (c) => (stderr += c));
    try {
      // syslog-ng listening, then a drain's octet-counted frames (RFC 6587), as Heroku's Logplex sends them.
      const socket = await (async () => {
        for (let i = 0; i < 100; i++) {
          const s = await new Promise<net.Socket | null>((r) => {
            const c = net.connect(port, "127.0.0.1", () => r(c)).on("error", () => r(null));
          });
          if (s) return s;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`syslog-ng did not listen: ${stderr}`);
      })();
      const now = new Date().toISOString();
      const frames = [
        `<131>1 ${now} fc-host-3 app web.1 - - syslog: payment gateway timeout`, // local0.err
        `<134>1 ${now} fc-host-3 app worker.2 - - syslog: job done`, // local0.info
        `<132>1 ${now} fc-host-4 app router - - syslog: slow request`, // local0.warning
      ];
      socket.end(frames.map((f) => `${Buffer.byteLength(f)} ${f}`).join(""));
      const got = await eventually("syslog:", 3, 15_000);
      expect(got.map((l) => [l.message, l.level, l.process_type, l.instance_id, l.host_id]).sort()).toEqual([
        ["syslog: job done", "info", "worker", "worker.2", "fc-host-3"],
        ["syslog: payment gateway timeout", "error", "web", "web.1", "fc-host-3"],
        ["syslog: slow request", "warn", "router", "router", "fc-host-4"],
      ]);
      expect(got[0]).toMatchObject({ app_id: "storefront", env_id: "production" });
    } finally {
      proc.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
