// Audit completeness: N reads of every kind by identified callers, allowed and denied, UI session or
// token → exactly N events; calls without valid credentials are counted in /api/metrics instead.
import { beforeAll, describe, expect, it } from "vitest";
import { inArray, sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS, type Who } from "../support/api";
import { entry, ingest } from "../support/logs";
import { db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

withTestDb();

let lineId = "";
let token = "";

beforeAll(async () => {
  await ingest(Array.from({ length: 30 }, (_, i) => entry({ message: `audited ${i}` })));
  lineId = (await call<{ lines: { id: string }[] }>("GET", "/api/v1/orgs/acme/logs?limit=1", { as: USERS.acme })).body
    .lines[0]!.id;
  token = (await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" })).secret;
});

const KINDS = [
  { action: "logs.query", path: (org: string) => `/api/v1/orgs/${org}/logs?q=audited` },
  { action: "logs.context", path: (org: string) => `/api/v1/orgs/${org}/logs/${lineId}/context` },
  { action: "logs.export", path: (org: string) => `/api/v1/orgs/${org}/logs/export?q=audited` },
  { action: "logs.facets", path: (org: string) => `/api/v1/orgs/${org}/logs/facets` },
  { action: "logs.tail_open", path: (org: string) => `/api/v1/orgs/${org}/logs/tail` },
];

describe("log read audit", () => {
  for (const kind of KINDS) {
    it(`writes exactly one ${kind.action} event per read, allowed or denied`, async () => {
      const attempts: { who: Who; org: string; expect: number; outcome: string }[] = [
        { who: USERS.acme, org: "acme", expect: 200, outcome: "allowed" },
        { who: { token }, org: "acme", expect: 200, outcome: "allowed" },
        { who: USERS.acme, org: "globex", expect: 403, outcome: "denied" },
        { who: { token }, org: "globex", expect: 403, outcome: "denied" },
        { who: USERS.oncall, org: "acme", expect: 403, outcome: "denied" },
      ];
      const anonymous: { who: Who; org: string }[] = [
        { who: null, org: "acme" },
        { who: { token: "opc_forged-token-forged-token-forged-token-00" }, org: "acme" },
      ];
      const ids: string[] = [];
      for (const [i, a] of attempts.entries()) {
        const requestId = `audit-${kind.action}-${i}-${Date.now()}`;
        ids.push(requestId);
        const res = await call("GET", kind.path(a.org), { as: a.who, headers: { "x-request-id": requestId } });
        expect(res.status, `${kind.action} #${i}`).toBe(a.expect);
      }
      for (const a of anonymous) {
        const requestId = `audit-${kind.action}-anon-${Date.now()}`;
        ids.push(requestId);
        expect(
          (await call("GET", kind.path(a.org), { as: a.who, headers: { "x-request-id": requestId } })).status,
        ).toBe(401);
      }
      await new Promise((r) => setTimeout(r, 100)); // streams finish their event when they end
      const events = (
        await db()
          .select()
          .from(auditEvents)
          .where(inArray(sql`${auditEvents.details}->>'client_request_id'`, ids))
      ).concat(
        await db()
          .select()
          .from(auditEvents)
          .where(inArray(auditEvents.action, ["logs.tail_close", "logs.export_close"])),
      );
      const clientId = (e: (typeof events)[number]) => e.details.client_request_id as string | undefined;
      const opens = events.filter((e) => e.action === kind.action);
      expect(opens).toHaveLength(attempts.length);
      expect(ids.slice(0, attempts.length).map((id) => opens.find((e) => clientId(e) === id)?.outcome)).toEqual(
        attempts.map((a) => a.outcome),
      );
      for (const e of opens) {
        expect(e.details).toHaveProperty("status");
        expect(e.details).toHaveProperty("duration_ms");
      }
      const allowed = opens.filter((e) => e.outcome === "allowed");
      if (kind.action === "logs.query" || kind.action === "logs.context") {
        for (const e of allowed) expect(typeof e.details.lines).toBe("number");
      }
      // Streams: the two that opened were closed by the client, one close event each with what it sent.
      const close = { "logs.tail_open": "logs.tail_close", "logs.export": "logs.export_close" }[kind.action as string];
      if (close) {
        const closes = events.filter((e) => e.action === close && allowed.some((a) => a.requestId === e.requestId));
        expect(closes).toHaveLength(2);
        for (const e of closes) expect(typeof e.details.lines).toBe("number");
      }
    });
  }
});

describe("the org's audit log: whose read it was", () => {
  type Event = {
    action: string;
    actor: { id: string | null; relation: string | null };
    details: Record<string, unknown>;
  };
  const orgAudit = async (qs: string) =>
    (await call<{ events: Event[] }>("GET", `/api/v1/orgs/acme/audit?${qs}`, { as: USERS.acme })).body.events;

  it("shows a member's own tail and its close as theirs, and 'operator reads' only as the platform's staff", async () => {
    expect((await call("GET", "/api/v1/orgs/acme/logs/tail", { as: USERS.acme })).status).toBe(200);
    const staffRead = `SUP-77 slow checkouts ${Date.now()}`;
    const read = await call("GET", "/api/v1/orgs/acme/logs?q=audited", {
      as: USERS.oncall,
      headers: { "x-access-reason": staffRead },
    });
    expect(read.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100)); // the tail's close is written when its stream ends

    // The member's close says why the stream ended (the client left): it is their own, not an operator read.
    const close = (await orgAudit("action=logs.tail_close")).find((e) => e.actor.id === USERS.acme)!;
    expect(close).toMatchObject({ actor: { relation: "member" }, details: { reason: "client_gone" } });

    const reads = await orgAudit("operator_reads=true&limit=500");
    expect(reads.some((e) => e.actor.id === USERS.acme)).toBe(false);
    expect(reads.every((e) => e.actor.relation === "staff")).toBe(true);
    expect(reads.find((e) => e.details.reason === staffRead)).toMatchObject({
      action: "logs.query",
      actor: { id: USERS.oncall, relation: "staff" },
    });
    // A member who sends a reason of their own is still reading their own org's logs.
    await call("GET", "/api/v1/orgs/acme/logs?q=audited", {
      as: USERS.acme,
      headers: { "x-access-reason": "curious" },
    });
    expect((await orgAudit("operator_reads=true&limit=500")).some((e) => e.details.reason === "curious")).toBe(false);
  });
});
