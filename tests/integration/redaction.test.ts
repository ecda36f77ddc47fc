// No raw secrets in logs: a corpus of secret shapes sent over every protocol, tenant and platform, is
// stored, tailed and exported redacted — each one saying what was removed — and counted per org; lines
// that merely look similar are left alone. Runs on every log store.
import zlib from "node:zlib";
import snappy from "snappyjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, readMetrics, sessionCookie, USERS } from "../support/api";
import { sseReader } from "../support/sse";
import { LOOKALIKES, SECRET_CORPUS } from "../support/secrets";
import { protoType } from "@/lib/ingest/protos";
import { GET as tenantTail } from "@/app/api/v1/orgs/[org]/logs/tail/route";
import { GET as platformTail } from "@/app/api/v1/platform/logs/tail/route";

withTestDb();

let agent = "";
beforeAll(async () => {
  agent = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
});
const open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  delete process.env.LOG_REDACT_PATTERNS;
});

const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);
const kv = (o: Record<string, string | undefined>) =>
  Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v ?? "" } }));

type Sent = { url: string; rawBody: Uint8Array | string; headers: Record<string, string> };

/** One batch of `messages` over a protocol, for the tenant (org acme) or the platform, tagged so it can be found. */
const PROTOCOLS: Record<string, (kind: "tenant" | "platform", tag: string, messages: string[]) => Sent> = {
  native: (kind, tag, messages) => ({
    url: kind === "tenant" ? "/api/v1/logs" : "/api/v1/platform/logs",
    headers: { "content-type": "application/x-ndjson" },
    rawBody: messages
      .map((m) =>
        JSON.stringify(
          kind === "tenant"
            ? {
                ts: new Date().toISOString(),
                org_id: "acme",
                app_id: "web",
                env_id: "production",
                process_type: "web",
                instance_id: "w",
                message: `${tag} ${m}`,
                attrs: { "db.password": "hunter2" },
              }
            : {
                ts: new Date().toISOString(),
                component: "edge",
                region: "eu-west",
                node_id: "n1",
                level: "info",
                message: `${tag} ${m}`,
                attrs: { "db.password": "hunter2" },
              },
        ),
      )
      .join("\n"),
  }),
  otlp_json: (kind, tag, messages) => ({
    url: kind === "tenant" ? "/api/v1/otlp/v1/logs" : "/api/v1/platform/otlp/v1/logs",
    headers: { "content-type": "application/json" },
    rawBody: JSON.stringify({
      resourceLogs: [
        {
          resource: {
            attributes: kv(
              kind === "tenant"
                ? { org_id: "acme", "service.name": "web", "deployment.environment.name": "production" }
                : { "service.name": "edge", "cloud.region": "eu-west" },
            ),
          },
          scopeLogs: [
            {
              logRecords: messages.map((m) => ({
                timeUnixNano: nowNs(),
                body: { stringValue: `${tag} ${m}` },
                attributes: kv({ "http.request.header.authorization": "Bearer abcdefgh12345678" }),
              })),
            },
          ],
        },
      ],
    }),
  }),
  otlp_protobuf: (kind, tag, messages) => {
    const type = protoType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest");
    const resource =
      kind === "tenant"
        ? { org_id: "acme", "service.name": "web", "deployment.environment.name": "production" }
        : { "service.name": "edge", "cloud.region": "eu-west" };
    const msg = type.fromObject({
      resourceLogs: [
        {
          resource: { attributes: kv(resource) },
          scopeLogs: [
            { logRecords: messages.map((m) => ({ timeUnixNano: nowNs(), body: { stringValue: `${tag} ${m}` } })) },
          ],
        },
      ],
    });
    return {
      url: kind === "tenant" ? "/api/v1/otlp/v1/logs" : "/api/v1/platform/otlp/v1/logs",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
      rawBody: zlib.gzipSync(type.encode(msg).finish()),
    };
  },
  loki_json: (kind, tag, messages) => ({
    url: kind === "tenant" ? "/api/v1/loki/api/v1/push" : "/api/v1/platform/loki/api/v1/push",
    headers: { "content-type": "application/json" },
    rawBody: JSON.stringify({
      streams: [
        {
          stream:
            kind === "tenant"
              ? { org_id: "acme", app: "web", env: "production" }
              : { component: "edge", region: "eu-west" },
          values: messages.map((m) => [nowNs(), `${tag} ${m}`, { api_key: "k-123456" }]),
        },
      ],
    }),
  }),
  loki_protobuf: (kind, tag, messages) => {
    const labels =
      kind === "tenant" ? '{org_id="acme", app="web", env="production"}' : '{component="edge", region="eu-west"}';
    const ts = Date.now();
    const msg = protoType("logproto.PushRequest").fromObject({
      streams: [
        {
          labels,
          entries: messages.map((m) => ({
            timestamp: { seconds: Math.floor(ts / 1000), nanos: (ts % 1000) * 1e6 },
            line: `${tag} ${m}`,
          })),
        },
      ],
    });
    return {
      url: kind === "tenant" ? "/api/v1/loki/api/v1/push" : "/api/v1/platform/loki/api/v1/push",
      headers: { "content-type": "application/x-protobuf" },
      rawBody: snappy.compress(protoType("logproto.PushRequest").encode(msg).finish()),
    };
  },
};

