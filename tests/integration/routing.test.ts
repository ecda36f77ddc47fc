// Routing end to end with short clocks: every alert has its severity's clock and reaches the owning team's
// rotation — a high ticket goes primary → secondary after its escalate_after; a service the catalog gives to a
// team pages that team, a service with no owner the platform team (an ownership gap); a critical page on a
// SEV0 goes on to the executive; the shadow gets marked copies and is never a step; an alert inside a
// maintenance window notifies nobody until the window ends. Receivers listen on loopback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, USERS } from "../support/api";
import { fireAlert, jsonReceiver, putSchedule, type Receiver } from "../support/paging";
import { startSmtp, type Smtp } from "../support/smtp";
import { db } from "@/lib/db/client";
import { alerts, maintenanceWindows, oncallSchedules, serviceCatalog, teams, users } from "@/lib/db/schema";
import { escalateDue } from "@/lib/escalation";
import type { Alert } from "@/lib/alerts/contract";
import type { EscalationStep } from "@/lib/escalation/contract";

withTestDb();

type Sent = { to: { id: string }; message: string; type: string; step: string; severity?: string; shadow?: boolean };
let rx: Receiver<Sent>;
let smtp: Smtp;
const EDGE = "usr_edge_primary";
const SHADOW = "usr_shadow";
const MANAGER = "usr_manager";
const EXEC = "usr_exec";

beforeAll(async () => {
  rx = await jsonReceiver<Sent>();
  smtp = await startSmtp();
  process.env.OUTBOUND_ALLOW = "127.0.0.1";
  await db()
    .insert(users)
    .values(
      [EDGE, SHADOW, MANAGER, EXEC].map((id) => ({
        id,
        email: `${id}@test.local`,
        name: id,
        role: "operator" as const,
      })),
    );
  const put = await putSchedule({ primary: USERS.oncall, secondary: USERS.ic, tertiary: USERS.admin, shadow: SHADOW });
  expect(put.body).toMatchObject({ schedule: { layers: expect.any(Array) } });
  await db().insert(teams).values({ id: "rt-edge", name: "Edge routing team" });
  await db()
    .insert(oncallSchedules)
    .values({
      team: "rt-edge",
      version: 1,
      layers: [
        {
          layer: "primary",
          rotation: "daily",
          start_date: "2026-01-05",
          handoff_time: "09:00",
          time_zone: "UTC",
          people: [EDGE],
        },
      ],
    });
  // The catalog's next version gives the edge service to this team and leaves every other service without an owner.
  const [latest] = await db()
    .select({ v: sql<number>`coalesce(max(${serviceCatalog.version}), 0)::int` })
    .from(serviceCatalog);
  const v = latest?.v ?? 0;
  await db()
    .insert(serviceCatalog)
    .values({
      version: v + 1,
      entries: [{ service: "edge", team: "rt-edge", runbooks: [], dashboards: [], slos: [] }],
    });
  for (const id of [USERS.oncall, USERS.ic, USERS.admin, EDGE, SHADOW, MANAGER, EXEC])
    await call("PUT", "/api/v1/me/contact", { as: id, body: { webhook_url: rx.url(`/${id}`) } });
});
afterAll(async () => {
  rx?.close();
  await smtp?.close();
  for (const k of ["ESCALATION_POLICY", "ESCALATION_RETRY_MS", "ESCALATION_MANAGER", "ESCALATION_EXECUTIVE"])
    delete process.env[k];
  for (const k of ["SMTP_URL", "SMTP_FROM"]) delete process.env[k];
});
beforeEach(() => {
  rx.got.length = 0;
  process.env.ESCALATION_POLICY = JSON.stringify({
    critical: { ack_within_s: 1, escalate_after_s: 2 },
    high: { ack_within_s: 1, escalate_after_s: 4 },
  });
  process.env.ESCALATION_RETRY_MS = "5";
  process.env.ESCALATION_MANAGER = MANAGER;
  process.env.ESCALATION_EXECUTIVE = EXEC;
});

const fire = (fp: string, labels: Record<string, string>) =>
  fireAlert(
    fp,
    { alertname: `Alert-${fp}`, region: "eu-west", ...labels },
    { summary: `summary of ${fp}`, runbook_url: "https://runbooks.example/x" },
  );
const steps = async (id: string) =>
  (await call<{ escalations: EscalationStep[] }>("GET", `/api/v1/alerts/${id}/escalations`, { as: USERS.oncall })).body
    .escalations;
const sentTo = () => rx.got.map((g) => g.to.id);

/**
 * A fixed-offset zone where `now` is a weekday before 22:00 (UTC first), with its local hour. None exists for
 * part of a weekend (no zone is on a weekday then): that is said, not guessed.
 */
