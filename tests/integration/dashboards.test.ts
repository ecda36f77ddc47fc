// The dashboard and SLO API on the built-in simulator: every dashboard answers with data, bad ranges are
// 400s naming the field, tenants are refused, and a Prometheus that fails shows on each panel.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import type { DashboardData, Slo } from "@/lib/metrics/contract";
import { DASHBOARDS } from "@/lib/metrics/dashboards";

withTestDb();

// The demo scenarios are placed around the anchor: the eu-west edge degradation is active "now".
const ANCHOR = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
const DAY_BEFORE = new Date(Date.parse(ANCHOR) - 86_400_000).toISOString();
process.env.SIMULATOR_ANCHOR = ANCHOR;
afterEach(() => {
  delete process.env.PROMETHEUS_URL;
  process.env.SIMULATOR_ANCHOR = ANCHOR;
});

const fields = (body: unknown) =>
  (body as { error: { details?: { fields?: { field: string }[] } } }).error.details?.fields?.map((f) => f.field);

describe("dashboards on the simulator", () => {
  it("lists the six dashboards of the minimum set with panels and PromQL, and their state now", async () => {
    const res = await call<{
      source: string;
      dashboards: {
        slug: string;
        panels: { promql: string; runbook_url: string | null }[];
        status: { state: string; findings: { panel: string; labels: Record<string, string> }[] };
      }[];
    }>("GET", "/api/v1/dashboards?status=true", { as: USERS.oncall });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("simulator");
    expect(res.body.dashboards.map((d) => d.slug)).toEqual([
      "overview",
      "control-plane",
      "edge",
      "host-fleet",
      "overlay-network",
      "storage",
    ]);
    const edge = res.body.dashboards.find((d) => d.slug === "edge")!;
    expect(edge.panels[0]!.promql).toContain("edge_connect_failures_total");
    expect(edge.panels[0]!.runbook_url).toBe("/runbooks/edge-connect-failures");
    // The demo scenario runs now: the edge dashboard is critical because of eu-west; storage has the late backup.
    expect(edge.status.state).toBe("critical");
    expect(edge.status.findings.some((f) => f.labels.region === "eu-west")).toBe(true);
    expect(
      res.body.dashboards
        .find((d) => d.slug === "storage")!
        .status.findings.some((f) => f.labels.backup === "volume-snapshots"),
    ).toBe(true);
    // Red only where a scenario runs: the platform's normal range sits inside every threshold.
    expect(Object.fromEntries(res.body.dashboards.map((d) => [d.slug, d.status.state]))).toMatchObject({
      "control-plane": "ok",
      "host-fleet": expect.not.stringMatching("critical"),
      "overlay-network": expect.not.stringMatching("critical"),
    });
    expect(res.body.dashboards.filter((d) => d.status.state === "critical").map((d) => d.slug)).toEqual([
      "overview",
      "edge",
      "storage",
    ]);
  });

  for (const d of DASHBOARDS) {
    it(`${d.slug}: every panel has data over 24 h`, async () => {
      const res = await call<DashboardData>("GET", `/api/v1/dashboards/${d.slug}?from=${DAY_BEFORE}&to=${ANCHOR}`, {
        as: USERS.admin,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.panels).toHaveLength(d.panels.length);
      for (const p of res.body.panels) {
        expect(p.error, p.id).toBeUndefined();
        expect(p.series.length, p.id).toBeGreaterThan(0);
        if (p.kind === "timeseries") {
          // A sensible step: a few hundred points, the newest exactly at `to`.
          expect(p.series[0]!.points.length, p.id).toBeGreaterThan(100);
          expect(p.series[0]!.points.length, p.id).toBeLessThanOrEqual(1001);
          expect(p.series[0]!.points.at(-1)![0]).toBe(Date.parse(ANCHOR));
        } else expect(p.series[0]!.points).toHaveLength(1);
      }
    });
  }

  it("filters by region", async () => {
    const res = await call<DashboardData>("GET", `/api/v1/dashboards/overview?from=1h&region=eu-west`, {
      as: USERS.oncall,
    });
    expect(res.status).toBe(200);
    const panel = res.body.panels.find((p) => p.id === "edge-connect-success")!;
    expect(panel.series.map((s) => s.labels.region)).toEqual(["eu-west"]);
    expect(panel.promql).toContain('region="eu-west"');
  });

  it("raises the step when the range would need too many points", async () => {
    const res = await call<DashboardData>("GET", `/api/v1/dashboards/storage?from=7d&to=now&step=15s`, {
      as: USERS.oncall,
    });
    expect(res.status).toBe(200);
    expect(res.body.step).toBeGreaterThanOrEqual(Math.ceil((7 * 86400) / 1000));
    expect(res.body.panels[0]!.series[0]!.points.length).toBeLessThanOrEqual(1001);
  });

  it("answers bad ranges with a 400 naming the field, and an unknown dashboard with a 404", async () => {
    const cases: [string, string][] = [
      ["from=2026-11-20T12:00:00Z&to=2026-11-20T11:00:00Z", "query.from"],
      ["from=yesterday", "query.from"],
      ["to=2026-13-45", "query.to"],
      ["from=40d", "query.from"],
      ["region=mars", "query.region"],
      ["step=0", "query.step"],
      ["step=fast", "query.step"],
    ];
    for (const [qs, field] of cases) {
      const res = await call("GET", `/api/v1/dashboards/edge?${qs}`, { as: USERS.oncall });
      expect(res.status, qs).toBe(400);
      expect(fields(res.body), qs).toContain(field);
    }
    const missing = await call("GET", "/api/v1/dashboards/nope", { as: USERS.oncall });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("overview");
  });

  it("shows and accepts the regions METRICS_REGIONS names", async () => {
    process.env.METRICS_REGIONS = "eu-west,mars";
    try {
      const slos = await call<{ slos: Slo[] }>("GET", "/api/v1/slos", { as: USERS.oncall });
      expect(slos.status).toBe(200);
      expect([...new Set(slos.body.slos.map((s) => s.region))]).toEqual(["eu-west", "mars"]);
      // Nothing reports from there: the console cannot say how the SLO does — no data, never "ok".
      expect(slos.body.slos.find((s) => s.region === "mars")).toMatchObject({
        sli: null,
        alert_state: "no_data",
        data_state: "no_data",
        policy: { tier: null },
      });
      const refused = await call("GET", "/api/v1/dashboards/edge?region=us-east", { as: USERS.oncall });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain("must be one of eu-west, mars");
      const mars = await call<DashboardData>("GET", "/api/v1/dashboards/edge?region=mars", { as: USERS.oncall });
      expect(mars.status).toBe(200);
      expect(mars.body.panels.every((p) => p.series.length === 0 && !p.error)).toBe(true); // empty, not an error
    } finally {
      delete process.env.METRICS_REGIONS;
    }
  });

  it("refuses tenants, with a session or a token", async () => {
    expect((await call("GET", "/api/v1/dashboards", { as: USERS.acme })).status).toBe(403);
    expect((await call("GET", "/api/v1/slos", { as: USERS.globex })).status).toBe(403);
    const token = await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" });
    expect((await call("GET", "/api/v1/dashboards/edge", { as: { token: token.secret } })).status).toBe(403);
    const ops = await mintToken(USERS.oncall, { scopes: ["dashboards:read"] });
    expect((await call("GET", "/api/v1/dashboards/edge?from=1h", { as: { token: ops.secret } })).status).toBe(200);
  });
});

describe("changes on dashboards", () => {
  it("marks each panel with the changes in its range to its services and region, and only those", async () => {
    const pipeline = (await mintToken(USERS.admin, { scopes: ["changes:write"] })).secret;
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const post = async (external_id: string, service: string, regions: string[], started: string) =>
      expect(
        (
          await call("POST", "/api/v1/changes", {
            as: { token: pipeline },
            body: {
              external_id,
              kind: "config",
              service,
              regions,
              summary: `annotation test ${external_id}`,
              actor: "ci",
              status: "succeeded",
              started_at: started,
              finished_at: started,
              backfill: true,
            },
          })
        ).status,
      ).toBe(200);
    const edgeStarted = ago(30);
    await post("ann-edge-eu", "edge", ["eu-west"], edgeStarted);
    await post("ann-edge-all", "edge", [], ago(90));
    await post("ann-agent-us", "agent", ["us-east"], ago(20));
    await post("ann-edge-old", "edge", ["eu-west"], ago(3 * 24 * 60));
    const ours = (list: { summary: string }[]) =>
      list
        .filter((a) => a.summary.startsWith("annotation test"))
        .map((a) => a.summary.slice(16))
        .sort();

    const edge = (
      await call<DashboardData>("GET", "/api/v1/dashboards/edge?from=6h&region=eu-west", { as: USERS.oncall })
    ).body;
    expect(ours(edge.changes)).toEqual(["ann-edge-all", "ann-edge-eu"]);
    for (const p of edge.panels) expect(ours(p.annotations), p.id).toEqual(["ann-edge-all", "ann-edge-eu"]);
    const marker = edge.panels[0]!.annotations.find((a) => a.summary.endsWith("ann-edge-eu"))!;
    expect(marker).toMatchObject({
      kind: "config",
      service: "edge",
      actor: "ci",
      status: "succeeded",
      regions: ["eu-west"],
    });
    expect([marker.time, marker.end]).toEqual([Date.parse(edgeStarted), Date.parse(edgeStarted)]);

    // Another region: only the change that names no region (every region).
    const us = (
      await call<DashboardData>("GET", "/api/v1/dashboards/edge?from=6h&region=us-east", { as: USERS.oncall })
    ).body;
    expect(ours(us.changes)).toEqual(["ann-edge-all"]);
    // A panel about another service carries none of the edge's changes; one about the edge does.
    const overview = (await call<DashboardData>("GET", "/api/v1/dashboards/overview?from=6h", { as: USERS.oncall }))
      .body;
    for (const p of overview.panels)
      expect(ours(p.annotations), p.id).toEqual(
        p.services.includes("edge")
          ? ["ann-edge-all", "ann-edge-eu"]
          : p.services.includes("agent")
            ? ["ann-agent-us"]
            : [],
      );
    expect(overview.panels.some((p) => !p.services.includes("edge") && !p.services.includes("agent"))).toBe(true);
    const hosts = (
      await call<DashboardData>("GET", "/api/v1/dashboards/host-fleet?from=6h&region=us-east", { as: USERS.oncall })
    ).body;
    expect(ours(hosts.changes)).toEqual(["ann-agent-us"]);
    // Out of range: none.
    expect(
      ours((await call<DashboardData>("GET", "/api/v1/dashboards/edge?from=15m", { as: USERS.oncall })).body.changes),
    ).toEqual([]);
  });
});

describe("SLOs", () => {
  it("reports each SLO per region with budget, burn rates and alert state", async () => {
    const res = await call<{ slos: Slo[] }>("GET", "/api/v1/slos?history=true", { as: USERS.oncall });
    expect(res.status).toBe(200);
    expect(res.body.slos).toHaveLength(12);
    const edge = res.body.slos.find((s) => s.id === "edge-connect:eu-west")!;
    expect(edge).toMatchObject({ objective: 0.999, period_days: 30, region: "eu-west", alert_state: "page" });
    expect(Object.keys(edge.burn_rates)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    expect(edge.burn_rates["1h"]).toBeGreaterThan(14.4);
    expect(edge.error_budget_remaining).toBeLessThan(1);
    expect(edge.time_to_exhaustion_s).toBeGreaterThan(0);
    expect(edge.burn_history).toHaveLength(25);
    // Where to look: the edge's warnings and errors in eu-west over the burn window, and its changes.
    expect(edge.service).toBe("edge");
    const logs = new URL(edge.logs_url, "http://x");
    expect([
      logs.pathname,
      logs.searchParams.getAll("component"),
      logs.searchParams.get("region"),
      logs.searchParams.get("level"),
    ]).toEqual(["/platform/logs", ["edge"], "eu-west", "warn"]);
    const burnWindow = Date.parse(logs.searchParams.get("end")!) - Date.parse(logs.searchParams.get("start")!);
    expect([3_600_000, 6 * 3_600_000]).toContain(burnWindow);
    const changes = new URL(edge.changes_url, "http://x");
    // Changes from an hour before the burn window: what caused a burn came before it.
    expect([
      changes.pathname,
      changes.searchParams.getAll("service"),
      Date.parse(changes.searchParams.get("from")!),
    ]).toEqual(["/changes", ["edge"], Date.parse(logs.searchParams.get("start")!) - 3_600_000]);
    const calm = res.body.slos.find((s) => s.id === "api-availability:us-east")!;
    expect(calm.alert_state).toBe("ok");
    expect(calm.sli).toBeGreaterThan(0.999);
    expect(calm.burn_rates["1h"]).toBeLessThan(1);
  });

  it("filters by region and refuses an unknown one", async () => {
    const res = await call<{ slos: Slo[] }>("GET", "/api/v1/slos?region=ap-south", { as: USERS.admin });
    expect(res.body.slos.map((s) => s.region)).toEqual(Array(4).fill("ap-south"));
    expect((await call("GET", "/api/v1/slos?region=moon", { as: USERS.admin })).status).toBe(400);
  });
});

describe("a Prometheus that fails", () => {
  it("shows Prometheus's own error on every panel, not a 500", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(422, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          status: "error",
          errorType: "execution",
          error: "query processing would load too many samples into memory",
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    process.env.PROMETHEUS_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const res = await call<DashboardData>("GET", "/api/v1/dashboards/edge?from=1h", { as: USERS.oncall });
      expect(res.status).toBe(200);
      expect(res.body.source).toBe("prometheus");
      for (const p of res.body.panels) expect(p.error).toContain("too many samples");
    } finally {
      server.close();
    }
  });

  it("says so when Prometheus is unreachable", async () => {
    process.env.PROMETHEUS_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    const res = await call<DashboardData>("GET", "/api/v1/dashboards/storage?from=1h", { as: USERS.oncall });
    expect(res.status).toBe(200);
    expect(res.body.panels[0]!.error).toMatch(/unreachable/);
    const list = await call<{ dashboards: { status: { panel_errors: number } }[] }>(
      "GET",
      "/api/v1/dashboards?status=true",
      { as: USERS.oncall },
    );
    expect(list.body.dashboards[0]!.status.panel_errors).toBeGreaterThan(0);
  });
});

describe("demo alerts from the simulator's SLO burn", () => {
  it("raises a page while an SLO burns and resolves it when the burn stops", async () => {
    const { syncRuleAlerts: syncSloAlerts } = await import("@/lib/metrics/demo-alerts");
    const anchor = Date.parse(ANCHOR);
    const during = await syncSloAlerts(anchor);
    expect(during.firing).toBeGreaterThan(0);
    const list = async () =>
      (
        await call<{
          alerts: {
            labels: Record<string, string>;
            kind: string;
            status: string;
            pager_eligible: boolean;
            count: number;
          }[];
        }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall })
      ).body.alerts;
    const page = (await list()).find(
      (a) => a.labels.slo === "edge-connect" && a.labels.region === "eu-west" && a.labels.severity === "page",
    )!;
    expect(page).toMatchObject({ kind: "page", pager_eligible: true, status: "firing" });
    await syncSloAlerts(anchor + 60_000);
    expect((await list()).find((a) => a.labels.slo === "edge-connect" && a.labels.severity === "page")!.count).toBe(2); // repeats count, not duplicate
    // Eight hours on, the scenario is over: the page resolves.
    const after = await syncSloAlerts(anchor + 8 * 3_600_000);
    expect(after.resolved).toBeGreaterThan(0);
    expect((await list()).find((a) => a.labels.slo === "edge-connect" && a.labels.severity === "page")!.status).toBe(
      "resolved",
    );
  });
});
