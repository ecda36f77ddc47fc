// Maintenance windows: scheduling (notice, length, approval, rollback plan), listing, cancelling, the
// alerts a window holds, what /status and its feed announce (customer wording only), a SEV1 that ends a
// hold, and changes posted during a window.
import { afterEach, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, mintToken, USERS, type ApiErrorBody } from "../support/api";
import type { Maintenance } from "@/lib/maintenance/contract";
import type { PublicStatus } from "@/lib/status/contract";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import type { Change } from "@/lib/changes/contract";
import type { Alert } from "@/lib/alerts/contract";
import { db } from "@/lib/db/client";
import { alerts } from "@/lib/db/schema";

withTestDb();

afterEach(() => {
  delete process.env.ESCALATION_MANAGER;
});

const H = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const ROLLBACK = `rollback-${Math.random().toString(36).slice(2)}: redeploy edge v41 from the pipeline`;

type Created = { maintenance_window: Maintenance; warnings: string[] } & ApiErrorBody;
const schedule = (body: Record<string, unknown>, as: string = USERS.oncall) =>
  call<Created>("POST", "/api/v1/maintenance", {
    as,
    body: {
      kind: "scheduled",
      services: ["edge"],
      regions: ["eu-west"],
      start: at(73 * H),
      end: at(75 * H),
      description: "Edge proxies are upgraded; connections may be reset once.",
      rollback_plan: ROLLBACK,
      ...body,
    },
  });
/** Emergency work starting now, approved by an admin. */
const emergency = async (body: Record<string, unknown> = {}) => {
  const res = await schedule({ kind: "emergency", start: at(0), end: at(H), approved_by: USERS.admin, ...body });
  expect(res.status, res.text).toBe(201);
  return res.body.maintenance_window;
};
const fieldsOf = (r: { body: ApiErrorBody }) => r.body.error.details?.fields?.map((f) => f.field);

describe("scheduling maintenance", () => {
  it("takes a scheduled window 73 h ahead and audits it", async () => {
    const res = await schedule({});
    expect(res.status, res.text).toBe(201);
    const m = res.body.maintenance_window;
    expect(m).toMatchObject({
      ref: expect.stringMatching(/^M-\d+$/),
      kind: "scheduled",
      state: "upcoming",
      services: ["edge"],
      regions: ["eu-west"],
      rollback_plan: ROLLBACK,
      approved_by: null,
      created_by: USERS.oncall,
      held_alerts: 0,
    });
    expect(res.body.warnings).toEqual([]);
    const [event] = await auditEvents("maintenance.create");
    expect(event).toMatchObject({ outcome: "allowed", details: { maintenance_id: m.id, ref: m.ref } });
  });

  it("refuses each bad field with a 400 that names it and says why", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { start: at(20 * H), end: at(21 * H) },
        "body.start",
        /starts in 20 h: scheduled maintenance is announced at least 72 h ahead; use kind emergency/,
      ],
      [{ end: at(76 * H) }, "body.end", /lasts 3 h: a maintenance window lasts at most 2 h/],
      [{ end: at(72 * H) }, "body.end", /must be after start/],
      [{ rollback_plan: " " }, "body.rollback_plan", /rollback always required/],
      [{ services: ["edge", "billing"] }, "body.services.1", /control-plane, scheduler/],
      [{ services: [] }, "body.services", /at least one service/],
      [{ regions: ["mars"] }, "body.regions", /us-east, eu-west, ap-south/],
      [{ kind: "routine" }, "body.kind", /scheduled, emergency/],
      [{ start: "Sunday" }, "body.start", /ISO-8601/],
      [{ description: "" }, "body.description", /required/],
      [{ start: at(-2 * H), end: at(-H) }, "body.start", /in the past/],
      [{ start: at(100 * 86_400_000), end: at(100 * 86_400_000 + H) }, "body.start", /more than 90 days ahead/],
    ];
    for (const [body, field, message] of cases) {
      const res = await schedule(body);
      expect(res.status, `${field}: ${res.text}`).toBe(400);
      expect(res.body.error.details?.fields?.find((f) => f.field === field)?.message, res.text).toMatch(message);
    }
    expect((await schedule({ rollback_plan: undefined })).status).toBe(400);
    expect(fieldsOf(await schedule({ surprise: 1 }))).toEqual(["body.surprise"]);
  });

  it("is for operators and admins", async () => {
    expect((await schedule({}, USERS.acme)).status).toBe(403);
    expect((await call("GET", "/api/v1/maintenance", { as: USERS.acme })).status).toBe(403);
    expect((await call("GET", "/api/v1/maintenance", { as: null })).status).toBe(401);
  });

  it("as emergency work needs the engineering manager or an admin, records the approver, warns under 4 h", async () => {
    const soon = { kind: "emergency", start: at(H), end: at(2 * H) };
    expect(fieldsOf(await schedule(soon))).toEqual(["body.approved_by"]);
    const byOncall = await schedule({ ...soon, approved_by: USERS.oncall });
    expect(byOncall.status).toBe(400);
    expect(byOncall.body.error.message).toMatch(/only the engineering manager \(ESCALATION_MANAGER\) or an admin/);
    expect((await schedule({ ...soon, approved_by: "usr_nobody" })).status).toBe(400);
    process.env.ESCALATION_MANAGER = USERS.ic;
    const byManager = await schedule({ ...soon, approved_by: USERS.ic });
    expect(byManager.status, byManager.text).toBe(201);
    expect(byManager.body.maintenance_window.approved_by).toBe(USERS.ic);
    expect(byManager.body.warnings[0]).toMatch(/^Starts in 1 h: the playbook asks for 4 h notice where possible/);
    const byAdmin = await schedule({ ...soon, start: at(5 * H), end: at(6 * H), approved_by: USERS.admin });
    expect(byAdmin.status, byAdmin.text).toBe(201);
    expect(byAdmin.body.warnings).toEqual([]);
  });
});

