// The one error shape, for everything a client can get wrong.
import { describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";

withTestDb();

type ErrorBody = ApiErrorBody;

describe("errors", () => {
  it("400 for malformed JSON, naming the body", async () => {
    const res = await call<ErrorBody>("POST", "/api/v1/tokens", {
      as: USERS.admin,
      rawBody: '{"name": "x", scopes:',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
    expect(res.body.error.details?.fields?.[0]?.field).toBe("body");
  });

  it("400 for a body of the wrong type", async () => {
    const res = await call<ErrorBody>("POST", "/api/v1/tokens", { as: USERS.admin, body: ["not", "an", "object"] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });

  it("413 for a body over the limit", async () => {
    const res = await call<ErrorBody>("POST", "/api/v1/tokens", {
      as: USERS.admin,
      body: { name: "x".repeat(1_100_000), scopes: ["audit:read"] },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it("415 for a body that is not JSON", async () => {
    const res = await call<ErrorBody>("POST", "/api/v1/tokens", {
      as: USERS.admin,
      rawBody: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
  });

  it("400 for bad query parameters, naming each", async () => {
    const res = await call<ErrorBody>("GET", "/api/v1/audit?limit=0&since=yesterday&outcome=maybe", {
      as: USERS.admin,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields?.map((f) => f.field).sort()).toEqual([
      "query.limit",
      "query.outcome",
      "query.since",
    ]);
  });

  it("400 for a tampered cursor", async () => {
    const res = await call<ErrorBody>("GET", "/api/v1/audit?cursor=bm9wZQ", { as: USERS.admin });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("cursor");
  });

  it("401 for a malformed Authorization header", async () => {
    const res = await call<ErrorBody>("GET", "/api/v1/me", { headers: { authorization: "Basic Zm9vOmJhcg==" } });
    expect(res.status).toBe(401);
  });

  it("403 for a cross-site change made with a session cookie", async () => {
    const res = await call<ErrorBody>("POST", "/api/v1/tokens", {
      as: USERS.admin,
      body: { name: "x", scopes: ["audit:read"] },
      headers: { origin: "https://evil.example", host: "console.test" },
    });
    expect(res.status).toBe(403);
  });

  it("405 in the error shape, with Allow", async () => {
    const res = await call<ErrorBody>("PUT", "/api/v1/me", { as: USERS.admin });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(res.body.error.code).toBe("method_not_allowed");
  });

  it("404 in the error shape for an unknown API path", async () => {
    const res = await call<ErrorBody>("GET", "/api/v1/no/such/thing", { as: USERS.admin });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("answers with its own request id, and keeps a caller's X-Request-Id beside it in the audit event", async () => {
    const mine = await call<ErrorBody>("GET", "/api/v1/orgs/acme/logs?q=request-id-probe", {
      as: USERS.acme,
      headers: { "x-request-id": "deploy-42.abc" },
    });
    const id = mine.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = (await auditEvents("logs.query")).filter((e) => e.request_id === id);
    expect(event?.details.client_request_id).toBe("deploy-42.abc");
    const junk = await call<ErrorBody>("GET", "/api/v1/me", { headers: { "x-request-id": "<script>" } });
    expect(junk.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(junk.body.request_id).toBe(junk.headers.get("x-request-id"));
  });
});
