// Days of history for a real Prometheus: the simulator's history written as OpenMetrics, loaded with
// promtool, read back through PromQL and through the console's dashboards on PrometheusSource.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, USERS } from "../support/api";
import { startStack, type Stack } from "../support/stack";
import { createPlatform } from "@/lib/simulator";
import { historyWindow } from "@/lib/simulator/exposition";
import { PrometheusSource } from "@/lib/metrics/sources";
import type { DashboardData } from "@/lib/metrics/contract";

withTestDb();

const ANCHOR = new Date().toISOString();
const HOURS = 3;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    anchor: ANCHOR,
    webhookUrl: "http://127.0.0.1:9/none",
    webhookToken: "none",
    scale: 60,
    historySeconds: HOURS * 3600,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.PROMETHEUS_URL;
});

describe("the simulator's history in Prometheus", () => {
  it("stores every series' value at each whole minute exactly as the simulator counts it", async () => {
    const platform = createPlatform({ seed: 42, anchor: Date.parse(ANCHOR) });
    const { from, to } = historyWindow(stack.started, HOURS * 3600);
    const prom = new PrometheusSource(stack.prometheus);
    const instance = new URL(stack.simulator).host;
    let checked = 0;
    for (const metric of [
      "edge_connect_failures_total",
      "http_requests_total",
      "reconcile_backlog",
      "wireguard_peer_handshake_age_seconds",
    ]) {
      for (const at of [from + 60_000, from + 90 * 60_000, to]) {
        const data = await prom.call("query", { query: `${metric}{instance="${instance}"}`, time: String(at / 1000) });
        const stored = new Map(
          data.result.map((r) => [
            JSON.stringify(
              Object.entries(r.metric)
                .filter(([k]) => !["__name__", "job", "instance"].includes(k))
                .sort(),
            ),
            Number(r.value![1]),
          ]),
        );
        const series = platform.byMetric.get(metric)!;
        expect(stored.size, `${metric} at ${new Date(at).toISOString()}`).toBe(series.length);
        for (const s of series) {
          const want = s.counter ? platform.increase(s, from, at) : platform.value(s, at);
          const got = stored.get(JSON.stringify(Object.entries(s.labels).sort()));
          expect(got, `${metric} ${JSON.stringify(s.labels)}`).toBeCloseTo(want, 6);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("draws every chart of the control-plane dashboard across the whole stored range through the console", async () => {
    process.env.PROMETHEUS_URL = stack.prometheus;
    process.env.METRICS_MIN_RATE_WINDOW_SECONDS = "120"; // two of the history's one-minute samples in every rate window
    try {
      const res = await call<DashboardData>("GET", `/api/v1/dashboards/control-plane?from=${HOURS - 1}h`, {
        as: USERS.oncall,
      });
      expect(res.status).toBe(200);
      expect(res.body.source).toBe("prometheus");
      const charts = res.body.panels.filter((p) => p.kind === "timeseries");
      expect(charts.length).toBeGreaterThan(5);
      for (const p of charts) {
        expect(p.error, p.id).toBeUndefined();
        const points = p.series.flatMap((s) => s.points).filter(([, v]) => v !== null);
        // A point every step from the first to the last: the first hour comes from the stored history.
        expect(Math.min(...points.map(([t]) => t)), p.id).toBeLessThan(Date.parse(res.body.from) + 10 * 60_000);
        expect(Math.max(...points.map(([t]) => t)), p.id).toBeGreaterThan(Date.now() - 5 * 60_000);
      }
    } finally {
      delete process.env.PROMETHEUS_URL;
      delete process.env.METRICS_MIN_RATE_WINDOW_SECONDS;
    }
  });
});