describe("listing, reading and cancelling", () => {
  it("lists by state, reads one with the alerts it holds, and cancels before or during (audited)", async () => {
    const upcoming = (await schedule({})).body.maintenance_window;
    const active = await emergency({ services: ["postgres"], regions: [] });
    const list = async (state: string) =>
      (
        await call<{ maintenance_windows: Maintenance[] }>("GET", `/api/v1/maintenance?state=${state}`, {
          as: USERS.oncall,
        })
      ).body.maintenance_windows.map((m) => m.ref);
    expect(await list("upcoming")).toContain(upcoming.ref);
    expect(await list("upcoming")).not.toContain(active.ref);
    expect(await list("active")).toContain(active.ref);
    expect((await call("GET", "/api/v1/maintenance?state=soon", { as: USERS.oncall })).status).toBe(400);

    // The escalation sweep marks the alerts a window holds; here one is held by hand.
    await db()
      .insert(alerts)
      .values({
        id: "alr_held_1",
        fingerprint: "fp-held-1",
        name: "PostgresReplicationLag",
        kind: "page",
        pagerEligible: true,
        status: "firing",
        labels: { alertname: "PostgresReplicationLag", service: "postgres", region: "us-east" },
        annotations: {},
        heldBy: active.id,
      });
    const one = await call<{ maintenance_window: Maintenance; alerts: { id: string; name: string }[] }>(
      "GET",
      `/api/v1/maintenance/${active.ref}`,
      { as: USERS.oncall },
    );
    expect(one.status, one.text).toBe(200);
    expect(one.body.maintenance_window.held_alerts).toBe(1);
    expect(one.body.alerts).toMatchObject([{ id: "alr_held_1", name: "PostgresReplicationLag" }]);
    const shown = await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall });
    expect(shown.body.alerts.find((a) => a.id === "alr_held_1")?.held_by).toEqual({ id: active.id, ref: active.ref });
    expect((await call("GET", "/api/v1/maintenance/M-999999", { as: USERS.oncall })).status).toBe(404);

    for (const m of [upcoming, active]) {
      const res = await call<{ maintenance_window: Maintenance }>("POST", `/api/v1/maintenance/${m.id}/cancel`, {
        as: USERS.oncall,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.maintenance_window).toMatchObject({ state: "past", cancelled_by: USERS.oncall });
    }
    const again = await call<ApiErrorBody>("POST", `/api/v1/maintenance/${upcoming.id}/cancel`, { as: USERS.oncall });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already cancelled/);
    expect(await list("past")).toEqual(expect.arrayContaining([upcoming.ref, active.ref]));
    expect((await auditEvents("maintenance.cancel")).filter((e) => e.outcome === "allowed")).toHaveLength(2);
  });
});

describe("the public status", () => {
  it("announces upcoming and running windows in customer wording only, never the rollback plan or approver", async () => {
    const sunday = (await schedule({})).body.maintenance_window;
    const running = await emergency({ services: ["storage"], regions: [] });
    const far = (await schedule({ start: at(8 * 24 * H), end: at(8 * 24 * H + H) })).body.maintenance_window;
    const res = await call<PublicStatus>("GET", "/api/v1/status", {});
    expect(res.status).toBe(200);
    const shown = res.body.maintenance;
    const pub = shown.find((m) => m.id === sunday.ref)!;
    expect(pub).toMatchObject({
      state: "upcoming",
      services: ["edge"],
      regions: ["eu-west"],
      description: "Edge proxies are upgraded; connections may be reset once.",
    });
    // Within one UTC day "Sun 2026-12-06 02:00–04:00 UTC"; across midnight both days are named.
    const day = String.raw`(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{4}-\d{2}-\d{2} \d{2}:\d{2}`;
    expect(pub.title).toMatch(
      new RegExp(String.raw`^Scheduled maintenance: Edge in eu-west, ${day}(–\d{2}:\d{2}| – ${day}) UTC$`),
    );
    expect(shown.find((m) => m.id === running.ref)).toMatchObject({ state: "active", kind: "emergency" });
    expect(shown.find((m) => m.id === running.ref)!.title).toMatch(/^Emergency maintenance: Storage in all regions/);
    expect(shown.map((m) => m.id)).not.toContain(far.ref); // more than 7 days ahead
    const feed = (await call("GET", "/api/v1/status/feed", {})).text;
    expect(feed).toContain(`<title>${pub.title}</title>`);
    expect(feed).toContain("Edge proxies are upgraded; connections may be reset once.");
    for (const text of [res.text, feed]) {
      expect(text).not.toContain(ROLLBACK);
      expect(text).not.toContain(USERS.admin);
      expect(text).not.toContain(USERS.oncall);
      expect(text).not.toContain(sunday.id);
    }
    await call("POST", `/api/v1/maintenance/${sunday.id}/cancel`, { as: USERS.oncall });
    const after = await call<PublicStatus>("GET", "/api/v1/status", {});
    expect(after.body.maintenance.map((m) => m.id)).not.toContain(sunday.ref);
  });
});

