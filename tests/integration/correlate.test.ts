// Following one request across the platform into the tenants it touched, through the real route: the
// platform's lines freely, an org's lines only under a reason stated for that org, and each org's read in
// that org's audit log with the reason — the same rule as any other read of a tenant's logs.
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, mintToken, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { entry, ingest } from "../support/logs";
import type { ResponseOf } from "@/lib/http/endpoint";
import type { correlateEndpoint } from "@/lib/correlate/contract";

withTestDb();

type Result = ResponseOf<typeof correlateEndpoint>;
const t0 = Date.now() - 10 * 60_000;
const at = (ms: number) => new Date(t0 + ms).toISOString();
const correlate = (qs: string, opts: { as?: string; headers?: Record<string, string> } = {}) =>
  call<Result & ApiErrorBody>("GET", `/api/v1/correlate?${qs}`, { as: opts.as ?? USERS.oncall, headers: opts.headers });

beforeAll(async () => {
  const agent = (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret;
  const p = (ms: number, component: string, message: string, over: Record<string, unknown> = {}) => ({
    ts: at(ms),
    component,
    region: "eu-west",
    node_id: `${component}-eu-west-1`,
    level: "info",
    message,
    request_id: "req-path-1",
    ...over,
  });
  const platform = [
    p(0, "edge", "accepted request GET /checkout", { org_id: "acme" }),
    p(5, "router", "routed to acme/web", { org_id: "acme", trace_id: "trace-9" }),
    p(900, "edge", "upstream timed out after 30s", { org_id: "acme", level: "error", error_class: "UpstreamTimeout" }),
    p(10, "edge", "a different request", { request_id: "req-other" }),
    p(20, "edge", "globex side of a fan-out", { org_id: "globex" }),
  ];
  expect((await call("POST", "/api/v1/platform/logs", { as: { token: agent }, body: platform })).status).toBe(200);
  await ingest([
    entry({ ts: at(8), message: "POST /checkout started", request_id: "req-path-1", trace_id: "trace-9" }),
    entry({ ts: at(850), message: "payment provider slow", level: "warn", request_id: "req-path-1" }),
    entry({ ts: at(9), message: "unrelated", request_id: "req-unrelated" }),
    entry({
      ts: at(30),
      org_id: "globex",
      app_id: "api",
      message: "globex handled its part",
      request_id: "req-path-1",
    }),
  ]);
});

describe("correlate", () => {
  it("shows the platform's lines and says which orgs need a reason before their lines are shown", async () => {
    const res = await correlate("request_id=req-path-1&start=1h");
    expect(res.status, res.text).toBe(200);
    expect(res.body.lines.map((l) => [l.source, l.message])).toEqual([
      ["platform", "accepted request GET /checkout"],
      ["platform", "routed to acme/web"],
      ["platform", "globex side of a fan-out"],
      ["platform", "upstream timed out after 30s"],
    ]);
    expect(res.body.orgs).toEqual([
      { org: "acme", status: "reason_required", lines: null },
      { org: "globex", status: "reason_required", lines: null },
    ]);
  });

  it("interleaves an org's lines in time order once a reason is stated for that org, and audits that read in the org's log", async () => {
    const before = (await auditEvents("logs.query")).length;
    const res = await correlate("request_id=req-path-1&start=1h", {
      headers: { "x-access-reason": "INC-12 checkout timeouts" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.lines.map((l) => `${l.source}:${l.message}`)).toEqual([
      "platform:accepted request GET /checkout",
      "platform:routed to acme/web",
      "tenant:POST /checkout started",
      "platform:globex side of a fan-out",
      "tenant:globex handled its part",
      "tenant:payment provider slow",
      "platform:upstream timed out after 30s",
    ]);
    expect(res.body.orgs).toEqual([
      { org: "acme", status: "included", lines: 2 },
      { org: "globex", status: "included", lines: 1 },
    ]);
    const after = await auditEvents("logs.query");
    const reads = after.slice(0, after.length - before); // newest first
    const acme = reads.find((e) => e.org_id === "acme")!;
    expect(acme.details).toMatchObject({
      correlate: true,
      request_id: "req-path-1",
      reason: "INC-12 checkout timeouts",
      lines: 2,
    });
    expect(acme.actor.id).toBe(USERS.oncall);
    expect(reads.find((e) => e.org_id === "globex")?.details).toMatchObject({ lines: 1 });
    // And the correlation itself is on the platform's record.
    expect((await auditEvents("correlate"))[0]?.details).toMatchObject({ request_id: "req-path-1", platform_lines: 4 });
  });

  it("uses a reason stated for one org only for that org", async () => {
    await call("POST", "/api/v1/orgs/globex/access", { as: USERS.ic, body: { reason: "SUP-9 globex fan-out errors" } });
    const res = await correlate("request_id=req-path-1&start=1h", { as: USERS.ic });
    expect(res.body.orgs).toEqual([
      { org: "acme", status: "reason_required", lines: null },
      { org: "globex", status: "included", lines: 1 },
    ]);
    expect(res.body.lines.filter((l) => l.source === "tenant").map((l) => l.message)).toEqual([
      "globex handled its part",
    ]);
  });

  it("follows a trace id too", async () => {
    const res = await correlate("trace_id=trace-9&start=1h", { headers: { "x-access-reason": "INC-12" } });
    expect(res.body.lines.map((l) => `${l.source}:${l.message}`)).toEqual([
      "platform:routed to acme/web",
      "tenant:POST /checkout started",
    ]);
  });

  it("asks for exactly one id, and names the field", async () => {
    for (const qs of ["", "request_id=a&trace_id=b", "request_id=%20"]) {
      const res = await correlate(qs);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.details?.fields?.[0]?.field, qs).toBe("query.request_id");
    }
  });

  it("is not a way for a tenant into the platform's logs", async () => {
    for (const as of [USERS.acme, USERS.globex])
      expect((await correlate("request_id=req-path-1&start=1h", { as })).status).toBe(403);
  });
});
