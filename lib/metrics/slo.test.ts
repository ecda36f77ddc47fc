import { describe, expect, it } from "vitest";
import { alertState, budgetRemaining, burnRate, timeToExhaustion, type BurnWindow } from "./slo";
import { levelOf, stateLevelOf } from "./dashboards/types";

const burns = (v: Partial<Record<BurnWindow, number>>): Record<BurnWindow, number> => ({
  "5m": 0,
  "30m": 0,
  "1h": 0,
  "2h": 0,
  "6h": 0,
  "1d": 0,
  "3d": 0,
  ...v,
});

describe("SLO arithmetic", () => {
  it("burn rate: the error ratio over the budget ratio", () => {
    // 99.9 %: a 0.1 % error ratio spends the budget exactly over the period (1×); 1.44 % is 14.4×.
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 9);
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    expect(burnRate(0.032, 0.999)).toBeCloseTo(32, 9);
    // 99 %: 0.5 % errors burn at half speed.
    expect(burnRate(0.005, 0.99)).toBeCloseTo(0.5, 9);
  });

  it("no traffic burns nothing and has no SLI", () => {
    expect(burnRate(null, 0.999)).toBe(0);
    expect(burnRate(NaN, 0.999)).toBe(0);
    expect(budgetRemaining(null, 0.999)).toBeNull();
    expect(timeToExhaustion(null, 0, 30)).toBeNull();
  });

  it("budget remaining over the period", () => {
    expect(budgetRemaining(0, 0.999)).toBe(1);
    expect(budgetRemaining(0.00025, 0.999)).toBeCloseTo(0.75, 9);
    expect(budgetRemaining(0.001, 0.999)).toBeCloseTo(0, 9);
    // Spent and then some: negative, so the overspend shows.
    expect(budgetRemaining(0.0015, 0.999)).toBeCloseTo(-0.5, 9);
  });

  it("time to exhaustion at the current burn", () => {
    // 75 % left of a 30-day budget at 1× lasts 22.5 days; at 14.4× about 37.5 hours.
    expect(timeToExhaustion(0.75, 1, 30)).toBe(22.5 * 86400);
    expect(timeToExhaustion(0.75, 14.4, 30)).toBe(Math.round((0.75 * 30 * 86400) / 14.4));
    expect(timeToExhaustion(0.75, 0, 30)).toBeNull(); // not burning: never
    expect(timeToExhaustion(0, 5, 30)).toBe(0); // already spent
    expect(timeToExhaustion(-0.2, 5, 30)).toBe(0);
  });

  it("pages only when both windows of a fast pair burn", () => {
    expect(alertState(burns({ "1h": 15, "5m": 15 }))).toBe("page");
    expect(alertState(burns({ "1h": 15, "5m": 2 }))).toBe("ok"); // the spike is over: the short window resets it
    expect(alertState(burns({ "6h": 6.5, "30m": 7 }))).toBe("page");
    expect(alertState(burns({ "6h": 6.5, "30m": 5.9 }))).toBe("ok");
    expect(alertState(burns({ "1h": 14.4, "5m": 14.4 }))).toBe("ok"); // the factor itself is not over it
  });

  it("tickets on the slow pairs", () => {
    expect(alertState(burns({ "1d": 3.5, "2h": 4 }))).toBe("ticket");
    expect(alertState(burns({ "3d": 1.2, "6h": 1.1 }))).toBe("ticket");
    expect(alertState(burns({ "3d": 1.2, "6h": 0.9 }))).toBe("ok");
    // A page outranks a ticket.
    expect(alertState(burns({ "1h": 20, "5m": 20, "1d": 4, "2h": 4 }))).toBe("page");
  });
});

describe("a panel value's level", () => {
  const t = { warn: 80, critical: 90, direction: "above" as const };
  it("is no data, never ok, when the value is not there", () => {
    expect(levelOf(null, t)).toBe("no_data");
    expect(levelOf(Number.NaN, t)).toBe("no_data");
    expect(levelOf(null, undefined)).toBe("no_data");
    expect(levelOf(50, t)).toBe("ok");
    expect(levelOf(95, t)).toBe("critical");
  });
  it("reads a grid cell's state label, and a label it does not know (or none) as no data", () => {
    expect(stateLevelOf("down")).toBe("critical");
    expect(stateLevelOf("ready")).toBe("ok");
    expect(stateLevelOf("exploded")).toBe("no_data");
    expect(stateLevelOf("toString")).toBe("no_data");
    expect(stateLevelOf(undefined)).toBe("no_data");
  });
});