function nearWorkingZone(now: number): { timeZone: string; offsetH: number; hour: number } {
  const offsets = [
    0,
    ...Array.from({ length: 12 }, (_, i) => -(i + 1)),
    ...Array.from({ length: 14 }, (_, i) => i + 1),
  ];
  for (const offsetH of offsets) {
    const local = new Date(now + offsetH * 3_600_000);
    const day = local.getUTCDay();
    if (day < 1 || day > 5 || local.getUTCHours() > 21) continue;
    // Etc/GMT+N is N hours behind UTC.
    const timeZone = offsetH === 0 ? "UTC" : `Etc/GMT${offsetH < 0 ? "+" : "-"}${Math.abs(offsetH)}`;
    return { timeZone, offsetH, hour: local.getUTCHours() };
  }
  throw new Error(`No zone is on a weekday before 22:00 at ${new Date(now).toISOString()} (a weekend).`);
}

describe("every alert on its severity's clock, to its owner", () => {
  it("sends a high ticket to the primary at once and to the secondary after its escalate_after, never before", async () => {
    const a = await fire("high-1", { severity: "error", service: "scheduler" });
    expect([a.severity, a.priority, a.kind, a.team.id]).toEqual(["high", "P1", "ticket", "platform"]);
    expect(a.clock).toMatchObject({ ack_within_s: 1, escalate_after_s: 4 });
    const t0 = Date.parse(a.fired_at);
    await escalateDue("https://console.test", t0);
    expect(rx.got.filter((g) => !g.shadow).map((g) => [g.to.id, g.type, g.step, g.severity])).toEqual([
      [USERS.oncall, "ticket", "primary", "high"],
    ]);
    expect(rx.got.find((g) => !g.shadow)!.message).toMatch(/^P1 Ticket: Alert-high-1 \(scheduler in eu-west\)/);
    await escalateDue("https://console.test", t0 + 3900);
    expect(sentTo().filter((id) => id !== SHADOW)).toEqual([USERS.oncall]);
    await escalateDue("https://console.test", t0 + 4000);
    expect(sentTo().filter((id) => id !== SHADOW)).toEqual([USERS.oncall, USERS.ic]);
    expect(rx.got.at(-1)!.message).toContain("Escalated to secondary: unacknowledged ticket");
  });

  it("pages the team that owns the service in the catalog, and the platform team for a service nobody owns", async () => {
    const owned = await fire("edge-1", { severity: "page", service: "edge" });
    expect([owned.team, owned.owner_gap]).toEqual([{ id: "rt-edge", name: "Edge routing team" }, false]);
    const orphan = await fire("gap-1", { severity: "page", service: "storage" });
    expect([orphan.team.id, orphan.owner_gap]).toEqual(["platform", true]);
    await escalateDue("", Date.parse(orphan.fired_at));
    const first = rx.got.filter((g) => !g.shadow);
    expect(first.map((g) => [g.to.id, g.message.split(":")[1]?.trim()]).sort()).toEqual(
      [
        [EDGE, "Alert-edge-1 (edge in eu-west) — summary of edge-1. Firing since " + owned.fired_at + ". https"],
        [
          USERS.oncall,
          "Alert-gap-1 (storage in eu-west) — summary of gap-1. Firing since " + orphan.fired_at + ". https",
        ],
      ].map(([id]) => [id, expect.any(String)]),
    );
    expect(first.find((g) => g.to.id === EDGE)!.message).toContain("Alert-edge-1");
    expect(first.find((g) => g.to.id === USERS.oncall)!.message).toContain("Alert-gap-1");
    // The edge team has no secondary: the step says so instead of paging the platform's.
    await escalateDue("", Date.parse(owned.fired_at) + 2000);
    const edgeSteps = await steps(owned.id);
    expect(edgeSteps.filter((s) => s.recipient === "step").map((s) => [s.layer, s.status, s.detail])).toEqual([
      ["primary", "delivered", expect.any(String)],
      ["secondary", "skipped", "nobody holds the secondary layer"],
    ]);
  });

  it("takes a critical page on a SEV0 to the executive, and stops at the manager otherwise", async () => {
    const plain = await fire("crit-plain", { severity: "critical", service: "postgres" });
    const onSev0 = await fire("crit-sev0", { severity: "critical", service: "projector" });
    const declared = await call("POST", `/api/v1/alerts/${onSev0.id}/incident`, {
      as: USERS.ic,
      body: { severity: "sev0", title: "Projector down everywhere" },
    });
    expect(declared.status).toBe(201);
    for (const a of [plain, onSev0]) await escalateDue("", Date.parse(a.fired_at) + 60_000);
    const layers = async (a: Alert) =>
      (await steps(a.id)).filter((s) => s.recipient === "step").map((s) => [s.layer, s.user?.id ?? null]);
    expect(await layers(plain)).toEqual([
      ["primary", USERS.oncall],
      ["secondary", USERS.ic],
      ["tertiary", USERS.admin],
      ["manager", MANAGER],
    ]);
    expect((await layers(onSev0)).at(-1)).toEqual(["executive", EXEC]);
    expect(rx.got.filter((g) => g.to.id === EXEC).map((g) => g.message)).toEqual([
      expect.stringContaining("Escalated to executive: unacknowledged page: Alert-crit-sev0"),
    ]);
  });

  it("sends the shadow a marked copy of each rotation step, never a step of its own", async () => {
    const a = await fire("shadowed", { severity: "page", service: "agent" });
    await escalateDue("", Date.parse(a.fired_at) + 60_000);
    const history = await steps(a.id);
    expect(history.filter((s) => s.recipient === "shadow").map((s) => [s.layer, s.user?.id, s.status])).toEqual([
      ["primary", SHADOW, "delivered"],
      ["secondary", SHADOW, "delivered"],
      ["tertiary", SHADOW, "delivered"],
    ]);
    expect(history.filter((s) => s.recipient === "step").map((s) => s.user?.id)).not.toContain(SHADOW);
    const copies = rx.got.filter((g) => g.to.id === SHADOW);
    expect(copies.every((g) => g.shadow === true && g.message.startsWith("[shadow] "))).toBe(true);
    expect(rx.got.filter((g) => g.to.id !== SHADOW && g.shadow)).toEqual([]);
  });

  it("holds an alert inside a maintenance window and notifies when the window ends if it still fires", async () => {
    const start = Date.now() - 1000;
    await db()
      .insert(maintenanceWindows)
      .values({
        id: "mnt_test",
        kind: "scheduled",
        services: ["overlay"],
        regions: ["eu-west"],
        startsAt: new Date(start),
        endsAt: new Date(start + 10_000),
        description: "Overlay key rotation",
        rollbackPlan: "Restore the previous keys",
      });
    const a = await fire("held-1", { severity: "page", service: "overlay" });
    const elsewhere = await fire("not-held", { severity: "page", service: "overlay", region: "us-east" });
    const t0 = Date.parse(a.fired_at);
    const about = (name: string) => rx.got.filter((g) => !g.shadow && g.message.includes(name)).map((g) => g.to.id);
    await escalateDue("", t0 + 1000);
    expect([about("Alert-held-1"), about("Alert-not-held")]).toEqual([[], [USERS.oncall]]); // the other region's only
    const [row] = await db().select().from(alerts).where(eq(alerts.id, a.id));
    expect(row!.heldBy).toBe("mnt_test");
    expect(await steps(a.id)).toEqual([]);
    const list = await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall });
    expect(list.body.alerts.find((x) => x.id === elsewhere.id)!.clock!.steps.length).toBeGreaterThan(0);
    // The window ends with the alert still firing: the primary hears of it then, and its clock starts then.
    rx.got.length = 0;
    await escalateDue("", start + 10_000);
    expect(about("Alert-held-1")).toEqual([USERS.oncall]);
    const [after] = await db().select().from(alerts).where(eq(alerts.id, a.id));
    expect([after!.heldBy, after!.clockFrom?.getTime()]).toEqual([null, start + 10_000]);
  });

  it("emails a low alert once, within the owning team's working hours, and never pages", async () => {
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Ops Console <oncall@example.com>";
    smtp.mails.length = 0;
    // The edge team works an hour that has not begun but begins within two: in a zone where it is now a weekday
    // before 22:00 (UTC when it is; working hours are weekdays, within one day). Its primary has email and SMS.
    const zone = nearWorkingZone(Date.now());
    const [from, to] = [zone.hour + 1, zone.hour + 2];
    await db()
      .update(teams)
      .set({ timeZone: zone.timeZone, workStartHour: from, workEndHour: to })
      .where(eq(teams.id, "rt-edge"));
    await call("PUT", "/api/v1/me/contact", {
      as: EDGE,
      body: { email: "edge-primary@example.com", sms_webhook_url: rx.url(`/sms/${EDGE}`) },
    });
    const a = await fire("low-1", { severity: "info", service: "edge", region: "ap-south" });
    expect([a.severity, a.priority, a.kind, a.team.id]).toEqual(["low", "P3", "ticket", "rt-edge"]);
    const t0 = Date.parse(a.fired_at);
    await escalateDue("", t0);
    const aboutLow = () => [
      smtp.mails.filter((m) => m.headers.subject?.includes("Alert-low-1")).length,
      rx.got.filter((g) => g.message.includes("Alert-low-1")).length,
    ];
    expect(aboutLow()).toEqual([0, 0]); // outside working hours: nothing yet
    const [row] = await db().select().from(alerts).where(eq(alerts.id, a.id));
    const opens = row!.nextDueAt!.getTime();
    expect(new Date(opens + zone.offsetH * 3_600_000).getUTCHours()).toBe(from);
    expect(opens).toBeGreaterThan(t0);
    expect(opens - t0).toBeLessThan(2 * 3_600_000);
    // When the team's hours begin: one email to the primary, no SMS, no chat; the next pass sends nothing more.
    await escalateDue("", opens);
    await escalateDue("", opens + 1000);
    expect(
      smtp.mails.filter((m) => m.headers.subject?.includes("Alert-low-1")).map((m) => [m.to, m.headers.subject]),
    ).toEqual([[["edge-primary@example.com"], "[P3 low] Ticket: Alert-low-1 (edge in ap-south)"]]);
    expect(rx.got.filter((g) => g.message.includes("Alert-low-1"))).toEqual([]); // no SMS, no chat, no webhook
    const history = await steps(a.id);
    expect(history.map((s) => [s.layer, s.channel, s.status])).toEqual([["primary", "email", "delivered"]]);
  });
});
