// Helpers to run real console processes (scripts/server.mjs) on loopback and sign in to them over HTTP.
import { spawn } from "node:child_process";
import net from "node:net";
import { EventSourceParserStream } from "eventsource-parser/stream";

export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** The console's server (scripts/server.mjs) in its own process group (so kill() reaches every process it forks). */
export function startServer(port, env) {
  const child = spawn(process.execPath, ["scripts/server.mjs"], {
    env: {
      ...process.env,
      ...env,
      HOST: "127.0.0.1",
      PORT: String(port),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  return { port, child, base: `http://127.0.0.1:${port}` };
}

export async function ready(base, ms = 60_000) {
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

export function kill(server, signal = "SIGKILL") {
  try {
    process.kill(-server.child.pid, signal);
  } catch {
    // already gone
  }
}

/** Signs in with a demo account and mints an API token with the given scopes (bound to `org` when given). */
export async function signInToken(base, email, scopes, org) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const cookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: "demo", json: "true" }),
  });
  const session = [...cookies, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  const tok = await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { cookie: session, "content-type": "application/json" },
    body: JSON.stringify({ name: `test-${Date.now()}`, scopes, ...(org ? { org_id: org } : {}) }),
  });
  if (tok.status !== 201) throw new Error(`token: ${tok.status} ${await tok.text()}`);
  return (await tok.json()).token.secret;
}

/** Reads an SSE response, calling onEvent(name, data, receivedAt) for each event. */
export async function readEvents(res, onEvent) {
  try {
    for await (const ev of res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())) {
      if (ev.event && ev.data) onEvent(ev.event, JSON.parse(ev.data), Date.now());
    }
  } catch {
    // aborted or cut
  }
}
