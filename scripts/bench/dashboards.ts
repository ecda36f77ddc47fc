// Dashboards, four ways:
// 1. the dashboard API over 24 h on the simulator, per dashboard (p95 target ≤ 100 ms), against the bare
//    simulator evaluation of the same panels (baseline, same run); `to` moves 10 s per request like auto-refresh;
// 2. against a real Prometheus holding 25 h of the simulator's history (backfilled with promtool) and scraping
//    `npm run simulate`: console API time ÷ raw PromQL time for the same queries over 24 h and 6 h, same
//    concurrency, same run (target ≤ 1.3×);
// 3. time until every chart of the heaviest dashboard is drawn in headless Chromium (target ≤ 1.5 s);
// 4. first-load JS per route, gzip (targets: dashboards ≤ 300 kB, other routes ≤ 220 kB).
// Parts 3–4 need a build (.next); `npm start` makes one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { SimulatorSource } from "../../lib/metrics/sources";
import { benchCookie, benchDatabase, measure, measurePair, printTable, type Figures } from "./lib";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default async function dashboardsBench(args: string[]) {
  const only = args[0];
  process.env.SIMULATOR_ANCHOR = new Date().toISOString();
  const handle = await benchDatabase();
  const headers = { cookie: await benchCookie("usr_oncall") };
  const { GET } = await import("../../app/api/v1/dashboards/[slug]/route");
  const { DASHBOARDS } = await import("../../lib/metrics/dashboards");

  if (!only || only === "simulator")
    await simulatorPart(
      GET,
      headers,
      DASHBOARDS.map((d) => d.slug),
    );
  if (!only || only === "prometheus")
    await prometheusPart(
      GET,
      headers,
      DASHBOARDS.map((d) => d.slug),
    );
  await handle.close();
  if (!only || only === "browser") await browserPart();
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function simulatorPart(GET: Handler, headers: Record<string, string>, slugs: string[]) {
  const { metricsSource } = await import("../../lib/metrics/sources");
  const { resolveRange } = await import("../../lib/metrics/range");
  const { findDashboard } = await import("../../lib/metrics/dashboards");
  const source = (await metricsSource()) as SimulatorSource;
  const n = 60;
  console.log(`\n1. GET /api/v1/dashboards/{slug}?from=24h on the simulator (n=${n} each, to +10 s per request)`);
  const rows: Figures[] = [];
  for (const slug of slugs) {
    const d = findDashboard(slug)!;
    let to = Date.now();
    rows.push(
      await measure(
        `baseline: evaluate ${slug} panels directly`,
        n,
        async () => {
          to += 10_000;
          const r = resolveRange({ from: new Date(to - 86_400_000).toISOString(), to: new Date(to).toISOString() }, to);
          await Promise.all(
            d.panels.map((p) =>
              p.kind === "timeseries"
                ? source.range(p.query, { window: Math.max(r.step, 60) }, r)
                : source.instant(p.query, { window: 300 }, r.to),
            ),
          );
        },
        5,
      ),
    );
    let t2 = Date.now() + 3_600_000;
    rows.push(
      await measure(
        `API: ${slug}`,
        n,
        async () => {
          t2 += 10_000;
          const q = `from=${new Date(t2 - 86_400_000).toISOString()}&to=${new Date(t2).toISOString()}`;
          const res = await GET(new Request(`http://bench/api/v1/dashboards/${slug}?${q}`, { headers }), {
            params: Promise.resolve({ slug }),
          });
          if (res.status !== 200) throw new Error(`${slug}: ${res.status} ${await res.text()}`);
          await res.text();
        },
        5,
      ),
    );
  }
  printTable(rows);
}

async function prometheusPart(GET: Handler, headers: Record<string, string>, slugs: string[]) {
  const { startStack } = await import("../../tests/support/stack");
  const { findDashboard } = await import("../../lib/metrics/dashboards");
  const { compile } = await import("../../lib/metrics/query");
  const { resolveRange } = await import("../../lib/metrics/range");
  const { isInstantPanel, panelWindow } = await import("../../lib/metrics/panels");
  const backfillStarted = performance.now();
  const stack = await startStack({
    anchor: new Date().toISOString(),
    webhookUrl: "http://127.0.0.1:9/none",
    webhookToken: "none",
    scale: 60,
    historySeconds: 25 * 3600,
  });
  try {
    console.log(
      `\n2. Against Prometheus 2.42 holding 25 h of the simulator's history (backfilled with promtool in ${((performance.now() - backfillStarted) / 1000).toFixed(0)} s, one sample a minute, 1,802 series) and scraping \`npm run simulate\` every second: console API vs raw PromQL (same queries, all panels in parallel, measured in turns)`,
    );
    await new Promise((r) => setTimeout(r, 5_000));
    process.env.PROMETHEUS_URL = stack.prometheus;
    const { reloadEnv } = await import("../../lib/env");
    reloadEnv();
    const rows: Figures[] = [];
    const ratios: string[] = [];
    for (const range of ["24h", "6h"]) {
      const n = range === "24h" ? 20 : 30;
      for (const slug of slugs) {
        const d = findDashboard(slug)!;
        const [raw, api] = await measurePair([`raw PromQL: ${slug} ${range}`, `console API: ${slug} ${range}`], n, [
          async () => {
            const r = resolveRange({ from: range });
            await Promise.all(
              d.panels.map(async (p) => {
                // The same PromQL the console sends for this panel, straight to Prometheus.
                const instant = isInstantPanel(p);
                const query = compile(p.query, { window: panelWindow(p, r.step) });
                const body = new URLSearchParams(
                  instant
                    ? { query, time: String(r.to / 1000) }
                    : { query, start: String(r.from / 1000), end: String(r.to / 1000), step: String(r.step) },
                );
                const res = await fetch(`${stack.prometheus}/api/v1/${instant ? "query" : "query_range"}`, {
                  method: "POST",
                  body,
                });
                const json = (await res.json()) as { status: string; data?: { result: unknown[] } };
                if (json.status !== "success" || (!instant && json.data!.result.length === 0))
                  throw new Error(`${slug}: no data from Prometheus`);
              }),
            );
          },
          async () => {
            const res = await GET(new Request(`http://bench/api/v1/dashboards/${slug}?from=${range}`, { headers }), {
              params: Promise.resolve({ slug }),
            });
            const body = (await res.json()) as { source: string; panels: { error?: string; series: unknown[] }[] };
            if (res.status !== 200 || body.source !== "prometheus" || body.panels.some((p) => p.error))
              throw new Error(`${slug}: ${res.status} from ${body.source}`);
          },
        ]);
        rows.push(raw, api);
        ratios.push(
          `${slug} ${range} ${(api.p50Ms / raw.p50Ms).toFixed(2)}× (p50), ${(api.p95Ms / raw.p95Ms).toFixed(2)}× (p95)`,
        );
      }
    }
    printTable(rows);
    console.log(`console ÷ raw: ${ratios.join("; ")}`);
  } finally {
    delete process.env.PROMETHEUS_URL;
    await stack.stop();
  }
}

async function browserPart() {
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.log("\n3–4. skipped: no build in .next (run `npm start` or `npx next build` first)");
    return;
  }
  const { freePort, kill, ready, startServer } = await import("../test/servers.mjs");
  const { chromium } = await import("playwright");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-bench-"));
  const server = startServer(await freePort(), { DATA_DIR: dataDir, DEMO_LOGS_HOURS: "0", DEMO_ALERTS: "0" });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    await ready(server.base, 120_000);
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${server.base}/login`);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await page.getByLabel("Email", { exact: true }).fill("oncall@demo.local");
    await page.getByLabel("Password", { exact: true }).fill("demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));

    const heaviest = "control-plane";
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = performance.now();
      await page.goto(`${server.base}/dashboards/${heaviest}?from=24h`);
      await page.waitForFunction(
        () => {
          const panels = [...document.querySelectorAll("section[data-panel]")];
          return (
            panels.length > 0 &&
            panels.every((p) =>
              p.querySelector("[data-chart]")
                ? p.querySelector(".chart-line")
                : p.querySelector("[data-testid=stat-value], table tbody tr, ul li"),
            )
          );
        },
        undefined,
        { timeout: 30_000, polling: 16 },
      );
      if (i >= 2) times.push(performance.now() - t); // two warm-ups
    }
    times.sort((a, b) => a - b);
    console.log(
      `\n3. ${heaviest} (15 panels, 24 h) in headless Chromium, navigation → every chart drawn (n=${times.length}): p50 ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, p95 ${times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`,
    );

    console.log("\n4. First-load JS per route (every script the first visit loads, gzip -6 of each body), cold cache:");
    const routes = [
      "/",
      "/dashboards",
      "/dashboards/control-plane",
      "/incidents",
      "/alerts",
      "/orgs/acme/logs?reason=bench",
      "/audit",
      "/tokens",
    ];
    const cookies = await ctx.cookies();
    for (const route of routes) {
      const fresh = await browser.newContext();
      await fresh.addCookies(cookies);
      const p = await fresh.newPage();
      const scripts = new Map<string, number>();
      p.on("response", async (r) => {
        if (r.request().resourceType() !== "script") return;
        try {
          scripts.set(r.url(), zlib.gzipSync(await r.body(), { level: 6 }).length);
        } catch {
          // redirected or aborted
        }
      });
      await p.goto(`${server.base}${route}`);
      await p.waitForLoadState("networkidle");
      const total = [...scripts.values()].reduce((a, b) => a + b, 0);
      console.log(`   ${route.padEnd(32)} ${(total / 1024).toFixed(1).padStart(7)} kB gzip in ${scripts.size} scripts`);
      await fresh.close();
    }
  } finally {
    await browser.close();
    kill(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
