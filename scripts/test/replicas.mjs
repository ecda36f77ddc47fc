// Two console processes on one Postgres server, driven over HTTP:
//  1. an incident timeline entry written through one reaches an SSE viewer of the other within 1 s;
//  2. `npm run simulate --console-url` posts the simulated platform's logs and changes to one of them;
//  3. an unacknowledged page escalates once per step with both processes running the clock;
//  4. limits hold across both, and the sign-in path holds against an attacker (replicas-limits.mjs);
//     the public status page's limit holds across both, and a flood of it does not slow an operator
//     (replicas-public.mjs);
//  5. kill -9 of a server while appends run: after restart, every append that got a 201 is present.
// Usage: DATABASE_URL=… node scripts/test/replicas.mjs OUT.json   (needs a build: npm run build)
import { randomBytes } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import { freePort, kill as killServer, readEvents, ready, signInToken, startServer as start } from "./servers.mjs";
import { limitChecks } from "./replicas-limits.mjs";
import { simulateFeedCheck } from "./simulate-feed.mjs";
import { publicChecks } from "./replicas-public.mjs";

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error("DATABASE_URL is required");
const out = process.argv[2];
const secret = randomBytes(32).toString("base64url");
const results = [];
const check = (name, ok, detail = "") => {
  results.push({ name, ok, detail });
  console.log(`${ok ? "✓" : "✘"} ${name}${detail ? ` — ${detail}` : ""}`);
};

// Pages reach this receiver (the platform's paging webhook), on a one-second escalation clock.
const pages = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    try {
      pages.push(JSON.parse(body));
    } catch {
      // not ours
    }
    res.writeHead(200).end();
  });
});
const receiverPort = await freePort();
await new Promise((r) => receiver.listen(receiverPort, "127.0.0.1", r));
const ESCALATION = {
  ESCALATION_POLICY: JSON.stringify({ critical: { ack_within_s: 1, escalate_after_s: 1 } }),
  ESCALATION_TICK_MS: "200",
  ESCALATION_RETRY_MS: "10",
  PAGING_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/page`,
  OUTBOUND_ALLOW: "127.0.0.1",
};
const startServer = (port) =>
  start(port, {
    DATABASE_URL,
    NEXTAUTH_SECRET: secret,
    LOG_MAX_TAILS_PER_ORG: "3",
    PUBLIC_RATE_PER_MINUTE: "20",
    ...ESCALATION,
  });
const kill = killServer;

const a = startServer(await freePort());
const b = startServer(await freePort());
try {
  await Promise.all([ready(a.base), ready(b.base)]);
  const token = await signInToken(a.base, "ic@demo.local", ["incidents:read", "incidents:write"]);
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const inc = (
    await (
      await fetch(`${a.base}/api/v1/incidents`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ title: "replica test", severity: "sev2" }),
      })
    ).json()
  ).incident;

  // 1. Written through A, seen on B.
  const received = new Map();
  const ctrl = new AbortController();
  const sse = await fetch(`${b.base}/api/v1/incidents/${inc.id}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: ctrl.signal,
  });
  const reading = readEvents(sse, (event, entry, at) => {
    if (event === "entry") received.set(entry.body, at);
  });
  await new Promise((r) => setTimeout(r, 300));
  const sent = new Map();
  for (let i = 0; i < 20; i++) {
    const body = `cross-replica ${i}`;
    sent.set(body, Date.now());
    const r = await fetch(`${a.base}/api/v1/incidents/${inc.id}/timeline`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ kind: "note", body }),
    });
    if (r.status !== 201) throw new Error(`append ${r.status}`);
  }
  await new Promise((r) => setTimeout(r, 1500));
  ctrl.abort();
  await reading;
  const lat = [...sent]
    .map(([body, t]) => (received.has(body) ? received.get(body) - t : Infinity))
    .sort((x, y) => x - y);
  check(
    "entries written through one process reach an SSE viewer of the other",
    lat.every(Number.isFinite),
    `${[...received.keys()].filter((k) => sent.has(k)).length}/20 received`,
  );
  check("…within 1 s", lat[lat.length - 1] < 1000, `max ${lat[lat.length - 1]} ms, median ${lat[10]} ms`);

  // 2. The simulator as a real deployment's test stack would run it (before 4, which locks sign-in from this address).
  await simulateFeedCheck({ a, check, signInToken });

  // 3. Both processes run the escalation clock; each step of an unacknowledged page is sent once.
  {
    const am = await signInToken(a.base, "oncall@demo.local", ["alerts:write"]);
    const fp = `replica-page-${Date.now()}`;
    const alert = {
      status: "firing",
      // The scheduler is the platform team's: its rotation has all three layers.
      labels: { alertname: "ReplicaPage", severity: "page", service: "scheduler", region: "eu-west" },
      annotations: { summary: "replica escalation check", runbook_url: "https://runbooks.example/edge" },
      startsAt: new Date().toISOString(),
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "",
      fingerprint: fp,
    };
    const body = {
      receiver: "ops-console",
      status: "firing",
      version: "4",
      groupKey: fp,
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "",
      truncatedAlerts: 0,
      alerts: [alert],
    };
    await fetch(`${a.base}/api/v1/alerts/alertmanager`, {
      method: "POST",
      headers: { authorization: `Bearer ${am}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await new Promise((r) => setTimeout(r, 5000));
    // The rotation's shadow gets marked copies: not steps.
    const mine = pages.filter((p) => p.type === "page" && p.alert?.name === "ReplicaPage" && !p.shadow);
    const steps = mine.map((p) => p.step);
    check(
      "an unacknowledged page escalates once per step with two processes running the clock",
      JSON.stringify(steps.slice().sort()) === JSON.stringify(["primary", "secondary", "tertiary"]),
      `steps sent: ${steps.join(", ") || "none"}`,
    );
  }

  // 4. Limits across both processes: the public page's, then the sign-in path's (its address lockout last).
  await publicChecks({ a, b, check, signInToken });
  await limitChecks({ a, b, check, signInToken });

  // 5. kill -9 while appends run.
  const acked = [];
  let stop = false;
  const writer = async (w) => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await fetch(`${a.base}/api/v1/incidents/${inc.id}/timeline`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ kind: "note", body: `crash w${w} #${i}` }),
        });
        if (r.status === 201) acked.push((await r.json()).entry.id);
      } catch {
        return; // the server died under us
      }
    }
  };
  const writers = Array.from({ length: 5 }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, 1500));
  kill(a);
  stop = true;
  await Promise.all(writers);
  const a2 = startServer(a.port);
  try {
    await ready(a2.base);
    const entries = (await (await fetch(`${a2.base}/api/v1/incidents/${inc.id}/timeline`, { headers: auth })).json())
      .entries;
    const ids = new Set(entries.map((e) => e.id));
    const missing = acked.filter((id) => !ids.has(id));
    check(
      "after kill -9 and restart, every append that got a 201 is present",
      acked.length > 0 && missing.length === 0,
      `${acked.length} acknowledged, ${missing.length} missing`,
    );
  } finally {
    kill(a2, "SIGTERM");
  }
} catch (err) {
  check("replica test ran", false, String(err?.message ?? err));
} finally {
  kill(a, "SIGTERM");
  kill(b, "SIGTERM");
  receiver.close();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (out)
  fs.writeFileSync(out, JSON.stringify({ passed, failed, failures: results.filter((r) => !r.ok).map((r) => r.name) }));
console.log(`replicas: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
