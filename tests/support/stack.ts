// A real monitoring stack on loopback for the Prometheus suite: `npm run simulate` as the platform,
// Debian's Prometheus scraping it every second with the SLO burn-rate rules (time-compressed), and
// Debian's Alertmanager sending to a webhook URL. Every process is killed in stop().
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ruleFileYaml } from "@/lib/metrics/rule-file";
import { REGIONS } from "@/lib/metrics/regions";
import { createPlatform } from "@/lib/simulator";
import { historyWindow, openMetricsHistory } from "@/lib/simulator/exposition";

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function which(...names: string[]): string {
  for (const n of names)
    for (const dir of ["/usr/bin", "/usr/local/bin", "/usr/sbin"])
      if (fs.existsSync(path.join(dir, n))) return path.join(dir, n);
  throw new Error(
    `${names.join(" or ")} is not installed: apt-get install -y prometheus prometheus-alertmanager (scripts/test/deps.sh does this)`,
  );
}

/**
 * Polls `step` until it answers (not undefined), for at most `ms`: fails at once if `child` exited, else at the
 * deadline with `failure()`; `log` is the children's output, added to either.
 */
async function poll<T>(
  ms: number,
  step: () => Promise<T | undefined>,
  failure: () => string,
  log: () => string,
  child?: { what: string; process: ChildProcess },
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.process.exitCode !== null)
      throw new Error(`${child.what} exited (${child.process.exitCode}):\n${log()}`);
    try {
      const value = await step();
      if (value !== undefined) return value;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${failure()}:\n${log()}`);
}

const waitFor = (url: string, ms: number, what: string, child: ChildProcess, log: () => string) =>
  poll(
    ms,
    async () => ((await fetch(url)).ok ? true : undefined),
    () => `${what} did not become ready at ${url}`,
    log,
    { what, process: child },
  );

/** The port a child printed it listens on (`at http://127.0.0.1:<port>/`): it chose a free one itself. */
const printedPort = (ms: number, what: string, child: ChildProcess, log: () => string) =>
  poll(
    ms,
    async () => {
      const port = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(log())?.[1];
      return port ? Number(port) : undefined;
    },
    () => `${what} did not say where it listens`,
    log,
    { what, process: child },
  );

/** Waits until Prometheus has scraped its one target successfully; else says why it could not. */
function waitScraped(prometheus: string, ms: number, log: () => string) {
  let last = "no scrape yet";
  return poll(
    ms,
    async () => {
      const body = (await (await fetch(`${prometheus}/api/v1/targets`)).json()) as {
        data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] };
      };
      const t = body.data.activeTargets[0];
      if (t && t.health !== "up") last = `${t.scrapeUrl}: ${t.health} ${t.lastError}`;
      return t?.health === "up" ? true : undefined;
    },
    () => `Prometheus could not scrape the simulator (${last})`,
    log,
  );
}

export interface Stack {
  simulator: string;
  prometheus: string;
  alertmanager: string;
  /** When the simulator started (ms). */
  started: number;
  /** Kills one part of the chain, as an outage would. */
  kill(part: "simulator" | "alertmanager"): void;
  stop(): Promise<void>;
}

/** Writes the simulator's history before `to` into a Prometheus TSDB with promtool, as the scrapes of `instance` would have. */
async function backfill(
  tsdb: string,
  dir: string,
  o: { anchor: string; scenarios?: string; window: { from: number; to: number }; instance: string },
) {
  const file = path.join(dir, "history.om");
  const fd = fs.openSync(file, "w");
  const platform = createPlatform({ seed: 42, anchor: Date.parse(o.anchor), scenariosJson: o.scenarios });
  for (const chunk of openMetricsHistory(platform, o.window, { job: "platform", instance: o.instance }))
    fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  const promtool = which("promtool");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(promtool, ["tsdb", "create-blocks-from", "openmetrics", file, tsdb], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`promtool backfill failed (${code}):\n${err}`)),
    );
  });
  fs.rmSync(file);
}

