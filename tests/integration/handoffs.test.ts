// Shift handoffs on a real database: the checklist from the template version in force, the live context,
// who ticks what, the end-of-shift gate (listing everything missing), handoff entries in the timelines,
// the acknowledgement, the test page, template versions and the markdown export.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, sessionCookie, auditEvents, mintToken, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { sseReader } from "../support/sse";
import { GET as handoffEventsRoute } from "@/app/api/v1/handoffs/[id]/events/route";
import { db } from "@/lib/db/client";
import { followUps, handoffItems, handoffs, incidents } from "@/lib/db/schema";
import type { HandoffView, Handoff } from "@/lib/handoffs/contract";

withTestDb();

type Problems = ApiErrorBody;
let fresh = "";
let stale = "";

beforeAll(async () => {
  // Close the demo incidents so this file controls what is open.
  await db().update(incidents).set({ status: "resolved", resolvedAt: new Date() });
  fresh = (
    await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "Reconciler backlog in ap-south", severity: "sev1" },
    })
  ).body.incident.id;
  // An incident nobody has written in for two hours (declared before the console kept its timeline).
  stale = "inc_stale_for_handoff";
  const [next] = await db()
    .select({ n: sql<number>`coalesce(max(${incidents.number}), 0)::int + 1` })
    .from(incidents);
  const n = Number(next!.n);
  await db()
    .insert(incidents)
    .values({
      id: stale,
      number: n,
      title: "Slow volume attaches",
      severity: "sev3",
      status: "investigating",
      declaredBy: USERS.oncall,
      declaredAt: new Date(Date.now() - 2 * 3_600_000),
    });
});

const start = (as: string, incoming: string) =>
  call<HandoffView>("POST", "/api/v1/handoffs", { as, body: { incoming_id: incoming } });
const tick = (as: string, id: string, key: string, body: Record<string, unknown> = { done: true }) =>
  call<HandoffView>("PATCH", `/api/v1/handoffs/${id}/items/${key}`, { as, body });
const endKeys = (h: Handoff) => h.items.filter((i) => i.phase === "end").map((i) => i.key);
const startKeys = (h: Handoff) => h.items.filter((i) => i.phase === "start").map((i) => i.key);

