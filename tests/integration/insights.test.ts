// The weekly review through the real handler on hand-made incidents and pages with known answers — the same
// answers on PGlite and on Postgres (TEST_DATABASE_URL), so the two engines agree; and a tenant never reads it.
import { beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, USERS } from "../support/api";
import { db } from "@/lib/db/client";
import { alerts, incidents, timelineEntries } from "@/lib/db/schema";
import type { Insights } from "@/lib/insights/contract";

withTestDb();

const MIN = 60_000;
// A window of its own, a year back, that no other test writes into.
const T = Date.parse("2025-06-02T00:00:00Z"); // a Monday
const from = new Date(T).toISOString();
const to = new Date(T + 14 * 86_400_000).toISOString();
const ids: string[] = [];

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
  const page = (n: number, over: Partial<typeof alerts.$inferInsert>) => ({
    id: `al_review_${n}`,
    fingerprint: `review-${n}`,
    name: "ReviewRule",
    kind: "page" as const,
    pagerEligible: true,
    status: "resolved" as const,
    labels: { service: "edge" },
    annotations: {},
    severity: "critical" as const,
    firedAt: new Date(start(0)),
    ...over,
  });
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
});
