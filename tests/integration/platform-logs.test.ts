// Platform logs through the real route handlers: ingest all or nothing, every filter, a line's
// neighbours on its node, export, facets, the live tail with resume, retention of their own, and every
// read on the platform's audit record. (Tenants' refusals: the authorization matrix and the isolation fuzz.)
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, mintToken, sessionCookie, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { sseReader } from "../support/sse";
import type { ResponseOf } from "@/lib/http/endpoint";
import type { platformLogEndpoints } from "@/lib/platform-logs/contract";
import { GET as tailRoute } from "@/app/api/v1/platform/logs/tail/route";

withTestDb();

type Page = ResponseOf<(typeof platformLogEndpoints)["query"]>;
let agent = "";
const t0 = Date.now() - 20 * 60_000;
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

const line = (over: Record<string, unknown> = {}) => ({
  ts: new Date().toISOString(),
  component: "edge",
  region: "eu-west",
  node_id: "edge-eu-west-1",
  level: "info",
  message: "accepted connection",
  ...over,
});
const post = (body: unknown, as: { token: string } = { token: agent }) =>
  call<{ accepted: number } & ApiErrorBody>("POST", "/api/v1/platform/logs", { as, body });
const read = (qs: string) => call<Page>("GET", `/api/v1/platform/logs?${qs}`, { as: USERS.oncall });

beforeAll(async () => {
  agent = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
  const batch = [];
  for (let i = 0; i < 60; i++) {
    batch.push(
      line({
        ts: at(i),
        node_id: `edge-eu-west-${(i % 3) + 1}`,
        host_id: `eu-west-h00${i % 3}`,
        level: i % 6 === 0 ? "error" : "info",
        message: i % 6 === 0 ? `tls handshake failed with client ${i}` : `accepted connection ${i}`,
        request_id: `req-${i}`,
        trace_id: i % 10 === 0 ? `trace-${i}` : null,
        error_class: i % 6 === 0 ? "TlsHandshakeError" : null,
        org_id: i % 2 ? "acme" : null,
      }),
    );
    batch.push(
      line({
        ts: at(i),
        component: "scheduler",
        region: "us-east",
        node_id: "sched-us-east-1",
        message: `placed machine ${i}`,
      }),
    );
  }
  expect((await post(batch)).status).toBe(200);
});

