// Mixed load on a real console process (scripts/server.mjs, a production build), on the embedded store
// (PGlite) and on a Postgres server: 31 clients for a fixed time — 10 viewers refreshing the edge
// dashboard, 5 on SLOs, 10 tenants searching logs, 5 on an incident timeline, one agent ingesting 100
// lines every 200 ms — first alone (the baseline, same run), then with one tenant downloading a 24 h
// NDJSON export (100,000 lines) again and again. p50/p95/max and errors per kind.
//   npm run bench -- load [--seconds 60] [--engines pglite,postgres] [--lines 100000]
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild } from "../build";
import { freePort, kill, ready, signInToken, startServer } from "../test/servers.mjs";

const { values: opt } = parseArgs({
  args: process.argv.slice(3),
  options: {
    seconds: { type: "string", default: "60" },
    engines: { type: "string", default: "pglite,postgres" },
    lines: { type: "string", default: "100000" },
  },
});
const SECONDS = Number(opt.seconds);
const LINES = Number(opt.lines);
const root = path.resolve(import.meta.dirname, "../..");

interface Sample {
  kind: string;
  ms: number;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One client: `fn` again and again until the deadline, with `thinkMs` between calls. */
async function client(kind: string, deadline: number, thinkMs: number, out: Sample[], fn: () => Promise<Response>) {
  await sleep(Math.random() * thinkMs);
  while (Date.now() < deadline) {
    const t = performance.now();
    let ok = false;
    try {
      const res = await fn();
      await res.arrayBuffer(); // the whole answer, as a browser would read it
      ok = res.ok;
    } catch {
      ok = false; // reset, refused
    }
    out.push({ kind, ms: performance.now() - t, ok });
    await sleep(thinkMs);
  }
}

function summarise(samples: Sample[]) {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  return kinds.map((kind) => {
    const mine = samples.filter((s) => s.kind === kind);
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? 0;
    return {
      kind,
      n: mine.length,
      errors: mine.filter((s) => !s.ok).length,
      p50: pct(0.5),
      p95: pct(0.95),
      max: ms[ms.length - 1] ?? 0,
    };
  });
}

function print(title: string, rows: ReturnType<typeof summarise>) {
  console.log(`\n${title}`);
  console.log(
    `${"kind".padEnd(22)} ${"n".padStart(6)} ${"errors".padStart(6)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)} ${"max ms".padStart(9)}`,
  );
  for (const r of rows)
    console.log(
      `${r.kind.padEnd(22)} ${String(r.n).padStart(6)} ${String(r.errors).padStart(6)} ${r.p50.toFixed(0).padStart(9)} ${r.p95.toFixed(0).padStart(9)} ${r.max.toFixed(0).padStart(9)}`,
    );
}

async function phase(base: string, tokens: { operator: string; tenant: string; agent: string }, withExport: boolean) {
  const samples: Sample[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const op = { authorization: `Bearer ${tokens.operator}` };
  const tenant = { authorization: `Bearer ${tokens.tenant}` };
  const words = ["timeout", "checkout", "upstream", "payment", "cache"];
  const clients: Promise<void>[] = [];
  for (let i = 0; i < 10; i++)
    clients.push(
      client("edge dashboard", deadline, 1000, samples, () =>
        fetch(`${base}/api/v1/dashboards/edge?from=6h`, { headers: op }),
      ),
    );
  for (let i = 0; i < 5; i++)
    clients.push(client("slos", deadline, 1000, samples, () => fetch(`${base}/api/v1/slos`, { headers: op })));
  for (let i = 0; i < 10; i++)
    clients.push(
      client("tenant log search", deadline, 1000, samples, () =>
        fetch(`${base}/api/v1/orgs/acme/logs?start=1h&q=${words[i % words.length]}&limit=200`, { headers: tenant }),
      ),
    );
  for (let i = 0; i < 5; i++)
    clients.push(
      client("incident timeline", deadline, 1000, samples, () =>
        fetch(`${base}/api/v1/incidents/INC-1/timeline`, { headers: op }),
      ),
    );
  let seq = 0;
  clients.push(
    client("agent ingest", deadline, 200, samples, () => {
      const now = Date.now();
      const batch = Array.from({ length: 100 }, (_, k) => ({
        ts: new Date(now - k).toISOString(),
        org_id: "acme",
        app_id: "web",
        env_id: "production",
        process_type: "web",
        instance_id: "web-load",
        level: "info",
        message: `load ingest ${seq++}`,
      }));
      return fetch(`${base}/api/v1/logs`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.agent}`, "content-type": "application/json" },
        body: JSON.stringify(batch),
      });
    }),
  );
  if (withExport)
    clients.push(
      client("export 24 h (100k)", deadline, 0, samples, () =>
        fetch(`${base}/api/v1/orgs/acme/logs/export?start=24h&app=bulk`, { headers: tenant }),
      ),
    );
  await Promise.all(clients);
  return summarise(samples);
}

async function seedLines(base: string, agent: string) {
  const now = Date.now();
  const span = 23.5 * 3_600_000;
  const words =
    "order payment invoice cart user session cache queue email render timeout retry upstream connect reset refused checkout search".split(
      " ",
    );
  for (let start = 0; start < LINES; start += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, LINES - start) }, (_, k) => {
      const i = start + k;
      return {
        ts: new Date(now - span + Math.floor((i / LINES) * span)).toISOString(),
        org_id: "acme",
        app_id: "bulk",
        env_id: "production",
        process_type: "web",
        instance_id: `bulk-${i % 8}`,
        level: i % 50 === 0 ? "error" : "info",
        message: `${words[i % words.length]} ${words[(i * 7) % words.length]} request ${i} took ${i % 997} ms`,
      };
    });
    const res = await fetch(`${base}/api/v1/logs`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent}`, "content-type": "application/json" },
      body: JSON.stringify(batch),
    });
    if (!res.ok) throw new Error(`seeding lines: ${res.status} ${await res.text()}`);
  }
}

async function runEngine(engine: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-load-"));
  fs.chmodSync(work, 0o755);
  const env: Record<string, string> = {
    DEMO_LOGS: "0",
    DEMO_ALERTS: "0",
    NEXTAUTH_SECRET: "load-bench-secret-load-bench-secret-0123456",
  };
  let pgDir: string | null = null;
  try {
    if (engine === "postgres") {
      pgDir = path.join(work, "pg");
      const url = execFileSync(
        "bash",
        [path.join(root, "scripts/test/pg-cluster.sh"), "start", pgDir, String(await freePort())],
        { encoding: "utf8" },
      ).trim();
      env.DATABASE_URL = url;
      const seeded = spawnSync("npm", ["run", "-s", "db:seed"], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: "inherit",
      });
      if (seeded.status !== 0) throw new Error("seeding Postgres failed");
    } else {
      env.DATA_DIR = path.join(work, "data");
    }
    const server = startServer(await freePort(), env);
    try {
      await ready(server.base, 120_000);
      const operator = await signInToken(server.base, "oncall@demo.local", ["dashboards:read", "incidents:read"]);
      const tenant = await signInToken(server.base, "dev@acme.demo.local", ["logs:read"], "acme");
      const agent = await signInToken(server.base, "admin@demo.local", ["logs:write"]);
      const t = Date.now();
      await seedLines(server.base, agent);
      console.log(
        `\n[${engine}] ${LINES.toLocaleString()} lines ingested in ${((Date.now() - t) / 1000).toFixed(1)} s; ${SECONDS} s per phase`,
      );
      const tokens = { operator, tenant, agent };
      const quiet = await phase(server.base, tokens, false);
      print(`[${engine}] 31 clients, no export (baseline)`, quiet);
      const busy = await phase(server.base, tokens, true);
      print(`[${engine}] 31 clients + one tenant exporting 24 h again and again`, busy);
      return { engine, quiet, busy };
    } finally {
      kill(server, "SIGTERM");
      await sleep(500);
      kill(server);
    }
  } finally {
    if (pgDir) spawnSync("bash", [path.join(root, "scripts/test/pg-cluster.sh"), "stop", pgDir]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export default async function loadBench() {
  ensureBuild();
  const results = [];
  for (const engine of String(opt.engines).split(",")) results.push(await runEngine(engine.trim()));
  console.log("\nSummary (everyone but the exporter): p95 ms / max ms / errors");
  for (const r of results) {
    for (const [label, rows] of [
      ["without export", r.quiet],
      ["with export", r.busy],
    ] as const) {
      const others = rows.filter((x) => !x.kind.startsWith("export"));
      const p95 = Math.max(...others.map((x) => x.p95));
      const max = Math.max(...others.map((x) => x.max));
      const errors = others.reduce((a, x) => a + x.errors, 0);
      const exp = rows.find((x) => x.kind.startsWith("export"));
      console.log(
        `  ${r.engine.padEnd(9)} ${label.padEnd(15)} worst p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms, ${errors} errors${exp ? `; export p50 ${(exp.p50 / 1000).toFixed(1)} s × ${exp.n}` : ""}`,
      );
    }
  }
}
