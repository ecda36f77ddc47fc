// The real chain: `npm run simulate` → Debian's Prometheus (scraping every second, with the SLO burn-rate
// rules compiled from lib/metrics, windows shrunk 30×: the shortest, 5m, becomes 10 s, so one scrape missed
// on a loaded machine cannot empty it and resolve a page that is still burning) → Debian's Alertmanager →
// the console's webhook route over HTTP with a bearer token. Also: every panel's PromQL runs on Prometheus,
// and for the same instant and window Prometheus and the in-process simulator agree.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import { freePort, startStack, type Stack } from "../support/stack";
import { createPlatform } from "@/lib/simulator";
import { DASHBOARDS } from "@/lib/metrics/dashboards";
import { SLOS } from "@/lib/metrics/slo";
import { PrometheusSource, SimulatorSource } from "@/lib/metrics/sources";
import type { Sample } from "@/lib/metrics/query";
import type { Alert } from "@/lib/alerts/contract";
import type { DashboardData, Slo } from "@/lib/metrics/contract";

withTestDb();

const now = Date.now();
const ANCHOR = new Date(now).toISOString();
/** eu-west edge connects fail at full strength from 10 minutes ago until 80 s after the stack starts. */
const SCENARIO_END = now + 80_000;
const SCENARIOS = JSON.stringify([
  {
    id: "edge-eu-west",
    kind: "edge-connect-degradation",
    region: "eu-west",
    start: new Date(now - 600_000).toISOString(),
    end: new Date(SCENARIO_END).toISOString(),
    keyframes: [
      [0, 1],
      [60, 1],
    ],
  },
]);
/** Relative tolerance for Prometheus vs simulator (rate extrapolation at the window edges), and an absolute floor. */
const REL = 0.02;
const ABS = 1e-6;

let stack: Stack;
let webhook: http.Server;
const deliveries: { status: number; alerts: number }[] = [];

