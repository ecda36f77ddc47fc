// Postmortems through the real handlers: a resolved SEV1 gets a draft with its timeline, pinned evidence and
// the changes before impact; publishing without a root cause or without action items' owners and due dates is
// refused naming what is missing; a published postmortem is immutable (corrections are appended); reminders go
// out once when two sweeps race.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS, type ApiErrorBody } from "../support/api";
import { db } from "@/lib/db/client";
import { followUps, postmortemReminders, postmortems } from "@/lib/db/schema";
import { remindPostmortems } from "@/lib/postmortems/reminders";
import type { PostmortemView } from "@/lib/postmortems/contract";

withTestDb();

type View = PostmortemView & ApiErrorBody;
const min = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const pm = (id: string, method: "GET" | "PUT" | "POST" = "GET", path = "", body?: unknown, as: string = USERS.ic) =>
  call<View>(method, `/api/v1/incidents/${id}/postmortem${path}`, { as, body });

let receiver: http.Server;
const got: { path: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ path: req.url!, body: JSON.parse(body || "{}") });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  process.env.OUTBOUND_ALLOW = "127.0.0.1";
  await call("PUT", "/api/v1/me/contact", { as: USERS.ic, body: { webhook_url: `${base}/ian` } });
  await call("PUT", "/api/v1/me/contact", { as: USERS.oncall, body: { webhook_url: `${base}/olivia` } });
});
afterAll(() => {
  receiver?.close();
  delete process.env.OUTBOUND_ALLOW;
});