describe("a handoff from the outgoing to the incoming on-call", () => {
  let id = "";
  let view: HandoffView;

  it("starts with the template's checklist and a live context", async () => {
    const alert = await call("POST", "/api/v1/alerts/alertmanager", {
      as: USERS.admin,
      body: {
        version: "4",
        groupKey: "k",
        status: "firing",
        receiver: "c",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "DiskFilling", severity: "warning" },
            annotations: { summary: "disk 90%" },
            fingerprint: "ho-ticket",
          },
        ],
      },
    });
    expect(alert.status).toBe(200);
    const res = await start(USERS.oncall, USERS.ic);
    expect(res.status, res.text).toBe(201);
    view = res.body;
    id = view.handoff.id;
    expect(view.handoff).toMatchObject({
      status: "open",
      outgoing: { id: USERS.oncall, name: "Olivia Oncall" },
      incoming: { id: USERS.ic },
      template_version: 1,
    });
    expect(startKeys(view.handoff)).toEqual([
      "review-dashboards",
      "review-incidents",
      "review-tickets",
      "confirm-paging",
    ]);
    expect(endKeys(view.handoff)).toEqual(["handoff-investigations", "timelines-current", "follow-up-tickets"]);
    expect(view.context.incidents.map((i) => i.id).sort()).toEqual([fresh, stale].sort());
    expect(view.context.incidents.find((i) => i.id === stale)!.stale).toBe(true);
    expect(view.context.incidents.find((i) => i.id === fresh)!.commander_name).toBe("Ian Commander");
    expect(view.context.tickets.map((t) => t.fingerprint)).toContain("ho-ticket");
    expect(view.context.stale_after_minutes).toBe(30);
    expect(view.context.open_alerts).toEqual({ page: view.context.pages.length, ticket: view.context.tickets.length });
  });

  it("refuses a second open handoff by the same person, a handoff to oneself or to a tenant", async () => {
    expect((await start(USERS.oncall, USERS.admin)).status).toBe(409);
    const self = await start(USERS.ic, USERS.ic);
    expect(self.status).toBe(400);
    expect(self.text).toContain("incoming_id");
    expect((await start(USERS.ic, USERS.acme)).status).toBe(400);
    expect((await start(USERS.ic, "usr_nobody")).status).toBe(400);
    const bad = await call("POST", "/api/v1/handoffs", {
      as: USERS.ic,
      body: { incoming_id: USERS.oncall, shift_start: "2026-11-23T10:00:00Z", shift_end: "2026-11-23T09:00:00Z" },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("shift_end");
  });

  it("lets each side tick only its own items", async () => {
    expect((await tick(USERS.ic, id, "handoff-investigations")).status).toBe(403);
    expect((await tick(USERS.oncall, id, "review-dashboards")).status).toBe(403);
    expect((await tick(USERS.admin, id, "review-dashboards")).status).toBe(403);
    expect((await tick(USERS.oncall, id, "no-such-item")).status).toBe(404);
    expect((await tick(USERS.oncall, id, "handoff-investigations", {})).status).toBe(400);
    const ok = await tick(USERS.oncall, id, "follow-up-tickets", { done: true, note: "FU for the attach retries" });
    expect(ok.status).toBe(200);
    expect(ok.body.handoff.items.find((i) => i.key === "follow-up-tickets")).toMatchObject({
      done: true,
      note: "FU for the attach retries",
      done_by: USERS.oncall,
    });
  });

  it("refuses to submit and lists every missing thing", async () => {
    const res = await call<Problems>("POST", `/api/v1/handoffs/${id}/submit`, { as: USERS.oncall });
    expect(res.status).toBe(409);
    const problems = res.body.error.details!.problems!;
    expect(
      problems
        .filter((p) => p.kind === "item")
        .map((p) => p.key)
        .sort(),
    ).toEqual(["handoff-investigations", "timelines-current"]);
    expect(
      problems
        .filter((p) => p.kind === "summary")
        .map((p) => p.incident_id)
        .sort(),
    ).toEqual([fresh, stale].sort());
    expect(problems.filter((p) => p.kind === "stale_timeline").map((p) => p.incident_id)).toEqual([stale]);
    expect(problems.find((p) => p.kind === "stale_timeline")!.message).toMatch(/last updated 1[12]\d minutes ago/);
    // Nothing was written: still open, no handoff entries.
    expect((await call<HandoffView>("GET", `/api/v1/handoffs/${id}`, { as: USERS.oncall })).body.handoff.status).toBe(
      "open",
    );
  });

  it("takes summaries from the outgoing only, for open incidents", async () => {
    expect(
      (await call("PUT", `/api/v1/handoffs/${id}/incidents/${fresh}`, { as: USERS.ic, body: { summary: "x" } })).status,
    ).toBe(403);
    expect(
      (await call("PUT", `/api/v1/handoffs/${id}/incidents/${fresh}`, { as: USERS.oncall, body: { summary: "  " } }))
        .status,
    ).toBe(400);
    expect(
      (await call("PUT", `/api/v1/handoffs/${id}/incidents/inc_nope`, { as: USERS.oncall, body: { summary: "x" } }))
        .status,
    ).toBe(404);
    for (const [inc, text] of [
      [fresh, "Backlog drains at ~40/min since the reconciler restart; watch it reach zero."],
      [stale, "Attaches are slow on two storage nodes; vendor ticket open."],
    ]) {
      const r = await call<HandoffView>("PUT", `/api/v1/handoffs/${id}/incidents/${inc}`, {
        as: USERS.oncall,
        body: { summary: text },
      });
      expect(r.status).toBe(200);
      expect(r.body.handoff.summaries[inc!]!.summary).toBe(text);
    }
  });

  it("submits once the timelines are fresh, and writes a handoff entry into each open incident's timeline", async () => {
    await tick(USERS.oncall, id, "handoff-investigations");
    await tick(USERS.oncall, id, "timelines-current");
    let res = await call<Problems>("POST", `/api/v1/handoffs/${id}/submit`, { as: USERS.oncall });
    expect(res.status).toBe(409);
    expect(res.body.error.details!.problems!.map((p) => p.kind)).toEqual(["stale_timeline"]);
    expect(
      (
        await call("POST", `/api/v1/incidents/${stale}/timeline`, {
          as: USERS.oncall,
          body: { kind: "note", body: "Still waiting on the vendor." },
        })
      ).status,
    ).toBe(201);
    expect((await call("POST", `/api/v1/handoffs/${id}/submit`, { as: USERS.ic })).status).toBe(403); // not the outgoing
    res = await call("POST", `/api/v1/handoffs/${id}/submit`, { as: USERS.oncall });
    expect(res.status, res.text).toBe(200);
    for (const inc of [fresh, stale]) {
      const tl = await call<{ entries: { kind: string; body: string; author_id: string }[] }>(
        "GET",
        `/api/v1/incidents/${inc}/timeline`,
        { as: USERS.ic },
      );
      const entry = tl.body.entries.find((e) => e.kind === "handoff")!;
      expect(entry.body).toContain("Handoff from Olivia Oncall to Ian Commander");
      expect(entry.author_id).toBe(USERS.oncall);
    }
    // End items and summaries are frozen now; a second submit is refused.
    expect((await tick(USERS.oncall, id, "timelines-current", { done: false })).status).toBe(409);
    expect(
      (
        await call("PUT", `/api/v1/handoffs/${id}/incidents/${fresh}`, {
          as: USERS.oncall,
          body: { summary: "late edit" },
        })
      ).status,
    ).toBe(409);
    expect((await call("POST", `/api/v1/handoffs/${id}/submit`, { as: USERS.oncall })).status).toBe(409);
  });

  it("is acknowledged by the incoming only, with every start item done", async () => {
    expect((await call("POST", `/api/v1/handoffs/${id}/ack`, { as: USERS.oncall })).status).toBe(403);
    const early = await call<Problems>("POST", `/api/v1/handoffs/${id}/ack`, { as: USERS.ic });
    expect(early.status).toBe(409);
    expect(early.body.error.details!.problems!.map((p) => p.key)).toEqual([
      "review-dashboards",
      "review-incidents",
      "review-tickets",
      "confirm-paging",
    ]);
    for (const key of ["review-dashboards", "review-incidents", "review-tickets"])
      expect((await tick(USERS.ic, id, key)).status).toBe(200);
    // "Paging reaches me" needs evidence: a delivered test page, or a note saying how it was checked.
    const bare = await call<Problems>("PATCH", `/api/v1/handoffs/${id}/items/confirm-paging`, {
      as: USERS.ic,
      body: { done: true },
    });
    expect([bare.status, bare.body.error.details?.fields?.[0]?.field]).toEqual([400, "body.note"]);
    expect(
      (await tick(USERS.ic, id, "confirm-paging", { done: true, note: "phone and laptop on VPN, paged myself" }))
        .status,
    ).toBe(200);
    const ack = await call<HandoffView>("POST", `/api/v1/handoffs/${id}/ack`, { as: USERS.ic });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.body.handoff.status).toBe("acknowledged");
    expect(ack.body.handoff.acked_at).not.toBeNull();
    expect((await tick(USERS.ic, id, "review-tickets", { done: false })).status).toBe(409);
  });

  it("exports as markdown and appears in the history", async () => {
    const md = await call("GET", `/api/v1/handoffs/${id}/export`, { as: USERS.admin });
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.text).toContain("- [x] Hand off ongoing investigations with a short summary");
    expect(md.text).toContain("Backlog drains at \\~40/min"); // escaped: a lone ~ may start strikethrough
    const list = await call<{ handoffs: { id: string; status: string; items_done: number; items_total: number }[] }>(
      "GET",
      `/api/v1/handoffs?user=${USERS.ic}&status=acknowledged`,
      { as: USERS.oncall },
    );
    expect(list.body.handoffs.find((h) => h.id === id)).toMatchObject({
      status: "acknowledged",
      items_done: 7,
      items_total: 7,
    });
    expect((await call("GET", "/api/v1/handoffs?status=bogus", { as: USERS.oncall })).status).toBe(400);
  });

  it("is in the audit log step by step: who, on which handoff, and what was refused", async () => {
    const audit = async (action: string) =>
      (await auditEvents(action)).filter((e) => e.target?.startsWith(id) || e.details.handoff_id === id);
    expect(await audit("handoff.create")).toEqual([
      expect.objectContaining({
        outcome: "allowed",
        actor: expect.objectContaining({ id: USERS.oncall }),
        target: null,
        details: expect.objectContaining({ status: 201, handoff_id: id }),
      }),
    ]);
    const submits = await audit("handoff.submit");
    const outcomes = submits.map((e) => `${e.outcome} ${e.details.status}`).reverse(); // oldest first
    expect(outcomes[0]).toBe("failure 409"); // the gate's refusal is on record
    expect(outcomes.filter((o) => o === "allowed 200")).toHaveLength(1);
    expect(submits.every((e) => e.target === id)).toBe(true);
    expect(submits.filter((e) => e.actor.id === USERS.ic).map((e) => `${e.outcome} ${e.details.status}`)).toEqual([
      "denied 403",
    ]); // the incoming tried
    const ticks = await audit("handoff.item");
    expect(
      ticks.some((e) => e.actor.id === USERS.ic && e.target === `${id}/review-tickets` && e.outcome === "failure"),
    ).toBe(true); // unticking after the ack
    expect(
      ticks.some(
        (e) => e.actor.id === USERS.oncall && e.target === `${id}/handoff-investigations` && e.outcome === "allowed",
      ),
    ).toBe(true);
    const acks = await audit("handoff.ack");
    expect(acks.filter((e) => e.outcome === "allowed")).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: USERS.ic }), target: id }),
    ]);
    expect(acks.some((e) => e.outcome !== "allowed")).toBe(true); // the refused attempts before it
  });
});

