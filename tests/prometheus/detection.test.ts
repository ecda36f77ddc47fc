// Detection through the real chain: `npm run simulate` → Debian's Prometheus with the console's whole rule
// file (windows and `for` shrunk 30×) → Debian's Alertmanager (Watchdog routed to repeat every 2 s) → the
// console's webhook. New failure scenarios raise their alerts; the Watchdog keeps the pipeline "ok";
// killing the simulator shows "no data" on its panels and raises the absent-signal and target-down
// alerts; killing Alertmanager makes the console page "alerting pipeline silent" — once, with two
// processes checking.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import { freePort, startStack, type Stack } from "../support/stack";
import { checkPipeline } from "@/lib/alerts/pipeline";
import type { Alert } from "@/lib/alerts/contract";
import type { DashboardData, RuleStatusView } from "@/lib/metrics/contract";

withTestDb();

const now = Date.now();
const SCENARIOS = JSON.stringify([
  {
    id: "api-outage",
    kind: "api-outage",
    region: "us-east",
    start: new Date(now - 600_000).toISOString(),
    end: new Date(now + 3_600_000).toISOString(),
  },
  {
    id: "queue",
    kind: "queue-backlog",
    region: "eu-west",
    start: new Date(now - 600_000).toISOString(),
    end: new Date(now + 3_600_000).toISOString(),
  },
  {
    id: "backends",
    kind: "edge-backends-unreachable",
    region: "ap-south",
    start: new Date(now - 600_000).toISOString(),
    end: new Date(now + 3_600_000).toISOString(),
  },
]);

let stack: Stack;
let webhook: http.Server;

beforeAll(async () => {
  const token = await mintToken(USERS.admin, { name: "alertmanager", scopes: ["alerts:write"] });
  webhook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const out = await call("POST", "/api/v1/alerts/alertmanager", {
        rawBody: body,
        headers: { authorization: req.headers.authorization ?? "", "content-type": "application/json" },
      });
      res.writeHead(out.status, { "content-type": "application/json" });
      res.end(out.text);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => webhook.listen(port, "127.0.0.1", r));
  stack = await startStack({
    anchor: new Date(now).toISOString(),
    scenarios: SCENARIOS,
    webhookUrl: `http://127.0.0.1:${port}/api/v1/alerts/alertmanager`,
    webhookToken: token.secret,
    scale: 30,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  webhook?.close();
  delete process.env.PROMETHEUS_URL;
  delete process.env.WATCHDOG_MISSING_MINUTES;
});

async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const open = async () =>
  (await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500&state=open", { as: USERS.oncall })).body.alerts;
const arrived =
  (name: string, labels: Record<string, string> = {}) =>
  async () =>
    (await open()).find((a) => a.name === name && Object.entries(labels).every(([k, v]) => a.labels[k] === v));

describe.sequential("detection through Prometheus and Alertmanager", () => {
  it("raises each scenario's alert, with its severity, runbook and dashboard", async () => {
    const down = await until("ControlPlaneApiDown", 90_000, arrived("ControlPlaneApiDown", { region: "us-east" }));
    expect(down).toMatchObject({
      kind: "page",
      pager_eligible: true,
      labels: { severity: "critical", priority: "P0", service: "control-plane" },
    });
    expect(down.annotations.runbook_url).toBe("http://console.test/runbooks/control-plane-api-down");
    expect(await until("WorkQueueBacklog", 60_000, arrived("WorkQueueBacklog", { region: "eu-west" }))).toMatchObject({
      kind: "ticket",
    });
    expect(
      await until("EdgeBackendsUnreachable", 60_000, arrived("EdgeBackendsUnreachable", { region: "ap-south" })),
    ).toMatchObject({ kind: "page" });
    expect((await open()).some((a) => a.name === "ControlPlaneApiDown" && a.labels.region !== "us-east")).toBe(false);
  }, 120_000);

  it("keeps the pipeline ok while the Watchdog arrives, and shows every rule's state from Prometheus", async () => {
    await until("the Watchdog", 30_000, async () =>
      (await call<{ state: string }>("GET", "/api/v1/alerts/pipeline", { as: USERS.oncall })).body.state === "ok"
        ? true
        : undefined,
    );
    process.env.PROMETHEUS_URL = stack.prometheus;
    try {
      const rules = (
        await call<{ source: string; rules: RuleStatusView[] }>("GET", "/api/v1/alert-rules/state", {
          as: USERS.oncall,
        })
      ).body;
      expect(rules.source).toBe("prometheus");
      expect(rules.rules.filter((r) => r.state === "not_loaded").map((r) => r.name)).toEqual([]);
      expect(rules.rules.find((r) => r.name === "ControlPlaneApiDown")).toMatchObject({
        state: "firing",
        alerts: [{ labels: { region: "us-east" } }],
      });
      expect(rules.rules.find((r) => r.name === "Watchdog")!.state).toBe("firing");
    } finally {
      delete process.env.PROMETHEUS_URL;
    }
  }, 60_000);

  it("when the simulator stops: its panels read no data, and the absent-signal and target-down alerts fire", async () => {
    stack.kill("simulator");
    await until("ScrapeTargetDown", 60_000, arrived("ScrapeTargetDown"));
    const missing = await until(
      "ServiceMetricsMissing for the scheduler",
      60_000,
      arrived("ServiceMetricsMissing", { service: "scheduler", region: "eu-west" }),
    );
    expect(missing.annotations.summary).toContain("has reported no metrics");
    process.env.PROMETHEUS_URL = stack.prometheus;
    process.env.METRICS_MIN_RATE_WINDOW_SECONDS = "10";
    try {
      const d = await call<DashboardData>("GET", "/api/v1/dashboards/control-plane?from=2m&step=5s", {
        as: USERS.oncall,
      });
      const stat = d.body.panels.find((p) => p.id === "scheduler-last-loop")!;
      expect(stat.series).toEqual([]);
      expect(stat.no_data_since).toBeDefined();
      const list = await call<{ dashboards: { slug: string; status: { state: string } }[] }>(
        "GET",
        "/api/v1/dashboards?status=true",
        { as: USERS.oncall },
      );
      for (const d2 of list.body.dashboards) expect(d2.status.state, d2.slug).not.toBe("ok");
    } finally {
      delete process.env.PROMETHEUS_URL;
      delete process.env.METRICS_MIN_RATE_WINDOW_SECONDS;
    }
  }, 120_000);

  it("when Alertmanager stops, the console pages 'alerting pipeline silent' once", async () => {
    process.env.WATCHDOG_MISSING_MINUTES = "1";
    stack.kill("alertmanager");
    const silent = await until("the pipeline to fall silent", 100_000, async () => {
      await Promise.all([checkPipeline(""), checkPipeline("")]);
      return (await open()).filter((a) => a.name === "AlertingPipelineSilent").length ? true : undefined;
    });
    expect(silent).toBe(true);
    await Promise.all([checkPipeline(""), checkPipeline("")]);
    const pages = (await open()).filter((a) => a.name === "AlertingPipelineSilent");
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ kind: "page", pager_eligible: true });
    expect((await call<{ state: string }>("GET", "/api/v1/alerts/pipeline", { as: USERS.oncall })).body.state).toBe(
      "silent",
    );
  }, 120_000);
});
