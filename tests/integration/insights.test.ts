// The weekly review through the real handler on hand-made incidents and pages with known answers — the same
// answers on PGlite and on Postgres (TEST_DATABASE_URL), so the two engines agree; and a tenant never reads it.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, USERS } from "../support/api";
import { db } from "@/lib/db/client";
import { alertPageDays, alerts, incidents, timelineEntries } from "@/lib/db/schema";
import type { Insights } from "@/lib/insights/contract";
import { keepDays } from "@/lib/insights/pages";

withTestDb();

const MIN = 60_000;
// A window of its own, a year back, that no other test writes into.
const T = Date.parse("2025-06-02T00:00:00Z"); // a Monday
const from = new Date(T).toISOString();
const to = new Date(T + 14 * 86_400_000).toISOString();
const ids: string[] = [];

type AlertRow = typeof alerts.$inferInsert;
/** A critical page of edge's, resolved. */
const pageRow = (fingerprint: string, over: Partial<AlertRow> & Pick<AlertRow, "name" | "firedAt">): AlertRow => ({
  id: `al_${fingerprint}`,
  fingerprint,
  kind: "page",
  pagerEligible: true,
  status: "resolved",
  labels: { service: "edge" },
  annotations: {},
  severity: "critical",
  ...over,
});

beforeAll(async () => {
  // Three SEV1s on edge: resolved 20, 40 and 60 min after impact; declared 5 min after impact.
  for (const k of [1, 2, 3]) {
    const r = await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: `review ${k}`, severity: "sev1", services: ["edge"] },
    });
    ids.push(r.body.incident.id);
  }
  const start = (k: number) => T + k * 86_400_000 + 3 * 3_600_000; // 03:00 on day k
  await Promise.all(
    ids.map((id, i) =>
      db()
        .update(incidents)
        .set({
          status: "resolved",
          impactStartedAt: new Date(start(i)),
          declaredAt: new Date(start(i) + 5 * MIN),
          mitigatedAt: new Date(start(i) + 10 * MIN),
          resolvedAt: new Date(start(i) + (i + 1) * 20 * MIN),
        })
        .where(inArray(incidents.id, [id])),
    ),
  );
  // Customer updates (SEV1: every 30 min). The first (15 min open) keeps it without one; the second (35 min
  // open) misses it — its update before the declaration and its internal one do not count; the third (55 min)
  // keeps it with updates 20 and 45 min after declaring.
  const update = (i: number, atMin: number, audience = "customer") => ({
    incidentId: ids[i]!,
    kind: "status_update",
    body: "review update",
    data: { audience },
    occurredAt: new Date(start(i) + atMin * MIN),
  });
  await db()
    .insert(timelineEntries)
    .values([update(1, 0), update(1, 20, "internal"), update(2, 25), update(2, 50)]);
  // Four pages: one attached and acked in 2 min (within the critical clock), one acked late, one noise at 14:00,
  // one flapping noise; and a ticket, which is not a page.
  const page = (n: number, over: Partial<AlertRow>) =>
    pageRow(`review-${n}`, { name: "ReviewRule", firedAt: new Date(start(0)), ...over });
  await db()
    .insert(alerts)
    .values([
      page(1, { incidentId: ids[0], ackedAt: new Date(start(0) + 2 * MIN), resolvedAt: new Date(start(0) + 30 * MIN) }),
      page(2, { ackedAt: new Date(start(0) + 20 * MIN), resolvedAt: new Date(start(0) + 30 * MIN) }),
      page(3, {
        name: "Noisy",
        firedAt: new Date(T + 14 * 3_600_000),
        resolvedAt: new Date(T + 14 * 3_600_000 + MIN),
        resolvedBy: "alertmanager",
      }),
      page(4, { name: "Noisy", resolvedAt: new Date(start(0) + MIN), flaps: ["a", "b"] }),
      page(5, { kind: "ticket", name: "TicketRule" }),
    ]);
});