describe("live changes", () => {
  it("tell the other side within a second when one side ticks, and only about this handoff", async () => {
    const mine = await start(USERS.admin, USERS.oncall);
    expect(mine.status, mine.text).toBe(201);
    const id = mine.body.handoff.id;
    // The incoming watches; the outgoing ticks an end item.
    const res = await handoffEventsRoute(
      new Request(`http://console.test/api/v1/handoffs/${id}/events`, {
        headers: { cookie: await sessionCookie(USERS.oncall) },
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = sseReader(res);
    try {
      await reader.until((e) => e.some((x) => x.event === "ready"));
      const sent = Date.now();
      expect((await tick(USERS.admin, id, "follow-up-tickets")).status).toBe(200);
      const events = await reader.until((e) => e.some((x) => x.event === "changed"), 1000);
      const ev = events.find((x) => x.event === "changed")!;
      expect(ev.data).toEqual({ handoff: id, status: "open" });
      expect(ev.at - sent).toBeLessThan(1000);
      // A refused change is not news, and neither is another handoff's.
      expect((await tick(USERS.oncall, id, "follow-up-tickets")).status).toBe(403);
      await new Promise((r) => setTimeout(r, 300));
      expect(reader.events.filter((x) => x.event === "changed")).toHaveLength(1);
    } finally {
      await reader.close();
      // Out of the way of the tests below, which start handoffs as the same people.
      await db().delete(handoffItems).where(eq(handoffItems.handoffId, id));
      await db().delete(handoffs).where(eq(handoffs.id, id));
    }
    const missing = await call("GET", "/api/v1/handoffs/ho_nope/events", { as: USERS.oncall });
    expect(missing.status).toBe(404);
  });
});

describe("the test page", () => {
  let server: http.Server;
  let status = 200;
  const received: unknown[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(() => {
    server.close();
    delete process.env.PAGING_WEBHOOK_URL;
  });

  it("is refused without a paging webhook; delivered ticks 'confirm paging', a failure is recorded and does not", async () => {
    const id = (await start(USERS.admin, USERS.oncall)).body.handoff.id;
    const none = await call("POST", `/api/v1/handoffs/${id}/paging-test`, { as: USERS.oncall });
    expect(none.status).toBe(409);
    expect(none.text).toContain("PAGING_WEBHOOK_URL");
    process.env.PAGING_WEBHOOK_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}/page`;
    expect((await call("POST", `/api/v1/handoffs/${id}/paging-test`, { as: USERS.admin })).status).toBe(403); // only the incoming
    status = 503;
    let res = await call<HandoffView>("POST", `/api/v1/handoffs/${id}/paging-test`, { as: USERS.oncall });
    expect(res.body.handoff.paging_test).toMatchObject({ delivered: false, detail: "HTTP 503" });
    expect(res.body.handoff.items.find((i) => i.key === "confirm-paging")!.done).toBe(false);
    status = 200;
    res = await call<HandoffView>("POST", `/api/v1/handoffs/${id}/paging-test`, { as: USERS.oncall });
    expect(res.body.handoff.paging_test).toMatchObject({ delivered: true, detail: "HTTP 200" });
    expect(res.body.handoff.items.find((i) => i.key === "confirm-paging")).toMatchObject({
      done: true,
      done_by: USERS.oncall,
    });
    expect(received.at(-1)).toMatchObject({ type: "test", to: "oncall@demo.local", handoff_id: id });
  });
});

describe("checklist templates", () => {
  it("admins write a new version; a handoff keeps the version it started with", async () => {
    const before = (await start(USERS.ic, USERS.admin)).body.handoff;
    expect(before.template_version).toBe(1);
    const items = [
      { key: "read-board", phase: "start", label: "Read the status board" },
      { key: "vpn", phase: "start", label: "VPN and pager work" },
      { key: "write-up", phase: "end", label: "Write up what is in flight" },
    ];
    expect((await call("PUT", "/api/v1/handoff-template", { as: USERS.oncall, body: { items } })).status).toBe(403);
    const dup = await call("PUT", "/api/v1/handoff-template", {
      as: USERS.admin,
      body: { items: [...items, items[0]] },
    });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain("unique");
    expect(
      (
        await call("PUT", "/api/v1/handoff-template", {
          as: USERS.admin,
          body: { items: items.filter((i) => i.phase === "start") },
        })
      ).status,
    ).toBe(400);
    const put = await call<{ template: { version: number } }>("PUT", "/api/v1/handoff-template", {
      as: USERS.admin,
      body: { items },
    });
    expect(put.status).toBe(200);
    expect(put.body.template.version).toBe(2);
    expect(
      (await call<{ template: { version: number } }>("GET", "/api/v1/handoff-template", { as: USERS.oncall })).body
        .template.version,
    ).toBe(2);
    const old = (await call<HandoffView>("GET", `/api/v1/handoffs/${before.id}`, { as: USERS.ic })).body.handoff;
    expect(old.template_version).toBe(1);
    expect(old.items).toHaveLength(7);
    const next = (await start(USERS.oncall, USERS.admin)).body.handoff;
    expect(next.template_version).toBe(2);
    expect(next.items.map((i) => i.key)).toEqual(["read-board", "vpn", "write-up"]);
  });
});

describe("tenants", () => {
  it("are refused handoffs and their template", async () => {
    expect((await call("GET", "/api/v1/handoffs", { as: USERS.acme })).status).toBe(403);
    expect(
      (await call("POST", "/api/v1/handoffs", { as: USERS.globex, body: { incoming_id: USERS.oncall } })).status,
    ).toBe(403);
    expect((await call("GET", "/api/v1/handoff-template", { as: USERS.acme })).status).toBe(403);
  });
});

it("keeps a stale incident stale until someone writes in it", async () => {
  const [row] = await db().select().from(incidents).where(eq(incidents.id, stale));
  expect(row!.status).toBe("investigating");
});

describe("changes in the handoff context", () => {
  it("lists what changed during the outgoing shift, and not before it", async () => {
    const pipeline = (await mintToken(USERS.admin, { scopes: ["changes:write"] })).secret;
    const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const change = (external_id: string, started_at: string) => ({
      external_id,
      kind: "deploy",
      service: "scheduler",
      regions: ["ap-south"],
      summary: `handoff change ${external_id}`,
      actor: "ci",
      status: "succeeded",
      started_at,
      finished_at: started_at,
      backfill: true,
    });
    for (const [id, at] of [
      ["during-shift", ago(2)],
      ["before-shift", ago(5)],
    ] as const)
      expect((await call("POST", "/api/v1/changes", { as: { token: pipeline }, body: change(id, at) })).status).toBe(
        200,
      );
    const shiftStart = ago(3);
    const [any] = await db().select({ id: handoffs.id }).from(handoffs).limit(1);
    await db()
      .update(handoffs)
      .set({ shiftStart: new Date(shiftStart), shiftEnd: null })
      .where(eq(handoffs.id, any!.id));
    const res = await call<HandoffView>("GET", `/api/v1/handoffs/${any!.id}`, { as: USERS.admin });
    expect(res.status, res.text).toBe(200);
    const ours = res.body.context.changes.list.map((c) => c.external_id).filter((x) => x.endsWith("shift"));
    expect(ours).toEqual(["during-shift"]);
    expect(Math.abs(Date.parse(res.body.context.changes.start) - Date.parse(shiftStart))).toBeLessThan(1000);
    const md = await call("GET", `/api/v1/handoffs/${res.body.handoff.id}/export`, { as: USERS.admin });
    expect(md.text).toContain("## Changes during the shift");
    expect(md.text).toContain("handoff change during-shift");
    expect(md.text).not.toContain("handoff change before-shift");
  });
});

describe("action items in the handoff context", () => {
  it("lists overdue action items first, marked, so the incoming hears of them", async () => {
    const add = async (title: string) =>
      (
        await call<{ follow_up: { id: string } }>("POST", `/api/v1/incidents/${fresh}/follow-ups`, {
          as: USERS.ic,
          body: { title },
        })
      ).body.follow_up.id;
    const late = await add("handoff: rotate the edge certificates");
    const later = await add("handoff: alert on cipher drift");
    await add("handoff: not due yet");
    await db().update(followUps).set({ due: "2020-01-02" }).where(eq(followUps.id, late));
    await db().update(followUps).set({ due: "2020-01-05" }).where(eq(followUps.id, later));
    const [any] = await db().select({ id: handoffs.id }).from(handoffs).limit(1);
    const res = await call<HandoffView>("GET", `/api/v1/handoffs/${any!.id}`, { as: USERS.admin });
    expect(res.status, res.text).toBe(200);
    const ours = res.body.context.follow_ups.filter((f) => f.title.startsWith("handoff: "));
    expect(ours.map((f) => [f.title, f.overdue])).toEqual([
      ["handoff: rotate the edge certificates", true],
      ["handoff: alert on cipher drift", true],
      ["handoff: not due yet", false],
    ]);
    // Every overdue one comes before every other.
    const flags = res.body.context.follow_ups.map((f) => f.overdue);
    expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
  });
});
