// Limits across two console processes on one Postgres, probed over HTTP as a client would, and the
// sign-in path as an attacker would: the tail limit and the sign-in throttle count on both processes,
// X-Forwarded-For does not buy fresh guesses, a JSON body does not skip the lockout, unknown accounts
// cost what wrong passwords cost, the sign-in body is cut off at its limit, and a tail that reconnects
// while two writers commit through both processes loses no line.
// The servers must run with LOG_MAX_TAILS_PER_ORG=3. Order matters: the address lockout comes last.
import { EventSourceParserStream } from "eventsource-parser/stream";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function csrf(base) {
  const res = await fetch(`${base}/api/auth/csrf`);
  return {
    token: (await res.json()).csrfToken,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

/** One credentials sign-in; `as` is "form" or "json". Returns the status and whether a session was set. */
async function signIn(base, email, password, { as = "form", headers = {} } = {}) {
  const c = await csrf(base);
  const fields = { csrfToken: c.token, email, password, json: "true" };
  const started = performance.now();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: c.cookie,
      "content-type": as === "json" ? "application/json" : "application/x-www-form-urlencoded",
      ...headers,
    },
    body: as === "json" ? JSON.stringify(fields) : new URLSearchParams(fields),
  });
  const ms = performance.now() - started;
  const session = res.headers.getSetCookie().some((c) => /session-token=[^;]+/.test(c));
  const text = await res.text();
  const failed = res.status === 429 || /error=/.test(text) || !session;
  return { status: res.status, session, failed, ms };
}

function openTail(base, token, qs = "", lastEventId) {
  const ctrl = new AbortController();
  const done = fetch(`${base}/api/v1/orgs/acme/logs/tail${qs}`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
    signal: ctrl.signal,
  });
  return { ctrl, done };
}

/** Reads a tail as EventSource would: `onId` with every event id (a line's, or the stream's position on "ready"). */
async function readLines(res, onLine, { onReady = () => {}, onId = () => {} } = {}) {
  try {
    for await (const ev of res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())) {
      if (ev.id) onId(ev.id);
      if (ev.event === "ready") onReady();
      if (ev.event === "line") onLine(JSON.parse(ev.data), ev.id);
    }
  } catch {
    // aborted
  }
}

