import { describe, expect, it } from "vitest";
import {
  actionSummary,
  alertQuality,
  attainedOf,
  budgetSpent,
  byService,
  byWeek,
  cadenceKept,
  clockStats,
  clocksOf,
  groupOf,
  summarize,
  addSummary,
  quantile,
  updateSpan,
  type IncidentFacts,
  type PageFacts,
} from "./rules";

const T = Date.parse("2026-11-30T00:00:00Z"); // a Monday
const MIN = 60_000;

const inc = (over: Partial<IncidentFacts>): IncidentFacts => ({
  id: "i",
  severity: "sev1",
  services: ["edge"],
  declaredAt: T + 10 * MIN,
  impactStartedAt: T,
  mitigatedAt: T + 30 * MIN,
  resolvedAt: T + 60 * MIN,
  firstAlertAt: T + 2 * MIN,
  firstAckAt: T + 5 * MIN,
  customerUpdates: null,
  ...over,
});

describe("an incident's clocks", () => {
  it("count from the impact (else the first alert, else the declaration)", () => {
    expect(clocksOf(inc({}))).toEqual({ ackS: 180, declareS: 600, mitigateS: 1800, resolveS: 3600 });
    // No impact time: the first alert starts it.
    expect(clocksOf(inc({ impactStartedAt: null }))).toEqual({
      ackS: 180,
      declareS: 480,
      mitigateS: 1680,
      resolveS: 3480,
    });
    // No alert: no MTTA; resolved without mitigating: mitigated at resolution.
    expect(clocksOf(inc({ firstAlertAt: null, firstAckAt: null, mitigatedAt: null }))).toEqual({
      ackS: null,
      declareS: 600,
      mitigateS: 3600,
      resolveS: 3600,
    });
  });

  it("give median and p90 by severity, nearest rank", () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNull();
    const list = [1, 2, 3, 4].map((k) => inc({ id: `i${k}`, severity: "sev0", resolvedAt: T + k * 10 * MIN }));
    const sev0 = clockStats(list).find((c) => c.severity === "sev0")!;
    expect(sev0.incidents).toBe(4);
    expect(sev0.mttr_median_s).toBe(1200);
    expect(sev0.mttr_p90_s).toBe(2400);
    expect(clockStats(list).find((c) => c.severity === "sev3")!.mttr_median_s).toBeNull();
  });
});

describe("counts", () => {
  it("by week (quiet weeks as zero) and by service", () => {
    const list = [
      inc({ id: "a", severity: "sev0" }),
      inc({ id: "b", declaredAt: T + 8 * 86_400_000, services: ["edge", "api"] }),
    ];
    expect(byWeek(list, T, T + 15 * 86_400_000)).toEqual([
      { week: "2026-11-30", total: 1, sev0: 1, sev1: 0, sev2: 0, sev3: 0 },
      { week: "2026-12-07", total: 1, sev0: 0, sev1: 1, sev2: 0, sev3: 0 },
      { week: "2026-12-14", total: 0, sev0: 0, sev1: 0, sev2: 0, sev3: 0 },
    ]);
    expect(byService(list)).toEqual([
      { service: "edge", incidents: 2 },
      { service: "api", incidents: 1 },
    ]);
  });

  it("customer-update cadence kept or missed", () => {
    const declared = T + 10 * MIN;
    const resolved = T + 70 * MIN;
    // Every 30 min: declared 00:10, updates 00:35 and 01:00, resolved 01:10 — kept.
    const told = (...t: number[]) =>
      inc({
        resolvedAt: resolved,
        customerUpdates: updateSpan(
          t.map((m) => declared + m * MIN),
          declared,
          resolved,
        ),
      });
    expect(cadenceKept(told(25, 50), 30, 0)).toBe(true);
    // One update at 00:50: 40 min without one — missed.
    expect(cadenceKept(told(40), 30, 0)).toBe(false);
    // 00:35, then 01:09: a 34-minute gap between two — missed; an update before the declaration does not count.
    expect(cadenceKept(told(-5, 25, 59), 30, 0)).toBe(false);
    // None at all in an hour: missed; an incident shorter than its cadence keeps it without one.
    expect(cadenceKept(told(), 30, 0)).toBe(false);
    expect(cadenceKept(inc({ resolvedAt: declared + 20 * MIN }), 30, 0)).toBe(true);
    expect(cadenceKept(inc({}), null, 0)).toBeNull();
  });

  it("action items open, overdue (the day after their due date) and closed", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    expect(
      actionSummary(
        [
          { status: "open", due: "2026-12-02" },
          { status: "open", due: "2026-12-03" },
          { status: "open", due: null },
          { status: "done", due: "2026-11-01" },
        ],
        now,
      ),
    ).toEqual({ open: 3, overdue: 1, closed: 1 });
  });
});