describe("platform log ingest", () => {
  it("stores a batch all or nothing, naming every bad line", async () => {
    const res = await post([
      line({ message: "good one" }),
      { ...line(), component: "" },
      { ...line(), org_id: "no-such-org" },
      { ...line(), nodeid: "x" },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.details?.lines?.map((l) => [l.line, l.field])).toEqual([
      [2, "component"],
      [3, "org_id"],
      [4, "nodeid"],
    ]);
    expect((await read("q=good%20one&start=1h")).body.lines).toEqual([]);
  });

  it("takes only platform-wide logs:write tokens: an org's token cannot write platform lines", async () => {
    const orgToken = await mintToken(USERS.admin, { scopes: ["logs:write"], org_id: "acme" });
    expect((await post([line()], { token: orgToken.secret })).status).toBe(403);
  });

  it("never lets platform-logs:read into an org-bound token", async () => {
    const res = await call<ApiErrorBody>("POST", "/api/v1/tokens", {
      as: USERS.oncall,
      body: { name: "x", scopes: ["platform-logs:read"], org_id: "acme" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields?.[0]?.field).toBe("body.scopes");
  });
});

describe("platform log reads", () => {
  it("filters by component, region, node, host, level, text, org, request, trace and error class", async () => {
    const count = async (qs: string) => (await read(`${qs}&start=1h&limit=500`)).body.lines.length;
    expect(await count("component=edge&region=eu-west")).toBe(60);
    expect(await count("component=scheduler")).toBe(60);
    expect(await count("component=edge&node=edge-eu-west-2")).toBe(20);
    expect(await count("host=eu-west-h001")).toBe(20);
    expect(await count("component=edge&level=error")).toBe(10);
    expect(await count("q=TLS%20HANDSHAKE")).toBe(10);
    expect(await count("org=acme")).toBe(30);
    expect(await count("request_id=req-7")).toBe(1);
    expect(await count("trace_id=trace-20&trace_id=trace-30")).toBe(2);
    expect(await count("error_class=TlsHandshakeError")).toBe(10);
    const first = (await read("component=edge&start=1h&limit=1")).body.lines[0]!;
    expect(Object.keys(first).sort()).toEqual(
      [
        "attrs",
        "app_id",
        "component",
        "env_id",
        "error_class",
        "host_id",
        "id",
        "instance_id",
        "level",
        "message",
        "node_id",
        "org_id",
        "region",
        "release_id",
        "request_id",
        "route_id",
        "trace_id",
        "ts",
      ].sort(),
    );
  });

  it("shows the lines around one from the same node", async () => {
    const target = (await read("request_id=req-30&start=1h")).body.lines[0]!;
    const ctx = await call<{ line: { id: string }; before: { node_id: string }[]; after: { node_id: string }[] }>(
      "GET",
      `/api/v1/platform/logs/${target.id}/context?before=3&after=3`,
      { as: USERS.oncall },
    );
    expect(ctx.status).toBe(200);
    expect(ctx.body.before).toHaveLength(3);
    expect([...ctx.body.before, ...ctx.body.after].every((l) => l.node_id === target.node_id)).toBe(true);
  });

  it("exports the query's lines as NDJSON, and lists the pickers' values", async () => {
    const res = await call("GET", "/api/v1/platform/logs/export?component=edge&start=1h", { as: USERS.oncall });
    const lines = res.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual((await read("component=edge&start=1h&order=asc&limit=500")).body.lines);
    const facets = await call<{ components: string[]; regions: string[]; nodes: string[]; hosts: string[] }>(
      "GET",
      "/api/v1/platform/logs/facets",
      { as: USERS.oncall },
    );
    expect(facets.body.components).toEqual(expect.arrayContaining(["edge", "scheduler"]));
    expect(facets.body.nodes).toEqual(
      expect.arrayContaining(["edge-eu-west-1", "edge-eu-west-2", "edge-eu-west-3", "sched-us-east-1"]),
    );
    expect(facets.body.hosts).toEqual(expect.arrayContaining(["eu-west-h000"]));
  });

  it("tails new lines live and resumes from the last one seen", async () => {
    const open = async (qs: string, headers: Record<string, string> = {}) => {
      const res = await tailRoute(
        new Request(`http://console.test/api/v1/platform/logs/tail${qs}`, {
          headers: { cookie: await sessionCookie(USERS.oncall), ...headers },
        }),
        { params: Promise.resolve({}) },
      );
      expect(res.status).toBe(200);
      const reader = sseReader(res);
      await reader.until((e) => e.some((x) => x.event === "ready"));
      return reader;
    };
    const msgs = (events: { event: string; data: unknown }[]) =>
      events.filter((e) => e.event === "line").map((e) => (e.data as { message: string }).message);
    const first = await open("?component=projector");
    const sent = Date.now();
    await post([
      line({ component: "projector", node_id: "proj-1", message: "tail one" }),
      line({ component: "edge", message: "not projector" }),
    ]);
    const seen = await first.until((e) => msgs(e).includes("tail one"), 1000);
    expect(seen.find((e) => e.event === "line")!.at - sent).toBeLessThan(1000);
    expect(msgs(seen)).toEqual(["tail one"]);
    const lastId = seen.filter((e) => e.event === "line").at(-1)!.id!;
    await first.close();
    await post([line({ component: "projector", node_id: "proj-1", message: "tail two" })]);
    const second = await open("?component=projector", { "last-event-id": lastId });
    expect(msgs(await second.until((e) => msgs(e).includes("tail two")))).toEqual(["tail two"]);
    await second.close();
  });

  it("records every read on the platform's audit record, with the filters and no org", async () => {
    const res = await read("component=edge&region=eu-west&start=1h&limit=3");
    const [event] = (await auditEvents("platform_logs.query")).filter(
      (e) => e.request_id === res.headers.get("x-request-id"),
    );
    expect(event).toMatchObject({
      outcome: "allowed",
      org_id: null,
      actor: { id: USERS.oncall },
      details: { lines: 3, filters: { component: ["edge"], region: ["eu-west"] } },
    });
    expect(
      (await call("GET", "/api/v1/orgs/acme/audit?action=platform_logs.query", { as: USERS.acme })).body,
    ).toMatchObject({ events: [] });
  });

  it("keeps platform lines for PLATFORM_LOG_RETENTION_DAYS, apart from tenant retention", async () => {
    process.env.PLATFORM_LOG_RETENTION_DAYS = "1";
    try {
      const old = await post([line({ ts: new Date(Date.now() - 3 * 86_400_000).toISOString() })]);
      expect(old.status).toBe(400);
      expect(old.body.error.details?.lines?.[0]?.field).toBe("ts");
    } finally {
      delete process.env.PLATFORM_LOG_RETENTION_DAYS;
    }
  });
});
