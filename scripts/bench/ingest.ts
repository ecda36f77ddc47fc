// Ingest throughput by protocol, in process through the real route handlers: the console's own JSON
// (POST /api/v1/logs, the baseline) against OTLP/HTTP protobuf, OTLP JSON and Loki push (JSON and snappy
// protobuf), batches of 1,000 lines, measured in turns so each sees the same machine. The embedded
// engine by default; `--database-url postgres://…` for a Postgres server.
import zlib from "node:zlib";
import snappy from "snappyjs";
import { benchDatabase, benchToken, printTable, type Figures } from "./lib";
import { openDb } from "../../lib/db/client";

const BATCH = 1000;

export default async function ingestBench(args: string[]) {
  const urlAt = args.indexOf("--database-url");
  const databaseUrl = urlAt >= 0 ? args[urlAt + 1] : undefined;
  const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
  process.env.LOG_INGEST_MAX_BATCHES = "1000000";
  const handle = await benchDatabase(openDb(databaseUrl ? { databaseUrl } : {}));
  const { POST: native } = await import("../../app/api/v1/logs/route");
  const { POST: otlp } = await import("../../app/api/v1/otlp/v1/logs/route");
  const { POST: loki } = await import("../../app/api/v1/loki/api/v1/push/route");
  const { protoType } = await import("../../lib/ingest/protos");
  const token = await benchToken("usr_admin", ["logs:write"]);
  const ctx = { params: Promise.resolve({}) };
  const auth = { authorization: `Bearer ${token}` };

  let seq = 0;
  const messages = () =>
    Array.from({ length: BATCH }, (_, i) => ({
      i,
      msg: `GET /api/orders/${seq * BATCH + i} 200 in ${i % 90} ms request_id=req-${seq}-${i}`,
      ns: String(BigInt(Date.now()) * 1_000_000n + BigInt(i)),
    }));
  const bodies = {
    native: () =>
      JSON.stringify(
        messages().map((m) => ({
          ts: new Date(Number(BigInt(m.ns) / 1_000_000n)).toISOString(),
          org_id: "acme",
          app_id: "web",
          env_id: "production",
          process_type: "web",
          instance_id: `web-${m.i % 4}`,
          level: "info",
          message: m.msg,
        })),
      ),
    otlpObject: () => ({
      resourceLogs: [0, 1, 2, 3].map((inst) => ({
        resource: {
          attributes: [
            { key: "org_id", value: { stringValue: "acme" } },
            { key: "service.name", value: { stringValue: "web" } },
            { key: "deployment.environment.name", value: { stringValue: "production" } },
            { key: "service.instance.id", value: { stringValue: `web-${inst}` } },
          ],
        },
        scopeLogs: [
          {
            logRecords: messages()
              .filter((m) => m.i % 4 === inst)
              .map((m) => ({ timeUnixNano: m.ns, severityNumber: 9, body: { stringValue: m.msg } })),
          },
        ],
      })),
    }),
    lokiObject: () => ({
      streams: [0, 1, 2, 3].map((inst) => ({
        stream: { org_id: "acme", app: "web", env: "production", instance: `web-${inst}` },
        values: messages()
          .filter((m) => m.i % 4 === inst)
          .map((m): [string, string] => [m.ns, m.msg]),
      })),
    }),
  };
  const otlpType = protoType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest");
  const lokiType = protoType("logproto.PushRequest");
  const toLokiProto = (o: ReturnType<typeof bodies.lokiObject>) =>
    snappy.compress(
      lokiType
        .encode(
          lokiType.fromObject({
            streams: o.streams.map((s) => ({
              labels: `{${Object.entries(s.stream)
                .map(([k, v]) => `${k}="${v}"`)
                .join(", ")}}`,
              entries: s.values.map(([ns, line]) => ({
                timestamp: { seconds: Number(BigInt(ns) / 1_000_000_000n), nanos: Number(BigInt(ns) % 1_000_000_000n) },
                line,
              })),
            })),
          }),
        )
        .finish(),
    );

  // Bodies are encoded before the clock starts: the figures are the console's cost, not the client's.
  type Body = { body: Uint8Array | string; type: string; encoding?: string };
  const cases: { name: string; make: () => Body; send: (b: Body) => Promise<Response> }[] = [];
  const prepare = (
    name: string,
    make: () => Body,
    route: (req: Request, c: typeof ctx) => Promise<Response>,
    path: string,
  ) => {
    cases.push({
      name,
      make: () => (seq++, make()),
      send: async (b) => {
        const res = await route(
          new Request(`http://127.0.0.1${path}`, {
            method: "POST",
            headers: { ...auth, "content-type": b.type, ...(b.encoding ? { "content-encoding": b.encoding } : {}) },
            body: typeof b.body === "string" ? b.body : Buffer.from(b.body),
          }),
          ctx,
        );
        if (res.status >= 300) throw new Error(`${name}: ${res.status} ${await res.text()}`);
        return res;
      },
    });
  };
  prepare(
    "native JSON: POST /api/v1/logs (baseline)",
    () => ({ body: bodies.native(), type: "application/json" }),
    native,
    "/api/v1/logs",
  );
  // One line in ten carries a secret that redaction rewrites (a bearer token, a password in a URL, a key=value pair).
  const SECRETS = [
    "Authorization: Bearer 4f9c2a7d8e1b3c5a",
    "db postgres://app:hunter2@db:5432/app",
    "login user=bob password=correct-horse",
  ];
  prepare(
    "native JSON, 1 line in 10 with a secret",
    () => ({
      body: JSON.stringify(
        JSON.parse(bodies.native()).map((e: { message: string }, i: number) =>
          i % 10 ? e : { ...e, message: `${e.message} ${SECRETS[i % 3]}` },
        ),
      ),
      type: "application/json",
    }),
    native,
    "/api/v1/logs",
  );
  prepare(
    "OTLP protobuf",
    () => ({
      body: otlpType.encode(otlpType.fromObject(bodies.otlpObject())).finish(),
      type: "application/x-protobuf",
    }),
    otlp,
    "/api/v1/otlp/v1/logs",
  );
  prepare(
    "OTLP protobuf, gzip",
    () => ({
      body: zlib.gzipSync(otlpType.encode(otlpType.fromObject(bodies.otlpObject())).finish()),
      type: "application/x-protobuf",
      encoding: "gzip",
    }),
    otlp,
    "/api/v1/otlp/v1/logs",
  );
  prepare(
    "OTLP JSON",
    () => ({ body: JSON.stringify(bodies.otlpObject()), type: "application/json" }),
    otlp,
    "/api/v1/otlp/v1/logs",
  );
  prepare(
    "Loki JSON",
    () => ({ body: JSON.stringify(bodies.lokiObject()), type: "application/json" }),
    loki,
    "/api/v1/loki/api/v1/push",
  );
  prepare(
    "Loki protobuf (snappy)",
    () => ({ body: toLokiProto(bodies.lokiObject()), type: "application/x-protobuf" }),
    loki,
    "/api/v1/loki/api/v1/push",
  );

  const samples = cases.map(() => [] as number[]);
  for (const c of cases) await c.send(c.make()); // warm-up
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...cases.keys()].reverse() : [...cases.keys()];
    for (const i of order) {
      const body = cases[i]!.make();
      const t = performance.now();
      await cases[i]!.send(body);
      samples[i]!.push(performance.now() - t);
    }
  }
  const rows: Figures[] = cases.map(({ name }, i) => {
    const s = samples[i]!.sort((a, b) => a - b);
    const total = s.reduce((a, b) => a + b, 0);
    return {
      name: `${name} — lines/s`,
      n: s.length,
      opsPerSec: (s.length * BATCH * 1000) / total,
      p50Ms: s[Math.floor(s.length / 2)]!,
      p95Ms: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!,
      p99Ms: s[s.length - 1]!,
    };
  });
  printTable(rows);
  const base = rows[0]!.opsPerSec;
  for (const r of rows.slice(1))
    console.log(`${r.name.replace(" — lines/s", "")}: ${(r.opsPerSec / base).toFixed(2)}× the native path`);
  console.log(
    `engine: ${databaseUrl ? "Postgres" : "PGlite (embedded)"}; ${BATCH} lines per batch, ${rounds} batches per protocol`,
  );
  await handle.close();
}
