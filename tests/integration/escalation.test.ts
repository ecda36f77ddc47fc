// The escalation clock end to end with short clocks: a page fires, nobody acknowledges, each step
// notifies the next layer at a local webhook receiver (JSON, Slack-compatible, and one that fails), the
// acknowledgement stops it; a process that died mid-step, and two processes at once, neither lose nor
// repeat a step.
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { auditEvents, call, USERS } from "../support/api";
import { fireAlert, putSchedule } from "../support/paging";
import { db } from "@/lib/db/client";
import { escalateDue } from "@/lib/escalation";
import type { EscalationStep } from "@/lib/escalation/contract";

withTestDb();

let receiver: http.Server;
let base = "";
const got: { path: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ path: req.url!, body: JSON.parse(body || "{}") });
      res.writeHead(req.url === "/broken" ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  await putSchedule({ primary: USERS.oncall, secondary: USERS.ic, tertiary: USERS.admin });
  await call("PUT", "/api/v1/me/contact", { as: USERS.oncall, body: { webhook_url: `${base}/olivia` } });
  await call("PUT", "/api/v1/me/contact", { as: USERS.ic, body: { slack_webhook_url: `${base}/ian-slack` } });
  await call("PUT", "/api/v1/me/contact", { as: USERS.admin, body: { webhook_url: `${base}/broken` } });
});
afterAll(() => {
  receiver?.close();
  delete process.env.ESCALATION_POLICY;
  delete process.env.ESCALATION_RETRY_MS;
});
beforeEach(() => {
  got.length = 0;
  process.env.ESCALATION_POLICY = JSON.stringify({ critical: { ack_within_s: 1, escalate_after_s: 2 } });
  process.env.ESCALATION_RETRY_MS = "5";
});

const fire = (fp: string) =>
  fireAlert(
    fp,
    {
      alertname: "EdgeConnectFailures",
      severity: "page",
      region: "eu-west",
      service: `edge-${fp}` /* its own service: alerts of one service and region within a minute notify once */,
    },
    { summary: "eu-west edge connects failing", runbook_url: "https://runbooks.example/edge" },
  );
const history = async (id: string) =>
  (
    await call<{ escalations: EscalationStep[]; policy: { ack_within_s: number } }>(
      "GET",
      `/api/v1/alerts/${id}/escalations`,
      { as: USERS.oncall },
    )
  ).body;

describe("escalating an unacknowledged page", () => {
  it("notifies primary, then secondary, then tertiary (whose webhook fails, retried and shown), and skips a missing manager", async () => {
    const a = await fire("esc-1");
    const t0 = Date.parse(a.fired_at);
    expect(await escalateDue("https://console.test", t0)).toBe(1);
    expect(got.map((g) => g.path)).toEqual(["/olivia"]);
    expect(got[0]!.body).toMatchObject({
      type: "page",
      step: "primary",
      to: { id: USERS.oncall },
      alert: { id: a.id, name: "EdgeConnectFailures" },
    });
    expect(String(got[0]!.body.message)).toContain("https://console.test/alerts?name=EdgeConnectFailures");
    expect(await escalateDue("https://console.test", t0 + 1900)).toBe(0); // not yet
    await escalateDue("https://console.test", t0 + 2000);
    expect(got.at(-1)).toMatchObject({
      path: "/ian-slack",
      body: { text: expect.stringContaining("Escalated to secondary") },
    });
    await escalateDue("https://console.test", t0 + 6000);
    expect(got.filter((g) => g.path === "/broken")).toHaveLength(3); // three attempts
    const h = await history(a.id);
    expect(h.policy.ack_within_s).toBe(1);
    expect(h.escalations.map((e) => [e.layer, e.user?.id ?? null, e.channel, e.status, e.attempts])).toEqual([
      ["primary", USERS.oncall, "webhook", "delivered", 1],
      ["secondary", USERS.ic, "chat", "delivered", 1],
      ["tertiary", USERS.admin, "webhook", "failed", 3],
      ["manager", null, null, "skipped", 0],
    ]);
    expect(h.escalations[2]!.detail).toMatch(/webhook failed: HTTP 500$/);
    const audit = (await auditEvents("alert.escalate")).filter((e) => e.target === a.id);
    expect(audit.map((e) => [(e.details as { layer: string }).layer, e.outcome]).sort()).toEqual([
      ["manager", "failure"],
      ["primary", "success"],
      ["secondary", "success"],
      ["tertiary", "failure"],
    ]);
  });

  it("stops when the page is acknowledged", async () => {
    const a = await fire("esc-ack");
    const t0 = Date.parse(a.fired_at);
    await escalateDue("", t0);
    expect((await call("POST", `/api/v1/alerts/${a.id}/ack`, { as: USERS.oncall })).status).toBe(200);
    await escalateDue("", t0 + 60_000);
    expect(got.map((g) => g.path)).toEqual(["/olivia"]);
    expect((await history(a.id)).escalations).toHaveLength(1);
  });

  it("takes each step once with two processes at the clock, and after downtime catches up without repeats", async () => {
    const a = await fire("esc-race");
    const t0 = Date.parse(a.fired_at);
    await Promise.all([escalateDue("", t0 + 4000), escalateDue("", t0 + 4000), escalateDue("", t0 + 4000)]);
    // Down for a while, then two processes come back: the missed steps are sent, each once.
    await Promise.all([escalateDue("", t0 + 60_000), escalateDue("", t0 + 60_000)]);
    const paths = got.map((g) => g.path);
    expect(paths.filter((p) => p === "/olivia")).toHaveLength(1);
    expect(paths.filter((p) => p === "/ian-slack")).toHaveLength(1);
    expect(paths.filter((p) => p === "/broken")).toHaveLength(3); // one step, three attempts
    expect((await history(a.id)).escalations.map((e) => e.step)).toEqual([0, 1, 2, 3]);
  });

  it("takes up a step a dead process claimed and never finished, once", async () => {
    const a = await fire("esc-crash");
    const t0 = Date.parse(a.fired_at);
    // A process claimed step 0 two minutes ago and died before sending it.
    await db().execute(
      sql`insert into alert_escalations (id, alert_id, fired_at, step, layer, status, due_at, claimed_at) values ('esc_dead', ${a.id}, ${a.fired_at}::timestamptz, 0, 'primary', 'sending', ${a.fired_at}::timestamptz, now() - interval '2 minutes')`,
    );
    await escalateDue("", t0 + 500);
    await escalateDue("", t0 + 500);
    expect(got.map((g) => g.path)).toEqual(["/olivia"]);
    expect((await history(a.id)).escalations[0]).toMatchObject({ status: "delivered", user: { id: USERS.oncall } });
  });

  it("refuses a contact that is not an http(s) URL, and is a person's own setting", async () => {
    const bad = await call("PUT", "/api/v1/me/contact", {
      as: USERS.oncall,
      body: { webhook_url: "file:///etc/passwd" },
    });
    expect(bad.status).toBe(400);
    expect(
      (await call<{ contact: { webhook_url: string } }>("GET", "/api/v1/me/contact", { as: USERS.oncall })).body.contact
        .webhook_url,
    ).toBe(`${base}/olivia`);
  });
});