/** A SEV1 on edge in eu-west with a change before impact, pinned evidence and a customer update, resolved. */
async function resolvedSev1(title = "edge handshakes failing") {
  const pipeline = { token: (await mintToken(USERS.admin, { scopes: ["changes:write"] })).secret };
  const change = await call<{ change: { id: string } }>("POST", "/api/v1/changes", {
    as: pipeline,
    body: {
      external_id: `pm-${Math.random().toString(36).slice(2)}`,
      kind: "config",
      service: "edge",
      regions: ["eu-west"],
      summary: "edge TLS config push",
      actor: "ci-bot",
      status: "succeeded",
      started_at: min(45),
    },
  });
  expect(change.status).toBe(200);
  const inc = (
    await call<{ incident: { id: string; ref: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title, severity: "sev1", services: ["edge"], regions: ["eu-west"], impact_started_at: min(30) },
    })
  ).body.incident;
  const url = `/platform/logs?component=edge&start=${encodeURIComponent(min(35))}&end=${encodeURIComponent(min(20))}`;
  expect(
    (
      await call("POST", `/api/v1/incidents/${inc.id}/timeline`, {
        as: USERS.ic,
        body: { kind: "evidence", body: "handshake errors", data: { url, label: "Edge TLS errors" } },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await call("PATCH", `/api/v1/incidents/${inc.id}`, {
        as: USERS.ic,
        body: { status: "resolved", customer_update: "Connections in Europe work again." },
      })
    ).status,
  ).toBe(200);
  return { ...inc, changeId: change.body.change.id, url };
}

describe("the postmortem of a resolved SEV1", () => {
  it("is drafted from its timeline, pinned evidence with their windows, the changes before impact and the updates", async () => {
    const inc = await resolvedSev1();
    const r = await pm(inc.id);
    expect(r.status).toBe(200);
    expect(r.body.required).toBe(true);
    expect(r.body.postmortem).toBeNull();
    const d = r.body.draft!;
    expect(d.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["declared", "evidence", "status_change"]));
    expect(d.evidence).toEqual([expect.objectContaining({ what: "Edge TLS errors", url: inc.url })]);
    expect(d.evidence[0]!.window).not.toBeNull();
    expect(d.changes.map((c) => c.id)).toContain(inc.changeId);
    expect(d.updates).toEqual([
      expect.objectContaining({ audience: "customer", body: "Connections in Europe work again." }),
    ]);
    expect(d.sections.impact).toContain("Services: edge. Regions: eu-west.");
    expect(d.sections.detection).toContain("Time to declare");
    // 24 h after resolution for a SEV1 by default.
    const due = Date.parse(r.body.deadlines!.draft_due_at!) - Date.parse(r.body.incident.resolved_at!);
    expect(due).toBe(24 * 3_600_000);
  });

  it("refuses publishing without a root cause or action items' owners and due dates, naming each; published is immutable", async () => {
    const inc = await resolvedSev1("publish rules");
    const started = await pm(inc.id, "PUT", "", { sections: { lessons: "canary config pushes" } });
    expect(started.status).toBe(200);
    expect(started.body.postmortem!.version).toBe(1);
    expect(started.body.postmortem!.sections.impact).toContain("Duration");
    const item = await call<{ follow_up: { id: string } }>("POST", `/api/v1/incidents/${inc.id}/follow-ups`, {
      as: USERS.ic,
      body: { title: "Canary edge config pushes", kind: "prevent" },
    });
    expect((await pm(inc.id, "POST", "/submit")).status).toBe(200);
    const refused = await pm(inc.id, "POST", "/publish");
    expect(refused.status).toBe(400);
    const fields = refused.body.error.details!.fields!.map((f) => f.field);
    expect(fields).toEqual(["sections.root_cause", "action_items[0].owner_id", "action_items[0].due", "approvals"]);
    // Nothing half-written: still in review.
    expect((await pm(inc.id)).body.postmortem!.status).toBe("in_review");

    await pm(inc.id, "PUT", "", { sections: { root_cause: "A cipher list without the clients' ciphers." } });
    await call("PATCH", `/api/v1/incidents/${inc.id}/follow-ups/${item.body.follow_up.id}`, {
      as: USERS.ic,
      body: { owner_id: USERS.oncall, due: "2026-12-31" },
    });
    // A reviewer approves; the owner cannot approve their own.
    expect((await pm(inc.id, "POST", "/approve")).status).toBe(403);
    expect((await pm(inc.id, "POST", "/approve", undefined, USERS.oncall)).status).toBe(200);
    // An edit after the approval: what the reviewer approved is not what would be published.
    await pm(inc.id, "PUT", "", { sections: { lessons: "canary config pushes, per region" } });
    const stale = await pm(inc.id, "POST", "/publish");
    expect(stale.status).toBe(400);
    expect(stale.body.error.details!.fields).toEqual([
      { field: "approvals", message: expect.stringContaining("changed after the last approval") },
    ]);
    expect((await pm(inc.id, "POST", "/approve", undefined, USERS.oncall)).status).toBe(200);
    const published = await pm(inc.id, "POST", "/publish");
    expect(published.status).toBe(200);
    expect(published.body.postmortem!.status).toBe("published");
    expect(published.body.approvals.map((a) => a.version)).toEqual([3, 4]);
    const history = published.body.versions.map((v) => v.changed.join(","));
    expect(history).toEqual(["status", "lessons", "root_cause", "status", expect.stringContaining("started")]);

    const edit = await pm(inc.id, "PUT", "", { sections: { root_cause: "something else" } });
    expect(edit.status).toBe(409);
    // The database refuses it too.
    await expect(
      db().update(postmortems).set({ sections: {} }).where(eq(postmortems.incidentId, inc.id)),
    ).rejects.toThrow();
    const corrected = await pm(inc.id, "POST", "/corrections", {
      section: "root_cause",
      body: "Also: the canary skipped eu-west.",
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.corrections).toEqual([expect.objectContaining({ section: "root_cause" })]);
    expect(corrected.body.postmortem!.sections.root_cause).toBe("A cipher list without the clients' ciphers.");

    const md = await call<string>("GET", `/api/v1/incidents/${inc.id}/postmortem/export?format=markdown`, {
      as: USERS.oncall,
    });
    expect(md.status).toBe(200);
    expect(md.text).toContain("## Root cause");
    expect(md.text).toContain("**prevent** Canary edge config pushes");
    expect(md.text).toContain("## Corrections (after publishing)");
    const html = await call<string>("GET", `/api/v1/incidents/${inc.id}/postmortem/export?format=html`, {
      as: USERS.oncall,
    });
    expect(html.text).toContain("<h2>Root cause</h2>");
  });

  it("refuses a review meeting later than the review window, naming the field", async () => {
    const inc = await resolvedSev1("meeting rule");
    const late = await pm(inc.id, "PUT", "", {
      review_meeting_at: new Date(Date.now() + 9 * 86_400_000).toISOString(),
    });
    expect(late.status).toBe(400);
    expect(late.body.error.details!.fields![0]!.field).toBe("body.review_meeting_at");
  });
});

describe("reminders", () => {
  it("go to the IC once when two sweeps race, and to an overdue action item's owner once", async () => {
    const inc = await resolvedSev1("reminder once");
    const item = await call<{ follow_up: { id: string } }>("POST", `/api/v1/incidents/${inc.id}/follow-ups`, {
      as: USERS.ic,
      body: { title: "Overdue thing", owner_id: USERS.oncall, due: "2026-01-01" },
    });
    const later = Date.now() + 25 * 3_600_000;
    got.length = 0;
    const [a, b] = await Promise.all([remindPostmortems("", later), remindPostmortems("", later)]);
    const mine = got.filter(
      (g) => JSON.stringify(g.body).includes(inc.ref) && JSON.stringify(g.body).includes("postmortem_draft_due"),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.path).toBe("/ian");
    const claims = await db()
      .select()
      .from(postmortemReminders)
      .where(eq(postmortemReminders.subject, item.body.follow_up.id));
    expect(claims).toHaveLength(1);
    expect(got.filter((g) => g.path === "/olivia" && JSON.stringify(g.body).includes("Overdue thing"))).toHaveLength(1);
    expect(a + b).toBeGreaterThanOrEqual(2);
    // A later sweep sends nothing new.
    got.length = 0;
    await remindPostmortems("", later + 60_000);
    expect(got.filter((g) => JSON.stringify(g.body).includes(inc.ref))).toHaveLength(0);
    // Done items are not reminded.
    await db().update(followUps).set({ status: "done" }).where(eq(followUps.id, item.body.follow_up.id));
  });
});