type Line = { message: string; attrs: Record<string, unknown> | null };
const read = async (kind: "tenant" | "platform", tag: string) =>
  kind === "tenant"
    ? (
        await call<{ lines: Line[] }>("GET", `/api/v1/orgs/acme/logs?q=${encodeURIComponent(tag)}&limit=200`, {
          as: USERS.acme,
        })
      ).body.lines
    : (
        await call<{ lines: Line[] }>("GET", `/api/v1/platform/logs?q=${encodeURIComponent(tag)}&limit=200&start=1h`, {
          as: USERS.oncall,
        })
      ).body.lines;
const strip = (tag: string, lines: Line[]) => lines.map((l) => l.message.slice(tag.length + 1)).sort();

describe("secrets are redacted before anything stores or publishes them", () => {
  for (const kind of ["tenant", "platform"] as const) {
    for (const [protocol, build] of Object.entries(PROTOCOLS)) {
      it(`${kind} lines over ${protocol}: stored and tailed redacted, look-alikes left alone`, async () => {
        const tag = `rdx-${kind}-${protocol}`;
        const tail =
          kind === "tenant"
            ? await tenantTail(
                new Request(`http://console.test/api/v1/orgs/acme/logs/tail?q=${tag}`, {
                  headers: { cookie: await sessionCookie(USERS.acme) },
                }),
                { params: Promise.resolve({ org: "acme" }) },
              )
            : await platformTail(
                new Request(`http://console.test/api/v1/platform/logs/tail?q=${tag}`, {
                  headers: { cookie: await sessionCookie(USERS.oncall) },
                }),
                { params: Promise.resolve({}) },
              );
        const viewer = sseReader(tail);
        open.push(viewer);
        await viewer.until((e) => e.some((x) => x.event === "ready"));
        const messages = [...SECRET_CORPUS.map(([input]) => input), ...LOOKALIKES];
        const sent = build(kind, tag, messages);
        const res = await call("POST", sent.url, {
          as: { token: agent },
          rawBody: sent.rawBody,
          headers: sent.headers,
        });
        expect(res.status, res.text).toBeLessThan(300);
        const expected = [...SECRET_CORPUS.map(([, output]) => output), ...LOOKALIKES].sort();
        const stored = await read(kind, tag);
        expect(strip(tag, stored)).toEqual(expected);
        for (const l of stored) expect(JSON.stringify(l.attrs ?? {})).not.toMatch(/hunter2|abcdefgh12345678|k-123456/);
        const live = await viewer.until((e) => e.filter((x) => x.event === "line").length >= messages.length);
        expect(
          strip(
            tag,
            live.filter((x) => x.event === "line").map((x) => x.data as Line),
          ),
        ).toEqual(expected);
      });
    }
  }

  it("counts what it removed per org, behind the metrics token", async () => {
    const metrics = await readMetrics();
    expect(metrics).toMatch(/log_redactions_total\{kind="tenant",org="acme",pattern="aws_access_key"\} \d+/);
    expect(metrics).toMatch(/log_redactions_total\{kind="platform",org="none",pattern="private_key"\} \d+/);
  });

  it("keeps the export redacted, and applies the configured extra patterns", async () => {
    process.env.LOG_REDACT_PATTERNS = JSON.stringify([{ name: "acme_customer_id", pattern: "\\bcus_[0-9]{6}\\b" }]);
    const sent = PROTOCOLS.native!("tenant", "rdx-extra", ["refund for cus_123456 with password=swordfish"]);
    expect(
      (await call("POST", sent.url, { as: { token: agent }, rawBody: sent.rawBody, headers: sent.headers })).status,
    ).toBe(200);
    const exported = await call("GET", "/api/v1/orgs/acme/logs/export?q=rdx-extra", { as: USERS.acme });
    expect(exported.text).toContain("refund for [REDACTED:acme_customer_id] with password=[REDACTED:password]");
    expect(exported.text).not.toMatch(/cus_123456|swordfish/);
  });
});
