import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import { db } from "@/lib/db/client";
import { apiTokens, users } from "@/lib/db/schema";

withTestDb();

describe("API tokens", () => {
  it("are shown once, stored hashed, and work as Bearer credentials", async () => {
    const res = await call<{
      token: { id: string; secret: string; scopes: string[]; org_id: string | null; expires_at: string };
    }>("POST", "/api/v1/tokens", {
      as: USERS.oncall,
      body: { name: "deploy pipeline", scopes: ["incidents:read"], expires_in_days: 30 },
    });
    expect(res.status).toBe(201);
    const { secret, id } = res.body.token;
    expect(secret).toMatch(/^opc_[A-Za-z0-9_-]{40,}$/);
    expect(new Date(res.body.token.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.secretHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice(10));

    const list = await call<{ tokens: Record<string, unknown>[] }>("GET", "/api/v1/tokens", { as: USERS.oncall });
    const listed = list.body.tokens.find((t) => t.id === id)!;
    expect(listed).toBeDefined();
    expect(listed.secret).toBeUndefined();
    expect(listed.last_used_at).toBeNull();

    const me = await call<{ user: { email: string }; scopes: string[]; token: { id: string } }>("GET", "/api/v1/me", {
      as: { token: secret },
    });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("oncall@demo.local");
    expect(me.body.scopes).toEqual(["incidents:read"]);
    expect(me.body.token.id).toBe(id);
    const [used] = await db().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(used!.lastUsedAt).not.toBeNull();
  });

  it("can be revoked, after which the secret is refused with 401", async () => {
    const t = await mintToken(USERS.oncall, { scopes: ["audit:read"] });
    expect((await call("GET", "/api/v1/audit", { as: { token: t.secret } })).status).toBe(200);
    const revoked = await call<{ token: { revoked_at: string } }>("DELETE", `/api/v1/tokens/${t.id}`, {
      as: USERS.oncall,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revoked_at).toBeTruthy();
    const after = await call("GET", "/api/v1/audit", { as: { token: t.secret } });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("cannot be revoked by someone else (404, no hint it exists)", async () => {
    const t = await mintToken(USERS.oncall, { scopes: ["audit:read"] });
    expect((await call("DELETE", `/api/v1/tokens/${t.id}`, { as: USERS.ic })).status).toBe(404);
    expect((await call("DELETE", `/api/v1/tokens/${t.id}`, { as: USERS.acme })).status).toBe(404);
    expect((await call("GET", "/api/v1/audit", { as: { token: t.secret } })).status).toBe(200);
  });

  it("never hold more than their creator: tenants cannot mint for other orgs or platform scopes", async () => {
    const otherOrg = await call("POST", "/api/v1/tokens", {
      as: USERS.acme,
      body: { name: "x", scopes: ["logs:read"], org_id: "globex" },
    });
    expect(otherOrg.status).toBe(403);
    const platform = await call("POST", "/api/v1/tokens", {
      as: USERS.acme,
      body: { name: "x", scopes: ["logs:read"] },
    });
    expect(platform.status).toBe(403);
    const ingest = await call("POST", "/api/v1/tokens", {
      as: USERS.acme,
      body: { name: "x", scopes: ["logs:write"], org_id: "acme" },
    });
    expect(ingest.status).toBe(403);
    expect(JSON.stringify(ingest.body)).toContain("logs:write");
    const operatorAdmin = await call("POST", "/api/v1/tokens", {
      as: USERS.oncall,
      body: { name: "x", scopes: ["admin"] },
    });
    expect(operatorAdmin.status).toBe(403);
  });

  it("lets admins mint org-less platform tokens, e.g. logs:write for agents", async () => {
    const t = await mintToken(USERS.admin, { scopes: ["logs:write", "alerts:write"] });
    const me = await call<{ scopes: string[]; token: { org_id: null } }>("GET", "/api/v1/me", {
      as: { token: t.secret },
    });
    expect(me.body.scopes).toEqual(["logs:write", "alerts:write"]);
    expect(me.body.token.org_id).toBeNull();
  });

  it("binds an org token to its org", async () => {
    const t = await mintToken(USERS.acme, { scopes: ["audit:read"], org_id: "acme" });
    expect((await call("GET", "/api/v1/orgs/acme/audit", { as: { token: t.secret } })).status).toBe(200);
    expect((await call("GET", "/api/v1/orgs/globex/audit", { as: { token: t.secret } })).status).toBe(403);
    expect((await call("GET", "/api/v1/audit", { as: { token: t.secret } })).status).toBe(403);
  });

  it("lose power when their creator loses it", async () => {
    const t = await mintToken(USERS.ic, { scopes: ["audit:read"] });
    expect((await call("GET", "/api/v1/audit", { as: { token: t.secret } })).status).toBe(200);
    await db().update(users).set({ role: "tenant" }).where(eq(users.id, USERS.ic));
    try {
      expect((await call("GET", "/api/v1/audit", { as: { token: t.secret } })).status).toBe(403);
    } finally {
      await db().update(users).set({ role: "operator" }).where(eq(users.id, USERS.ic));
    }
  });

  it("reject unknown scopes, empty names, bad expiry and unknown orgs with 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ name: "x", scopes: ["logs:delete"] }, "body.scopes.0"],
      [{ name: "  ", scopes: ["audit:read"] }, "body.name"],
      [{ name: "x", scopes: [] }, "body.scopes"],
      [{ name: "x", scopes: ["audit:read"], expires_in_days: 0 }, "body.expires_in_days"],
      [{ name: "x", scopes: ["audit:read"], expires_in_days: 1.5 }, "body.expires_in_days"],
      [{ name: "x", scopes: ["audit:read"], org_id: "Not A Slug" }, "body.org_id"],
      [{ name: "x", scopes: ["audit:read"], org_id: "no-such-org" }, "body.org_id"],
      [{ scopes: ["audit:read"] }, "body.name"],
    ];
    for (const [body, field] of cases) {
      const res = await call<{ error: { code: string; details: { fields: { field: string }[] } } }>(
        "POST",
        "/api/v1/tokens",
        { as: USERS.admin, body },
      );
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.error.details.fields.map((f) => f.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(await db().select().from(apiTokens).where(eq(apiTokens.name, "x"))).toHaveLength(0);
  });

  it("are audited on creation and revocation, with the org they belong to", async () => {
    const t = await mintToken(USERS.acme, { name: "audited", scopes: ["audit:read"], org_id: "acme" });
    await call("DELETE", `/api/v1/tokens/${t.id}`, { as: USERS.acme });
    const audit = await call<{
      events: { action: string; target: string; org_id: string; actor: { email: string } }[];
    }>("GET", "/api/v1/orgs/acme/audit", { as: USERS.acme });
    const actions = audit.body.events.filter((e) => e.target === t.id).map((e) => e.action);
    expect(actions).toEqual(["token.revoke", "token.create"]);
    expect(audit.body.events.find((e) => e.target === t.id)!.actor.email).toBe("dev@acme.demo.local");
  });
});
