// npm run simulate — the platform simulator as a stand-in platform: Prometheus exposition at /metrics
// for a real Prometheus to scrape, the active scenarios at /scenarios, and the SLO alerting rules at
// /rules (or printed with --rules). Binds to 127.0.0.1.
// `--history 24h` prints that much history as OpenMetrics instead, for promtool's backfill.
//   SIMULATOR_PORT (9464) SIMULATOR_SEED (42) SIMULATOR_ANCHOR (ISO; default now) SIMULATOR_SCENARIOS (JSON)
import http from "node:http";
import { createPlatform } from "@/lib/simulator";
import { exposition, historyWindow, openMetricsHistory } from "@/lib/simulator/exposition";
import { intensity } from "@/lib/simulator/scenarios";
import { sloAlertRules } from "@/lib/metrics/rules";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = Number(arg("scale") ?? 1);

if (args.includes("--rules")) {
  process.stdout.write(JSON.stringify(sloAlertRules({ scale, consoleUrl: arg("console-url") }), null, 2) + "\n");
  process.exit(0);
}

const port = Number(arg("port") ?? process.env.SIMULATOR_PORT ?? 9464);
const seed = Number(arg("seed") ?? process.env.SIMULATOR_SEED ?? 42);
const anchorArg = arg("anchor") ?? process.env.SIMULATOR_ANCHOR;
const anchor = anchorArg ? Date.parse(anchorArg) : Date.now();
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("--port must be a TCP port");
if (Number.isNaN(anchor)) throw new Error("SIMULATOR_ANCHOR must be an ISO-8601 time");

const platform = createPlatform({ seed, anchor, scenariosJson: process.env.SIMULATOR_SCENARIOS });

const history = arg("history");
if (history !== undefined) {
  // --history 24h: the last 24 h, one sample a minute, as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`.
  const m = /^(\d{1,4})(m|h|d)$/.exec(history);
  if (!m) throw new Error("--history takes a duration like 90m, 24h or 7d");
  const window = historyWindow(Date.now(), Number(m[1]) * { m: 60, h: 3600, d: 86_400 }[m[2] as "m"]);
  const labels = { job: arg("job") ?? "platform", instance: arg("instance") ?? `127.0.0.1:${port}` };
  for (const chunk of openMetricsHistory(platform, window, labels)) {
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once("drain", r));
  }
  process.exit(0);
}
const origin = Date.now();

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const now = Date.now();
  if (url.pathname === "/metrics") {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
    res.end(exposition(platform, origin, now));
  } else if (url.pathname === "/scenarios") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ now: new Date(now).toISOString(), scenarios: platform.scenarios.map((s) => ({ ...s, start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), intensity: intensity(s, now) })) }, null, 2));
  } else if (url.pathname === "/rules") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(sloAlertRules({ scale: Number(url.searchParams.get("scale") ?? scale) }), null, 2));
  } else {
    res.writeHead(url.pathname === "/" ? 200 : 404, { "content-type": "text/plain" });
    res.end("Ops Console platform simulator: /metrics (Prometheus exposition), /scenarios, /rules\n");
  }
});
server.listen(port, "127.0.0.1", () => {
  console.log(`Simulator serving ${platform.series.length} series at http://127.0.0.1:${port}/metrics (seed ${seed}, anchor ${new Date(anchor).toISOString()})`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