describe("the handoff", () => {
  it("lists the windows that start or run during the coming shift at the start-of-shift check", async () => {
    const running = await emergency({ services: ["projector"] });
    const later = await emergency({ services: ["projector"], start: at(6 * H), end: at(7 * H) });
    const far = (await schedule({})).body.maintenance_window;
    const res = await call<{ context: { maintenance: { list: Maintenance[] } } }>("POST", "/api/v1/handoffs", {
      as: USERS.ic,
      body: { incoming_id: USERS.oncall },
    });
    expect(res.status, res.text).toBe(201);
    const refs = res.body.context.maintenance.list.map((m) => m.ref);
    expect(refs).toEqual(expect.arrayContaining([running.ref, later.ref]));
    expect(refs).not.toContain(far.ref); // 73 h ahead: beyond the next 12 h
  });
});

describe("during a window", () => {
  it("a SEV1 declared on its service ends the hold and says so on the incident", async () => {
    const edge = await emergency({ services: ["edge", "overlay"], regions: ["eu-west"] });
    const other = await emergency({ services: ["scheduler"] });
    const declared = await call<{ incident: Incident }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "Edge resets", severity: "sev1", services: ["edge"], regions: ["eu-west"] },
    });
    expect(declared.status, declared.text).toBe(201);
    const inc = declared.body.incident;
    const read = async (m: Maintenance) =>
      (await call<{ maintenance_window: Maintenance }>("GET", `/api/v1/maintenance/${m.id}`, { as: USERS.oncall })).body
        .maintenance_window;
    expect(await read(edge)).toMatchObject({
      state: "active",
      hold_ended_at: expect.any(String),
      hold_ended_reason: `${inc.ref} (SEV1) declared`,
    });
    expect((await read(other)).hold_ended_at).toBeNull();
    const timeline = await call<{ entries: TimelineEntry[] }>("GET", `/api/v1/incidents/${inc.id}/timeline`, {
      as: USERS.ic,
    });
    expect(timeline.body.entries.map((e) => e.body)).toContain(
      `Maintenance ${edge.ref} on edge no longer holds alerts`,
    );

    // A SEV2 raised to SEV1 on the scheduler ends that one's hold too.
    const minor = await call<{ incident: Incident }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "Slow placement", severity: "sev2", services: ["scheduler"] },
    });
    expect((await read(other)).hold_ended_at).toBeNull();
    await call("PATCH", `/api/v1/incidents/${minor.body.incident.id}`, { as: USERS.ic, body: { severity: "sev1" } });
    expect((await read(other)).hold_ended_reason).toBe(`${minor.body.incident.ref} raised to SEV1`);
  });

  it("a change posted for its service and region is marked as in maintenance", async () => {
    const m = await emergency({ services: ["agent"], regions: ["us-east"] });
    const pipeline = { token: (await mintToken(USERS.admin, { scopes: ["changes:write"] })).secret };
    const post = (external_id: string, regions: string[]) =>
      call<{ change: Change }>("POST", "/api/v1/changes", {
        as: pipeline,
        body: {
          external_id,
          kind: "deploy",
          service: "agent",
          regions,
          summary: "agent v9",
          actor: "ci",
          status: "started",
          started_at: new Date().toISOString(),
        },
      });
    const inside = await post("maint-in", ["us-east"]);
    expect(inside.status, inside.text).toBe(200);
    expect(inside.body.change.maintenance).toEqual({ id: m.id, ref: m.ref });
    expect((await post("maint-out", ["ap-south"])).body.change.maintenance).toBeNull();
    const list = await call<{ changes: Change[] }>("GET", "/api/v1/changes?service=agent", { as: USERS.oncall });
    expect(list.body.changes.find((c) => c.external_id === "maint-in")?.maintenance?.ref).toBe(m.ref);
  });
});