describe("GET /api/v1/insights", () => {
  it("answers the known figures for a hand-made fortnight", async () => {
    const r = await call<Insights>("GET", `/api/v1/insights?from=${from}&to=${to}`, { as: USERS.oncall });
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.incidents).toBe(3);
    expect(d.by_week.map((w) => [w.week, w.sev1])).toEqual([
      ["2025-06-02", 3],
      ["2025-06-09", 0],
    ]);
    expect(d.by_service).toEqual([{ service: "edge", incidents: 3 }]);
    expect(d.cadence).toEqual({ kept: 2, missed: 1 });
    const sev1 = d.clocks.find((c) => c.severity === "sev1")!;
    expect(sev1).toMatchObject({
      incidents: 3,
      mtta_median_s: 120,
      declare_median_s: 300,
      mitigate_median_s: 600,
      mttr_median_s: 2400,
      mttr_p90_s: 3600,
    });
    expect(d.alerts).toMatchObject({
      pages: 4,
      acked_within_clock: 1,
      actionable: 2,
      noise: 2,
      night_pages: 3,
      noisiest: [
        { name: "Noisy", pages: 2, noise: 2 },
        { name: "ReviewRule", pages: 2, noise: 0 },
      ],
      flapping: [{ name: "Noisy", flaps: 2 }],
    });
    // Filters: another service has none.
    const none = await call<Insights>("GET", `/api/v1/insights?from=${from}&to=${to}&service=scheduler`, {
      as: USERS.oncall,
    });
    expect(none.body.incidents).toBe(0);
    expect(none.body.alerts.pages).toBe(0);
  });

  it("gives each SLO's 30 days and what each incident spent of its budget, from the metrics source", async () => {
    const r = await call<Insights>("GET", `/api/v1/insights?from=${from}&to=${to}`, { as: USERS.oncall });
    const d = r.body;
    expect(d.slo_error).toBeNull();
    expect(d.slos.length).toBeGreaterThan(0);
    for (const s of d.slos) {
      expect(s.attained).not.toBeNull();
      expect(s.attained!).toBeGreaterThan(0.9);
      expect(s.attained!).toBeLessThanOrEqual(1);
      // Budget left is what the attainment leaves of (1 − objective).
      expect(s.budget_left!).toBeCloseTo(1 - (1 - s.attained!) / (1 - s.objective), 6);
    }
    // The three edge incidents are priced in the edge SLOs only, over impact start to mitigation (10 min).
    const edgeSlos = new Set(d.slos.filter((s) => s.service === "edge").map((s) => s.slo));
    expect(edgeSlos.size).toBeGreaterThan(0);
    expect(new Set(d.budget_by_incident.map((b) => b.incident_id))).toEqual(new Set(ids));
    for (const b of d.budget_by_incident) {
      expect(edgeSlos.has(b.slo)).toBe(true);
      expect(b.ref).toMatch(/^INC-\d+$/);
      expect(b.seconds).toBe(600);
      expect(b.spent === null || b.spent >= 0).toBe(true);
    }
  });

  it("says the SLO figures are unknown when Prometheus does not answer, never met", async () => {
    process.env.PROMETHEUS_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    try {
      const r = await call<Insights>("GET", `/api/v1/insights?from=${from}&to=${to}`, { as: USERS.oncall });
      expect(r.status).toBe(200);
      expect(r.body.slo_error).toMatch(/unreachable/);
      expect(r.body.slos.every((s) => s.attained === null && s.budget_left === null)).toBe(true);
      expect(r.body.budget_by_incident).toEqual([]);
      expect(r.body.incidents).toBe(3); // the rest of the review still stands
    } finally {
      delete process.env.PROMETHEUS_URL;
    }
  });

  it("refuses a bad window naming the field, and tenants", async () => {
    const bad = await call<{ error: { details: { fields: { field: string }[] } } }>(
      "GET",
      `/api/v1/insights?from=${to}&to=${from}`,
      { as: USERS.oncall },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]!.field).toBe("query.from");
    expect((await call("GET", "/api/v1/insights", { as: USERS.acme })).status).toBe(403);
  });

  it("keeps a year's pages a day at a time, and any change to a page of a past day shows at the next read", async () => {
    // A window of its own: three whole days (2025-03-03 to 05) between two partial ones read from the pages.
    const D = Date.parse("2025-03-03T00:00:00Z");
    const H = 3_600_000;
    const w = `from=${new Date(D - 12 * H).toISOString()}&to=${new Date(D + 3 * 86_400_000 + 6 * H).toISOString()}`;
    const at = (h: number) => new Date(D + h * H);
    const page = (n: number, over: Partial<AlertRow>) =>
      pageRow(`days-${n}`, {
        name: "DayRule",
        firedAt: at(10),
        resolvedAt: at(11),
        resolvedBy: "alertmanager",
        ...over,
      });
    await db()
      .insert(alerts)
      .values([
        page(1, { firedAt: at(-6) }), // the partial day before
        page(2, { firedAt: at(10) }), // day 1, noise
        page(3, { firedAt: at(34), labels: { service: "scheduler" }, name: "SchedRule" }), // day 2
        page(4, { firedAt: at(60), ackedAt: at(60.01) }), // day 3, acked within its clock
        page(5, { firedAt: at(74) }), // the partial day after
        page(6, { kind: "ticket", firedAt: at(10) }), // not a page
      ]);
    const review = async (extra = "") =>
      (await call<Insights>("GET", `/api/v1/insights?${w}${extra}`, { as: USERS.oncall })).body.alerts;
    const march = and(gte(alertPageDays.day, "2025-03-01"), lt(alertPageDays.day, "2025-03-10"));
    const days = async () =>
      (await db().select().from(alertPageDays).where(march)).sort((a, b) => a.day.localeCompare(b.day));

    const before = await review();
    expect(before).toMatchObject({ pages: 5, acked_within_clock: 1, actionable: 1, noise: 4 });
    // The whole days are stored, summed, at the version read; the partial ones are not (they are read whole).
    const kept = await days();
    expect(kept.map((d) => d.day)).toEqual(["2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"]);
    for (const d of kept.slice(1, 4)) expect(d.summaryVersion).toBe(d.version);
    expect(kept[0]!.summary).toBeNull();
    expect(kept[4]!.summary).toBeNull();
    expect(await review()).toEqual(before); // read from the stored days: the same figures

    // A page of day 1 acknowledged (within its clock) and attached to an incident, a page added to day 2, the one
    // of day 3 deleted, a ticket that becomes a page: each shows at once.
    const v1 = kept[1]!.version;
    await db()
      .update(alerts)
      .set({ ackedAt: at(10.02), incidentId: ids[0] })
      .where(eq(alerts.id, "al_days-2"));
    await db()
      .insert(alerts)
      .values(page(7, { firedAt: at(35), labels: { service: "scheduler" }, name: "SchedRule" }));
    await db().delete(alerts).where(eq(alerts.id, "al_days-4"));
    await db().update(alerts).set({ kind: "page" }).where(eq(alerts.id, "al_days-6"));
    // A change the review does not read leaves the day's summary alone.
    await db()
      .update(alerts)
      .set({ lastSeen: at(12), count: 3 })
      .where(eq(alerts.id, "al_days-3"));
    const after = await review();
    expect(after).toMatchObject({ pages: 6, acked_within_clock: 1, actionable: 1, noise: 5 });
    expect(after.noisiest).toEqual([
      { name: "DayRule", pages: 4, noise: 3 },
      { name: "SchedRule", pages: 2, noise: 2 },
    ]);
    const now = await days();
    expect(now[1]!.version).toBeGreaterThan(v1);
    expect(now[2]!.version).toBe(kept[2]!.version + 1); // one insert; the last_seen change did not move it
    // Services filter the stored days as they filter the pages.
    expect((await review("&service=scheduler")).pages).toBe(2);
    expect((await review("&service=edge")).pages).toBe(4);

    // Stored or read from the pages, the same answer: forget every summary, or change the clocks they were
    // computed with, and the figures do not move.
    await db().update(alertPageDays).set({ summary: null }).where(march);
    expect(await review()).toEqual(after);
    await db().update(alertPageDays).set({ clockKey: "critical:1" }).where(march);
    expect(await review()).toEqual(after);
    expect((await days()).slice(1, 4).every((d) => d.clockKey !== "critical:1")).toBe(true);
    // A day summed before a page of it was written is not stored over the newer version: it stays to recompute.
    const [day1] = (await days()).slice(1, 2);
    await db().update(alerts).set({ resolvedBy: "usr_oncall" }).where(eq(alerts.id, "al_days-6"));
    await keepDays([{ day: day1!.day, version: day1!.version, summary: {} }], "any");
    const [moved] = (await days()).slice(1, 2);
    expect(moved!.version).toBe(day1!.version + 1);
    expect(moved!.summary).toBeNull();
    expect((await review()).actionable).toBe(2);
  });
});
