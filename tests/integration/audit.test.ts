import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { withTestDb } from "../support/db";
import { call, USERS, readMetrics } from "../support/api";
import type { ResponseOf } from "@/lib/http/endpoint";
import type { listAuditEndpoint } from "@/lib/audit/contract";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit";
import { endpoint } from "@/lib/http/endpoint";
import { withApi } from "@/lib/api/handler";
import { ApiError } from "@/lib/http/errors";
import { sessionCookie } from "../support/api";

withTestDb();

type Events = ResponseOf<typeof listAuditEndpoint>;

describe("audit log", () => {
  it("pages newest first with an opaque cursor, without gaps or repeats", async () => {
    for (let i = 0; i < 25; i++)
      await recordAudit({ action: "test.page", outcome: "success", actorKind: "system", details: { i } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Events } = await call<Events>(
        "GET",
        `/api/v1/audit?action=test.page&limit=10${cursor ? `&cursor=${cursor}` : ""}`,
        { as: USERS.admin },
      );
      seen.push(...res.body.events.map((e) => e.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it("filters by action, org, actor, outcome and since", async () => {
    await recordAudit({
      action: "test.filter",
      outcome: "denied",
      actor: { id: USERS.oncall, email: "oncall@demo.local", kind: "user" },
      orgId: "globex",
    });
    await recordAudit({
      action: "test.filter",
      outcome: "allowed",
      actor: { id: USERS.ic, email: "ic@demo.local", kind: "user" },
      orgId: "acme",
    });
    const q = async (qs: string) =>
      (await call<Events>("GET", `/api/v1/audit?action=test.filter&${qs}`, { as: USERS.oncall })).body.events;
    expect((await q("org=acme")).map((e) => e.actor.id)).toEqual([USERS.ic]);
    expect((await q("outcome=denied")).map((e) => e.org_id)).toEqual(["globex"]);
    expect((await q(`actor=${USERS.oncall}`)).map((e) => e.outcome)).toEqual(["denied"]);
    // Who, as people say it: an email (any case) or the start of a name; a % is a character, not a wildcard.
    expect((await q("actor=OnCall@Demo.local")).map((e) => e.outcome)).toEqual(["denied"]);
    expect((await q("actor=ian")).map((e) => e.actor.id)).toEqual([USERS.ic]);
    expect(await q("actor=%25")).toEqual([]);
    expect(await q(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
  });

  it("lets a tenant pick out the operators' reads of its logs, with their reasons", async () => {
    await recordAudit({
      action: "logs.query",
      outcome: "allowed",
      actor: { id: USERS.oncall, email: "oncall@demo.local", kind: "user" },
      orgId: "acme",
      details: { reason: "SUP-1 slow checkouts", lines: 12 },
    });
    await recordAudit({
      action: "logs.query",
      outcome: "allowed",
      actor: { id: USERS.acme, email: "dev@acme.demo.local", kind: "user" },
      orgId: "acme",
      details: { lines: 3 },
    });
    const reads = (await call<Events>("GET", "/api/v1/orgs/acme/audit?operator_reads=true", { as: USERS.acme })).body
      .events;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((e) => typeof e.details.reason === "string" && e.action.startsWith("logs."))).toBe(true);
    expect(reads[0]).toMatchObject({ actor: { id: USERS.oncall }, details: { reason: "SUP-1 slow checkouts" } });
  });

  it("shows an org only events about that org, without client addresses", async () => {
    await recordAudit({ action: "test.iso", outcome: "allowed", orgId: "globex", ip: "10.1.2.3", actorKind: "system" });
    await recordAudit({ action: "test.iso", outcome: "allowed", orgId: "acme", ip: "10.9.9.9", actorKind: "system" });
    await recordAudit({ action: "test.iso", outcome: "allowed", orgId: null, actorKind: "system" });
    const acme = await call<Events>("GET", "/api/v1/orgs/acme/audit?action=test.iso", { as: USERS.acme });
    expect(acme.body.events).toHaveLength(1);
    expect(acme.body.events[0]!.org_id).toBe("acme");
    expect(acme.body.events[0]!.ip).toBeUndefined();
    // An org filter in the query cannot widen the org view: the org view has no such filter.
    const sneaky = await call<{ error: { details: { fields: { field: string }[] } } }>(
      "GET",
      "/api/v1/orgs/acme/audit?action=test.iso&org=globex",
      { as: USERS.acme },
    );
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.details.fields.map((f) => f.field)).toEqual(["query.org"]);
    const platform = await call<Events>("GET", "/api/v1/audit?action=test.iso", { as: USERS.admin });
    expect(platform.body.events).toHaveLength(3);
    expect(platform.body.events.some((e) => e.ip === "10.1.2.3")).toBe(true);
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    await recordAudit({ action: "test.immutable", outcome: "success", actorKind: "system" });
    await expect(
      db().execute(sql`update audit_events set outcome = 'failure' where action = 'test.immutable'`),
    ).rejects.toThrow();
    await expect(db().execute(sql`delete from audit_events where action = 'test.immutable'`)).rejects.toThrow();
    const res = await call<Events>("GET", "/api/v1/audit?action=test.immutable", { as: USERS.admin });
    expect(res.body.events.map((e) => e.outcome)).toEqual(["success"]);
  });

  it("records every identified caller's call of an audited endpoint, allowed or denied, and counts anonymous ones", async () => {
    const ep = endpoint({
      method: "GET",
      path: "/api/v1/orgs/{org}/probe",
      summary: "probe",
      tag: "test",
      scope: "logs:read",
      audit: "test.audited_read",
      params: z.object({ org: z.string() }),
      response: z.object({ rows: z.number() }),
    });
    const handler = withApi(ep, ({ auditDetails, params }) => {
      if (params.org === "acme-fail") throw new ApiError("conflict", "nope");
      auditDetails.rows = 7;
      return { rows: 7 };
    });
    const hit = (org: string, as: string | null) =>
      handler(new Request(`http://console.test/api/v1/orgs/${org}/probe`, { headers: as ? { cookie: "" } : {} }), {
        params: Promise.resolve({ org }),
      });
    const withCookie = async (org: string, user: string) =>
      handler(
        new Request(`http://console.test/api/v1/orgs/${org}/probe`, { headers: { cookie: await sessionCookie(user) } }),
        { params: Promise.resolve({ org }) },
      );
    expect((await withCookie("acme", USERS.acme)).status).toBe(200);
    expect((await withCookie("globex", USERS.acme)).status).toBe(403);
    expect((await hit("acme", null)).status).toBe(401);
    const events = (
      await call<Events & { events: { details: Record<string, unknown> }[] }>(
        "GET",
        "/api/v1/audit?action=test.audited_read",
        { as: USERS.admin },
      )
    ).body.events;
    // The refused call names the org it asked for in the platform log only: another org's audit view
    // never holds what a stranger sent. The anonymous call is a metric, not a row.
    expect(events.map((e) => [e.outcome, e.org_id, e.actor.id])).toEqual([
      ["denied", null, USERS.acme],
      ["allowed", "acme", USERS.acme],
    ]);
    expect(events[0]!.details).toMatchObject({ requested_org: "globex", status: 403 });
    expect(events[1]!.details).toMatchObject({ rows: 7, status: 200 });
    const metrics = await readMetrics();
    expect(metrics).toMatch(
      /http_unauthenticated_requests_total\{method="GET",route="\/api\/v1\/orgs\/\{org\}\/probe"\} 1/,
    );
  });
});
