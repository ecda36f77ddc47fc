// Incident timeline benchmark: append latency at 200 appends/s for 60 s (open loop) on Postgres and
// PGlite, and delivery to 100 SSE viewers spread over two console processes sharing Postgres.
//   npm run bench -- timeline [--seconds 60] [--rate 200] [--viewers 100]
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb, type DbHandle } from "../../lib/db/client";
import { benchCookie, benchDatabase } from "./lib";
import { freePort, kill, readEvents, ready, signInToken, startServer } from "../test/servers.mjs";

const { values: opt } = parseArgs({
  args: process.argv.slice(3),
  options: {
    seconds: { type: "string", default: "60" },
    rate: { type: "string", default: "200" },
    viewers: { type: "string", default: "100" },
  },
});
const SECONDS = Number(opt.seconds);
const RATE = Number(opt.rate);
const VIEWERS = Number(opt.viewers);

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const f = (ms: number) => `${ms.toFixed(1)} ms`;

async function appendLatency(name: string, handle: DbHandle) {
  await benchDatabase(handle);
  const { POST: declare } = await import("../../app/api/v1/incidents/route");
  const { POST: append } = await import("../../app/api/v1/incidents/[id]/timeline/route");
  const cookie = await benchCookie("usr_ic");
  const headers = { cookie, "content-type": "application/json" };
  const res = await declare(
    new Request("http://bench/api/v1/incidents", {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "bench", severity: "sev1" }),
    }),
    { params: Promise.resolve({}) },
  );
  const { incident } = (await res.json()) as { incident: { id: string } };
  const params = { params: Promise.resolve({ id: incident.id }) };
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  const total = SECONDS * RATE;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      (async () => {
        const t = performance.now();
        const r = await append(
          new Request(`http://bench/api/v1/incidents/${incident.id}/timeline`, {
            method: "POST",
            headers,
            body: JSON.stringify({ kind: "note", body: `bench entry ${i}` }),
          }),
          params,
        );
        await r.text();
        if (r.status === 201) latencies.push(performance.now() - t);
        else errors++;
      })(),
    );
  }
  await Promise.all(inflight);
  const achieved = total / ((performance.now() - started) / 1000);
  console.log(
    `${name}: ${total} appends at ${RATE}/s for ${SECONDS} s (achieved ${achieved.toFixed(0)}/s, ${errors} errors): p50 ${f(pct(latencies, 0.5))} p95 ${f(pct(latencies, 0.95))} p99 ${f(pct(latencies, 0.99))} max ${f(pct(latencies, 1))}`,
  );
  const { closeRealtime } = await import("../../lib/realtime/bus");
  await closeRealtime();
  await handle.close();
}

async function fanOut(url: string) {
  const env = { DATABASE_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };
  const a = startServer(await freePort(), env);
  const b = startServer(await freePort(), env);
  try {
    await Promise.all([ready(a.base), ready(b.base)]);
    const token = await signInToken(a.base, "ic@demo.local", ["incidents:read", "incidents:write"]);
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const inc = (
      (await (
        await fetch(`${a.base}/api/v1/incidents`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ title: "fan-out bench", severity: "sev2" }),
        })
      ).json()) as { incident: { id: string } }
    ).incident;
    const sentAt = new Map<string, number>();
    const delays: number[] = [];
    const ctrl = new AbortController();
    const readers: Promise<void>[] = [];
    for (let v = 0; v < VIEWERS; v++) {
      const base = v % 2 ? b.base : a.base;
      const res = await fetch(`${base}/api/v1/incidents/${inc.id}/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: ctrl.signal,
      });
      readers.push(
        readEvents(res, (event: string, data: unknown, at: number) => {
          const body = (data as { body?: string }).body;
          if (event === "entry" && body && sentAt.has(body)) delays.push(at - sentAt.get(body)!);
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
    const entries = 150;
    for (let i = 0; i < entries; i++) {
      const body = `fan-out ${i}`;
      sentAt.set(body, Date.now());
      await fetch(`${a.base}/api/v1/incidents/${inc.id}/timeline`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ kind: "note", body }),
      });
      await new Promise((r) => setTimeout(r, 50)); // 20 entries a second
    }
    await new Promise((r) => setTimeout(r, 2000));
    ctrl.abort();
    await Promise.all(readers);
    console.log(
      `fan-out: ${VIEWERS} SSE viewers over 2 processes, ${entries} entries at 20/s written through one: ${delays.length}/${VIEWERS * entries} deliveries, p50 ${f(pct(delays, 0.5))} p95 ${f(pct(delays, 0.95))} p99 ${f(pct(delays, 0.99))} max ${f(pct(delays, 1))}`,
    );
  } finally {
    kill(a, "SIGTERM");
    kill(b, "SIGTERM");
  }
}

export default async function timelineBench() {
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  if (!fs.existsSync(".next/BUILD_ID")) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-bench-"));
  fs.chmodSync(dir, 0o755);
  const url = execFileSync("bash", ["scripts/test/pg-cluster.sh", "start", path.join(dir, "pg"), "55433"], {
    encoding: "utf8",
    env: {
      ...process.env,
      PG_EXTRA_OPTS: "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=1GB",
    },
  }).trim();
  try {
    await appendLatency("postgres", openDb({ databaseUrl: url, poolSize: 10 }));
    await fanOut(url);
    await appendLatency("pglite", openDb({ dataDir: path.join(dir, "pglite") }));
  } finally {
    execFileSync("bash", ["scripts/test/pg-cluster.sh", "stop", path.join(dir, "pg")]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