beforeAll(async () => {
  const token = await mintToken(USERS.admin, { name: "alertmanager", scopes: ["alerts:write"] });
  // The console's real route behind a real HTTP listener, so Alertmanager posts to it as it would in production.
  webhook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const out = await call("POST", "/api/v1/alerts/alertmanager", {
        rawBody: body,
        headers: { authorization: req.headers.authorization ?? "", "content-type": "application/json" },
      });
      deliveries.push({ status: out.status, alerts: (JSON.parse(body) as { alerts: unknown[] }).alerts.length });
      res.writeHead(out.status, { "content-type": "application/json" });
      res.end(out.text);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => webhook.listen(port, "127.0.0.1", r));
  stack = await startStack({
    anchor: ANCHOR,
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

const edgePage = async () => {
  const res = await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall });
  return res.body.alerts.find(
    (a) => a.labels.slo === "edge-connect" && a.labels.region === "eu-west" && a.labels.severity === "page",
  );
};

const key = (l: Record<string, string>) =>
  JSON.stringify(
    Object.entries(l)
      .filter(([k]) => k !== "__name__")
      .sort(),
  );

function agree(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isFinite(a) === Number.isFinite(b);
  return Math.abs(a - b) <= Math.max(ABS, REL * Math.max(Math.abs(a), Math.abs(b)));
}

describe.sequential("Prometheus and Alertmanager against the simulator", () => {
  it("a burn-rate page reaches the console through Alertmanager", async () => {
    const alert = await until("the edge-connect page", 90_000, edgePage);
    expect(alert).toMatchObject({ kind: "page", pager_eligible: true, status: "firing", name: "SLOErrorBudgetBurn" });
    expect(alert.annotations.runbook_url).toBe("http://console.test/runbooks/edge-connect-failures");
    expect(alert.annotations.summary).toContain("eu-west");
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
  }, 100_000);

  it("every panel of every dashboard and every SLO query agrees with the simulator at the same instant", async () => {
    // An instant well inside a minute (the simulator's rates and gauges step each minute) with 20 s of data behind it.
    // Prometheus must also hold every scrape of that window (up == 1 each second): a scrape missed or timed out on a loaded machine makes rate()
    // extrapolate over a gap, which is a property of the scrape, not drift between the sources.
    const prom = new PrometheusSource(stack.prometheus);
    const T = await until("an instant mid-minute with a gap-free window of scrapes", 90_000, async () => {
      const t = Date.now() - 1500;
      const s = (t / 1000) % 60;
      if (!(t - 25_000 > stack.started && s >= 26 && s <= 52)) return undefined;
      const at = String(t / 1000);
      const [count, last] = await Promise.all([
        prom.call("query", { query: 'sum_over_time(up{job="platform"}[21s])', time: at }),
        prom.call("query", { query: 'timestamp(up{job="platform"} == 1)', time: at }),
      ]);
      const scrapes = Number(count.result[0]?.value?.[1] ?? 0);
      const lastAt = Number(last.result[0]?.value?.[1] ?? 0) * 1000;
      return scrapes >= 21 && t - lastAt <= 1200 ? t : undefined;
    });
    const sim = new SimulatorSource(createPlatform({ seed: 42, anchor: Date.parse(ANCHOR), scenariosJson: SCENARIOS }));
    const o = { window: 20 };
    const queries = [
      ...DASHBOARDS.flatMap((d) => d.panels.map((p) => ({ name: `${d.slug}/${p.id}`, q: p.query }))),
      ...SLOS.map((s) => ({ name: `slo ${s.id}`, q: s.errorRatio })),
    ];
    const problems: string[] = [];
    let compared = 0;
    for (const { name, q } of queries) {
      const [p, s]: [Sample[], Sample[]] = await Promise.all([prom.instant(q, o, T), sim.instant(q, o, T)]);
      if (p.length === 0) problems.push(`${name}: no data from Prometheus`);
      const byKey = new Map(p.map((x) => [key(x.labels), x.value]));
      for (const x of s) {
        const pv = byKey.get(key(x.labels));
        compared++;
        if (pv === undefined) problems.push(`${name} ${key(x.labels)}: missing in Prometheus`);
        else if (!agree(pv, x.value))
          problems.push(`${name} ${key(x.labels)}: Prometheus ${pv} vs simulator ${x.value}`);
      }
      if (p.length !== s.length)
        problems.push(`${name}: ${p.length} series from Prometheus, ${s.length} from the simulator`);
    }
    expect(problems.join("\n")).toBe("");
    expect(compared).toBeGreaterThan(500);
  }, 120_000);

  it("serves every dashboard and the SLOs through PrometheusSource with no panel errors", async () => {
    process.env.PROMETHEUS_URL = stack.prometheus;
    process.env.METRICS_MIN_RATE_WINDOW_SECONDS = "10";
    try {
      for (const d of DASHBOARDS) {
        const res = await call<DashboardData>("GET", `/api/v1/dashboards/${d.slug}?from=60s&step=5s`, {
          as: USERS.oncall,
        });
        expect(res.status).toBe(200);
        expect(res.body.source).toBe("prometheus");
        for (const p of res.body.panels) {
          expect(p.error, `${d.slug}/${p.id}`).toBeUndefined();
          expect(p.series.length, `${d.slug}/${p.id}`).toBeGreaterThan(0);
        }
      }
      const slos = await call<{ slos: Slo[] }>("GET", "/api/v1/slos", { as: USERS.oncall });
      expect(slos.status).toBe(200);
      expect(slos.body.slos).toHaveLength(12);
      if (Date.now() < SCENARIO_END)
        expect(slos.body.slos.find((s) => s.id === "edge-connect:eu-west")!.burn_rates["5m"]).toBeGreaterThan(14.4);
      expect(slos.body.slos.find((s) => s.id === "api-availability:us-east")!.sli).toBeGreaterThan(0.99);
    } finally {
      delete process.env.PROMETHEUS_URL;
      delete process.env.METRICS_MIN_RATE_WINDOW_SECONDS;
    }
  }, 60_000);

  it("when the degradation ends, Alertmanager's resolution closes the page", async () => {
    const resolved = await until("the page to resolve", 150_000, async () => {
      const a = await edgePage();
      return a?.status === "resolved" ? a : undefined;
    });
    expect(resolved.resolved_at).not.toBeNull();
    expect(Date.parse(resolved.resolved_at!)).toBeGreaterThan(SCENARIO_END);
  }, 160_000);
});
