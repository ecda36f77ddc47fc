// Two console processes on one Postgres server, driven over HTTP:
//  1. an incident timeline entry written through one reaches an SSE viewer of the other within 1 s;
//  2. kill -9 of a server while appends run: after restart, every append that got a 201 is present.
// Usage: DATABASE_URL=… node scripts/test/replicas.mjs OUT.json   (needs a build: npm run build)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) throw new Error("DATABASE_URL is required");
const out = process.argv[2];
const secret = randomBytes(32).toString("base64url");
const results = [];
const check = (name, ok, detail = "") => {
  results.push({ name, ok, detail });
  console.log(`${ok ? "✓" : "✘"} ${name}${detail ? ` — ${detail}` : ""}`);
};

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function startServer(port) {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, DATABASE_URL, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  return { port, child, base: `http://127.0.0.1:${port}` };
}

async function ready(base, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/v1/ready`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} did not become ready`);
}

const kill = (s, signal = "SIGKILL") => {
  try {
    process.kill(-s.child.pid, signal);
  } catch {
    // gone
  }
};

async function signInToken(base) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const cookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email: "ic@demo.local", password: "demo", json: "true" }),
  });
  const session = [...cookies, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  const tok = await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { cookie: session, "content-type": "application/json" }, body: JSON.stringify({ name: "replicas", scopes: ["incidents:read", "incidents:write"] }) });
  if (tok.status !== 201) throw new Error(`token: ${tok.status} ${await tok.text()}`);
  return (await tok.json()).token.secret;
}

const a = startServer(await freePort());
const b = startServer(await freePort());
try {
  await Promise.all([ready(a.base), ready(b.base)]);
  const token = await signInToken(a.base);
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const inc = (await (await fetch(`${a.base}/api/v1/incidents`, { method: "POST", headers: auth, body: JSON.stringify({ title: "replica test", severity: "sev2" }) })).json()).incident;

  // 1. Written through A, seen on B.
  const received = new Map();
  const ctrl = new AbortController();
  const sse = await fetch(`${b.base}/api/v1/incidents/${inc.id}/events`, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
  const reading = (async () => {
    const dec = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of sse.body) {
        buf += dec.decode(chunk, { stream: true });
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!block.includes("event: entry")) continue;
          const entry = JSON.parse(block.slice(block.indexOf("data: ") + 6));
          received.set(entry.body, Date.now());
        }
      }
    } catch {
      // aborted
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const sent = new Map();
  for (let i = 0; i < 20; i++) {
    const body = `cross-replica ${i}`;
    sent.set(body, Date.now());
    const r = await fetch(`${a.base}/api/v1/incidents/${inc.id}/timeline`, { method: "POST", headers: auth, body: JSON.stringify({ kind: "note", body }) });
    if (r.status !== 201) throw new Error(`append ${r.status}`);
  }
  await new Promise((r) => setTimeout(r, 1500));
  ctrl.abort();
  await reading;
  const lat = [...sent].map(([body, t]) => (received.has(body) ? received.get(body) - t : Infinity)).sort((x, y) => x - y);
  check("entries written through one process reach an SSE viewer of the other", lat.every(Number.isFinite), `${[...received.keys()].filter((k) => sent.has(k)).length}/20 received`);
  check("…within 1 s", lat[lat.length - 1] < 1000, `max ${lat[lat.length - 1]} ms, median ${lat[10]} ms`);

  // 2. kill -9 while appends run.
  const acked = [];
  let stop = false;
  const writer = async (w) => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await fetch(`${a.base}/api/v1/incidents/${inc.id}/timeline`, { method: "POST", headers: auth, body: JSON.stringify({ kind: "note", body: `crash w${w} #${i}` }) });
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
    const entries = (await (await fetch(`${a2.base}/api/v1/incidents/${inc.id}/timeline`, { headers: auth })).json()).entries;
    const ids = new Set(entries.map((e) => e.id));
    const missing = acked.filter((id) => !ids.has(id));
    check("after kill -9 and restart, every append that got a 201 is present", acked.length > 0 && missing.length === 0, `${acked.length} acknowledged, ${missing.length} missing`);
  } finally {
    kill(a2, "SIGTERM");
  }
} catch (err) {
  check("replica test ran", false, String(err?.message ?? err));
} finally {
  kill(a, "SIGTERM");
  kill(b, "SIGTERM");
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (out) fs.writeFileSync(out, JSON.stringify({ passed, failed }));
console.log(`replicas: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