/** `historySeconds`: Prometheus starts with that much of the simulator's history (a sample each whole minute, up to the minute before the stack started) already stored. */
export async function startStack(opts: {
  anchor: string;
  scenarios?: string;
  webhookUrl: string;
  webhookToken: string;
  scale: number;
  historySeconds?: number;
}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-prom-"));
  // The simulator picks its own port and says which: a port found free here could be taken before a child binds it.
  const [promPort, amPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const logs = new Map<ChildProcess, string>();
  const run = (cmd: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    logs.set(child, "");
    const keep = (b: Buffer) => logs.set(child, (logs.get(child)! + b.toString()).slice(-4000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const c of children) {
      try {
        process.kill(-c.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const tsx = path.resolve("node_modules/.bin/tsx");
    const started = Date.now();
    const sim = run(tsx, ["--conditions=react-server", "scripts/simulate.ts", "--port", "0"], {
      SIMULATOR_ANCHOR: opts.anchor,
      ...(opts.scenarios ? { SIMULATOR_SCENARIOS: opts.scenarios } : {}),
    });
    const simPort = await printedPort(30_000, "the simulator", sim, () => logs.get(sim)!);
    await waitFor(`http://127.0.0.1:${simPort}/metrics`, 30_000, "the simulator", sim, () => logs.get(sim)!);

    fs.writeFileSync(
      path.join(dir, "rules.yml"),
      ruleFileYaml({ scale: opts.scale, consoleUrl: "http://console.test", regions: REGIONS }),
    );
    fs.writeFileSync(
      path.join(dir, "alertmanager.yml"),
      JSON.stringify({
        route: {
          receiver: "console",
          group_by: ["alertname", "slo", "region", "severity", "service"],
          group_wait: "1s",
          group_interval: "1s",
          repeat_interval: "1h",
          // The dead man's switch is sent again and again: its arrivals are the pipeline's heartbeat.
          routes: [
            {
              matchers: ['alertname="Watchdog"'],
              receiver: "console",
              group_wait: "0s",
              group_interval: "1s",
              repeat_interval: "2s",
            },
          ],
        },
        receivers: [
          {
            name: "console",
            webhook_configs: [
              {
                url: opts.webhookUrl,
                send_resolved: true,
                http_config: { authorization: { type: "Bearer", credentials: opts.webhookToken } },
              },
            ],
          },
        ],
      }),
    );
    const am = run(which("prometheus-alertmanager", "alertmanager"), [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${path.join(dir, "am")}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      "--cluster.listen-address=",
    ]);
    fs.writeFileSync(
      path.join(dir, "prometheus.yml"),
      JSON.stringify({
        global: { scrape_interval: "1s", evaluation_interval: "1s" },
        rule_files: [path.join(dir, "rules.yml")],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        scrape_configs: [{ job_name: "platform", static_configs: [{ targets: [`127.0.0.1:${simPort}`] }] }],
      }),
    );
    if (opts.historySeconds) {
      await backfill(path.join(dir, "tsdb"), dir, {
        anchor: opts.anchor,
        scenarios: opts.scenarios,
        window: historyWindow(started, opts.historySeconds),
        instance: `127.0.0.1:${simPort}`,
      });
    }
    const prom = run(which("prometheus"), [
      // Alerts resent every second (Prometheus's default is a minute): the Watchdog's heartbeat, at test speed.
      "--rules.alert.resend-delay=1s",
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);
    await waitFor(`http://127.0.0.1:${amPort}/-/ready`, 30_000, "Alertmanager", am, () => logs.get(am)!);
    await waitFor(`http://127.0.0.1:${promPort}/-/ready`, 30_000, "Prometheus", prom, () => logs.get(prom)!);
    await waitScraped(`http://127.0.0.1:${promPort}`, 30_000, () => `${logs.get(prom)!}\n${logs.get(sim)!}`);
    const kill = (part: "simulator" | "alertmanager") => {
      const child = part === "simulator" ? sim : am;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
    };
    return {
      simulator: `http://127.0.0.1:${simPort}`,
      prometheus: `http://127.0.0.1:${promPort}`,
      alertmanager: `http://127.0.0.1:${amPort}`,
      started,
      kill,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