describe("alert quality", () => {
  const page = (over: Partial<PageFacts>): PageFacts => ({
    name: "EdgeDown",
    firedAt: Date.parse("2026-12-01T03:00:00Z"),
    ackedAt: null,
    resolvedAt: null,
    ackWithinS: 300,
    incident: false,
    resolvedBy: null,
    flaps: 0,
    ...over,
  });
  it("measures acknowledged within the clock, actionable versus noise, night pages, noisiest and flapping rules", () => {
    const f = Date.parse("2026-12-01T03:00:00Z");
    const pages = [
      page({ ackedAt: f + 60_000, resolvedAt: f + 600_000, resolvedBy: "usr_oncall" }), // acked in time, actionable
      page({ ackedAt: f + 900_000 }), // acked late: actionable
      page({ name: "DiskFull", firedAt: Date.parse("2026-12-01T14:00:00Z"), incident: true }), // led to an incident
      page({ resolvedAt: f + 120_000, resolvedBy: "alertmanager", flaps: 3 }), // noise
      page({ name: "Noisy", resolvedAt: f + 60_000, resolvedBy: null, flaps: 1 }), // noise
    ];
    const q = alertQuality(
      summarize(pages.map(groupOf)),
      Date.parse("2026-12-01T00:00:00Z"),
      Date.parse("2026-12-08T00:00:00Z"),
    );
    expect(q.pages).toBe(5);
    expect(q.per_shift).toBe(5);
    expect(q.acked_within_clock).toBe(1);
    expect(q.acked_within_clock_share).toBe(0.2);
    expect(q.actionable).toBe(3);
    expect(q.noise).toBe(2);
    expect(q.actionable_share).toBe(0.6);
    expect(q.night_pages).toBe(4);
    expect(q.by_hour[3]!.pages).toBe(4);
    expect(q.noisiest[0]).toEqual({ name: "EdgeDown", pages: 3, noise: 1 });
    expect(q.flapping).toEqual([
      { name: "EdgeDown", flaps: 3 },
      { name: "Noisy", flaps: 1 },
    ]);
    // Summed a day at a time (as the database keeps them), the same figures: any split of the pages adds up.
    const week = [Date.parse("2026-12-01T00:00:00Z"), Date.parse("2026-12-08T00:00:00Z")] as const;
    for (const cut of [0, 2, 3, 5]) {
      const days = addSummary(summarize(pages.slice(0, cut).map(groupOf)), summarize(pages.slice(cut).map(groupOf)));
      expect(alertQuality(days, ...week)).toEqual(q);
    }
    expect(JSON.parse(JSON.stringify(summarize(pages.map(groupOf))))).toEqual(summarize(pages.map(groupOf)));
  });
});

describe("SLO budgets in the review", () => {
  it("gives attainment from the period's error ratio, and no data as no data", () => {
    expect(attainedOf(0.0004)).toBeCloseTo(0.9996, 10);
    expect(attainedOf(null)).toBeNull();
    expect(attainedOf(Number.NaN)).toBeNull();
  });

  it("prices an incident in its SLO's 30-day budget", () => {
    // 99.9 % over 30 days allows 0.001 × 2,592,000 s = 2,592 s of total failure. Half the requests failing for
    // 43.2 minutes (2,592 s) spends half of it; 5 % failing for an hour spends 0.05 × 3600 / 2592 ≈ 6.9 %.
    expect(budgetSpent(0.5, 2592, 0.999, 30)).toBeCloseTo(0.5, 10);
    expect(budgetSpent(0.05, 3600, 0.999, 30)).toBeCloseTo(0.0694, 4);
    // A 99 % SLO has ten times the budget: the same hour costs a tenth.
    expect(budgetSpent(0.05, 3600, 0.99, 30)).toBeCloseTo(0.00694, 5);
    expect(budgetSpent(null, 3600, 0.999, 30)).toBeNull();
    expect(budgetSpent(0.05, 0, 0.999, 30)).toBeNull();
  });
});