export async function limitChecks({ a, b, check, signInToken }) {
  const tenant = await signInToken(a.base, "dev@acme.demo.local", ["logs:read"], "acme");
  const agent = await signInToken(a.base, "admin@demo.local", ["logs:write"]);

  // 1. The tail limit per org counts the tails open on both processes.
  const tails = [openTail(a.base, tenant), openTail(a.base, tenant), openTail(b.base, tenant)];
  const opened = await Promise.all(tails.map((t) => t.done));
  const fourth = await fetch(`${b.base}/api/v1/orgs/acme/logs/tail`, {
    headers: { authorization: `Bearer ${tenant}` },
  });
  const limitsOnB = await (
    await fetch(`${b.base}/api/v1/orgs/acme/logs/limits`, { headers: { authorization: `Bearer ${tenant}` } })
  ).json();
  check(
    "the per-org tail limit holds across both processes (2 open on A, 1 on B → the 4th on B is refused)",
    opened.every((r) => r.status === 200) && fourth.status === 429 && limitsOnB.usage.tails_open === 3,
    `statuses ${opened.map((r) => r.status)} then ${fourth.status}; B reports ${limitsOnB.usage.tails_open} open`,
  );
  await fourth.body?.cancel();
  tails[0].ctrl.abort();
  let reopened = 0;
  for (let i = 0; i < 20 && reopened !== 200; i++) {
    await sleep(100);
    const r = await fetch(`${b.base}/api/v1/orgs/acme/logs/tail`, { headers: { authorization: `Bearer ${tenant}` } });
    reopened = r.status;
    if (r.status === 200) tails.push({ ctrl: { abort: () => r.body.cancel().catch(() => {}) } });
    else await r.body?.cancel();
  }
  check("…and a tail closed on A frees its slot for B at once", reopened === 200);
  tails.forEach((t) => t.ctrl.abort());
  await sleep(300);

  // 2. A tail that reconnects again and again while two writers commit through both processes loses no line.
  // The writers start once the first tail listens (what commits before is not the tail's to see); from then
  // on every stream, even one that has had no line yet, knows where to resume: "ready" carries its position.
  const marker = `resume-${Date.now()}`;
  const sent = new Set();
  const writer = async (base, w) => {
    for (let i = 0; i < 40; i++) {
      const batch = Array.from({ length: 10 }, (_, k) => ({
        ts: new Date().toISOString(),
        org_id: "acme",
        app_id: "web",
        env_id: "production",
        process_type: "web",
        instance_id: `w${w}`,
        level: "info",
        message: `${marker} w${w} ${i}.${k}`,
      }));
      const r = await fetch(`${base}/api/v1/logs`, {
        method: "POST",
        headers: { authorization: `Bearer ${agent}`, "content-type": "application/json" },
        body: JSON.stringify(batch),
      });
      if (r.ok) batch.forEach((l) => sent.add(l.message));
      await sleep(40);
    }
  };
  const received = new Set();
  let lastId;
  let writing = true;
  let listening;
  const firstReady = new Promise((resolve) => (listening = resolve));
  const reader = (async () => {
    for (let round = 0; writing || round < 2; round++) {
      const base = round % 2 ? b.base : a.base;
      const t = openTail(base, tenant, `?q=${marker}`, lastId);
      const res = await t.done.catch(() => null);
      if (!res || res.status !== 200) {
        await sleep(100);
        continue;
      }
      const reading = readLines(res, (line) => received.add(line.message), {
        onReady: listening,
        onId: (id) => (lastId = id),
      });
      await sleep(writing ? 120 + Math.random() * 200 : 1000);
      t.ctrl.abort();
      await reading;
      if (!writing) round++;
    }
  })();
  await firstReady;
  await Promise.all([writer(a.base, 1), writer(b.base, 2)]);
  writing = false;
  await reader;
  const missing = [...sent].filter((m) => !received.has(m));
  check(
    "a tail reconnecting through both processes while two writers commit loses no line",
    sent.size === 800 && missing.length === 0,
    `${sent.size} sent, ${received.size} received, ${missing.length} missing${missing.length ? ` (${missing.slice(0, 3).join(", ")}…)` : ""}`,
  );

  // 3. The sign-in body is read up to its limit and no further.
  let pulled = 0;
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  const big = new ReadableStream({
    pull(c) {
      if (pulled >= 150 * 1024 * 1024) return c.close();
      pulled += chunk.byteLength;
      c.enqueue(chunk);
    },
  });
  const t0 = Date.now();
  const huge = await fetch(`${a.base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: big,
    duplex: "half",
  }).catch((e) => ({ status: `cut (${e.cause?.code ?? e.message})` }));
  check(
    "a 150 MB sign-in body is refused after the limit, not read whole",
    (huge.status === 413 || String(huge.status).startsWith("cut")) && pulled < 20 * 1024 * 1024,
    `${huge.status} after ${Math.round(pulled / 1024)} kB sent, ${Date.now() - t0} ms`,
  );

  // 4. An unknown account costs what a wrong password costs (no account enumeration by timing).
  const unknown = [];
  const wrong = [];
  for (let i = 0; i < 4; i++) {
    unknown.push((await signIn(a.base, `nobody-${i}-${Date.now()}@example.com`, "guess")).ms);
    wrong.push((await signIn(a.base, "dev@acme.demo.local", "not-the-password")).ms);
  }
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const ratio = median(wrong) / median(unknown);
  check(
    "an unknown account answers as slowly as a wrong password",
    ratio > 0.5 && ratio < 2,
    `median ${median(unknown).toFixed(0)} ms unknown vs ${median(wrong).toFixed(0)} ms wrong password`,
  );
  await signIn(a.base, "dev@acme.demo.local", "demo"); // a success clears that account's failures

  // 5. The per-account lockout counts failures on both processes, and a JSON body does not skip it.
  const victim = "dev@globex.demo.local";
  const tries = [];
  for (let i = 0; i < 5; i++) tries.push((await signIn(i % 2 ? b.base : a.base, victim, `guess-${i}`)).status);
  const sixth = await signIn(b.base, victim, "guess-6");
  const json = await signIn(a.base, victim, "demo", { as: "json" });
  check(
    "five failures across both processes lock the account on either",
    sixth.status === 429,
    `statuses ${tries.join(",")} then ${sixth.status}`,
  );
  check(
    "…and a JSON sign-in with the right password is refused too, with no session",
    json.status === 429 && !json.session,
    `JSON: ${json.status}, session ${json.session}`,
  );

  // 6. The per-address limit counts the real client, whatever X-Forwarded-For says (this locks the address: last).
  let lockedAfter = null;
  for (let i = 0; i < 40 && lockedAfter === null; i++) {
    const spoof = `198.51.100.${i + 1}, 203.0.113.${i + 1}`;
    const r = await signIn(i % 2 ? b.base : a.base, `spray-${i}-${Date.now()}@example.com`, "guess", {
      headers: { "x-forwarded-for": spoof, "x-real-ip": `192.0.2.${i + 1}` },
    });
    if (r.status === 429) lockedAfter = i + 1;
  }
  check(
    "a new X-Forwarded-For on every guess does not reset the per-address limit",
    lockedAfter !== null && lockedAfter <= 30,
    lockedAfter ? `429 after ${lockedAfter} more guesses (30 per address, counted on both processes)` : "never limited",
  );
}
