// npm run simulate — the platform simulator as a stand-in platform: Prometheus exposition at /metrics
// for a real Prometheus to scrape, the active scenarios at /scenarios, and the console's alerting and
// recording rules at /rules (or printed with --rules, as YAML). Binds to 127.0.0.1.
// `--history 24h` prints that much history as OpenMetrics instead, for promtool's backfill.
// `--console-url URL` (with CONSOLE_TOKEN: a platform token holding logs:write, changes:write,
// events:write and traces:write) also posts the same platform's logs, change events, platform events and traces (OTLP) to that console — the last `--backfill` (1h) first,
// then every 5 s — so a real deployment's test stack has the demo's story end to end.
//   SIMULATOR_PORT (9464; 0: any free port, printed) SIMULATOR_SEED (42) SIMULATOR_ANCHOR (ISO; default now) SIMULATOR_SCENARIOS (JSON)
//   CONSOLE_URL, CONSOLE_TOKEN, SIMULATE_TENANT_LINES_PER_SECOND (3)
import http from "node:http";
import { createPlatform } from "@/lib/simulator";
import { exposition, historyWindow, openMetricsHistory } from "@/lib/simulator/exposition";
import { intensity } from "@/lib/simulator/scenarios";
import { ruleFileYaml } from "@/lib/metrics/rule-file";
import { REGIONS } from "@/lib/metrics/regions";
import { follow, writeWindow, type FeedSink } from "@/lib/simulator/feed";
import { EVENTS_MAX_BATCH } from "@/lib/events/contract";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = Number(arg("scale") ?? 1);

if (args.includes("--rules")) {
  process.stdout.write(
    ruleFileYaml({
      scale,
      consoleUrl: arg("console-url"),
      regions: process.env.METRICS_REGIONS?.split(",") ?? REGIONS,
    }),
  );
  process.exit(0);
}

const port = Number(arg("port") ?? process.env.SIMULATOR_PORT ?? 9464);
const seed = Number(arg("seed") ?? process.env.SIMULATOR_SEED ?? 42);
const anchorArg = arg("anchor") ?? process.env.SIMULATOR_ANCHOR;
const anchor = anchorArg ? Date.parse(anchorArg) : Date.now();
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be a TCP port (0: any free one)");
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
    res.end(
      JSON.stringify(
        {
          now: new Date(now).toISOString(),
          scenarios: platform.scenarios.map((s) => ({
            ...s,
            start: new Date(s.start).toISOString(),
            end: new Date(s.end).toISOString(),
            intensity: intensity(s, now),
          })),
        },
        null,
        2,
      ),
    );
  } else if (url.pathname === "/rules") {
    res.writeHead(200, { "content-type": "application/yaml" });
    res.end(ruleFileYaml({ scale: Number(url.searchParams.get("scale") ?? scale), regions: REGIONS }));
  } else {
    res.writeHead(url.pathname === "/" ? 200 : 404, { "content-type": "text/plain" });
    res.end("Ops Console platform simulator: /metrics (Prometheus exposition), /scenarios, /rules\n");
  }
});
server.listen(port, "127.0.0.1", () => {
  const bound = (server.address() as { port: number }).port;
  console.log(
    `Simulator serving ${platform.series.length} series at http://127.0.0.1:${bound}/metrics (seed ${seed}, anchor ${new Date(anchor).toISOString()})`,
  );
});
const consoleUrl = arg("console-url") ?? process.env.CONSOLE_URL;
let stopFeed = () => {};
if (consoleUrl) {
  const token = process.env.CONSOLE_TOKEN;
  if (!token)
    throw new Error(
      "--console-url needs CONSOLE_TOKEN: a platform token with logs:write, changes:write, events:write and traces:write",
    );
  const m = /^(\d{1,4})(m|h)$/.exec(arg("backfill") ?? "1h");
  if (!m) throw new Error("--backfill takes a duration like 30m or 6h");
  const sink = httpSink(consoleUrl.replace(/\/+$/, ""), token);
  const options = { tenantPerSecond: Number(process.env.SIMULATE_TENANT_LINES_PER_SECOND ?? 3) };
  const now = Date.now();
  const from = now - Number(m[1]) * (m[2] === "h" ? 3_600_000 : 60_000);
  const n = await writeWindow(platform, sink, from, now, { ...options, backfill: true });
  console.log(
    `Posted ${n.platform} platform lines, ${n.tenant} tenant lines, ${n.changes} changes, ${n.events} platform events and ${n.spans} spans of history to ${consoleUrl}; following every 5 s.`,
  );
  stopFeed = follow(platform, sink, now, {
    ...options,
    tickMs: 5000,
    onError: (err) => console.error(`posting to ${consoleUrl}:`, err.message),
  });
}

/** Posts through the console's public API, in batches its ingest accepts; any refusal is an error that names the response. */
function httpSink(base: string, token: string): FeedSink {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  };
  const batches = async (path: string, items: unknown[]) => {
    for (let i = 0; i < items.length; i += 2000) await post(path, items.slice(i, i + 2000));
  };
  return {
    tenant: (lines) => batches("/api/v1/logs", lines),
    platform: (lines) => batches("/api/v1/platform/logs", lines),
    changes: async (posts) => {
      for (const body of posts) await post("/api/v1/changes", body);
    },
    events: async (events) => {
      for (let i = 0; i < events.length; i += EVENTS_MAX_BATCH)
        await post("/api/v1/platform/events", { events: events.slice(i, i + EVENTS_MAX_BATCH) });
    },
    traces: async (requests) => {
      for (const r of requests) await post("/api/v1/platform/otlp/v1/traces", r);
    },
  };
}

const stop = () => {
  stopFeed();
  server.close(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
