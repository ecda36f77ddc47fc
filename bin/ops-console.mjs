#!/usr/bin/env node
// ops-console — the console's command line. `ops-console logs --org acme --since 15m [--tail]`
// Reads OPS_CONSOLE_URL (default http://127.0.0.1:3000) and OPS_CONSOLE_TOKEN (an API token).
import { parseArgs } from "node:util";
import { EventSourceParserStream } from "eventsource-parser/stream";

const HELP = `usage: ops-console logs --org ORG [options]

  --org ORG            the org (required)
  --app APP            app id (repeatable)
  --env ENV            env id (repeatable)
  --process TYPE       process type (repeatable)
  --instance ID        instance id (repeatable)
  --host ID            host id (repeatable)
  --request-id ID      one request's lines (repeatable)
  --trace-id ID        one trace's lines (repeatable)
  --level LEVEL        minimum level: trace, debug, info, warn, error, fatal
  -q, --query TEXT     case-insensitive text
  --since DURATION     start, relative (15m, 2h, 7d) or ISO-8601 (default 15m)
  --until TIME         end, relative or ISO-8601 (default now)
  --limit N            at most N lines of history (default 1000)
  --tail               then follow new lines until interrupted
  --json               print NDJSON instead of text
  --reason TEXT        why you read this tenant's logs (operators; recorded in its audit log)

environment: OPS_CONSOLE_URL (default http://127.0.0.1:3000), OPS_CONSOLE_TOKEN (required)`;

function fail(message, code = 1) {
  process.stderr.write(`ops-console: ${message}\n`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string" },
      app: { type: "string", multiple: true },
      env: { type: "string", multiple: true },
      process: { type: "string", multiple: true },
      instance: { type: "string", multiple: true },
      host: { type: "string", multiple: true },
      "request-id": { type: "string", multiple: true },
      "trace-id": { type: "string", multiple: true },
      level: { type: "string" },
      query: { type: "string", short: "q" },
      since: { type: "string", default: "15m" },
      until: { type: "string" },
      limit: { type: "string", default: "1000" },
      tail: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      reason: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (err) {
  fail(`${err.message}\n\n${HELP}`, 2);
}
const { values: opt, positionals } = parsed;
if (opt.help || positionals[0] !== "logs") {
  process.stdout.write(`${HELP}\n`);
  process.exit(opt.help ? 0 : 2);
}
if (!opt.org) fail(`--org is required\n\n${HELP}`, 2);
const base = (process.env.OPS_CONSOLE_URL || "http://127.0.0.1:3000").replace(/\/$/, "");
const token = process.env.OPS_CONSOLE_TOKEN;
if (!token) fail(`set OPS_CONSOLE_TOKEN to an API token (mint one at ${base}/tokens)`, 2);
const limit = Number(opt.limit);
if (!Number.isInteger(limit) || limit < 1) fail("--limit must be a whole number of lines", 2);

const headers = { authorization: `Bearer ${token}`, ...(opt.reason ? { "x-access-reason": opt.reason } : {}) };
const orgPath = `${base}/api/v1/orgs/${encodeURIComponent(opt.org)}/logs`;

function filters() {
  const p = new URLSearchParams();
  for (const k of ["app", "env", "process", "instance", "host", "request-id", "trace-id"])
    for (const v of opt[k] ?? []) p.append(k.replace("-", "_"), v);
  if (opt.level) p.set("level", opt.level);
  if (opt.query) p.set("q", opt.query);
  return p;
}

async function explain(res) {
  let body = {};
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  const msg = body?.error?.message ?? res.statusText;
  if (res.status === 401) return `the token was refused (401): ${msg} Mint a new one at ${base}/tokens.`;
  if (res.status === 403 && body?.error?.code === "reason_required") return `${msg} Use --reason "…".`;
  if (res.status === 403) return `not allowed (403): ${msg}`;
  if (res.status === 429)
    return `over a limit (429): ${msg}${res.headers.get("retry-after") ? ` Retry in ${res.headers.get("retry-after")}s.` : ""}`;
  return `${res.status}: ${msg}`;
}

function print(line) {
  if (opt.json) {
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  process.stdout.write(
    `${line.ts} ${line.level.toUpperCase().padEnd(5)} ${line.app_id}/${line.env_id} ${line.instance_id}: ${line.message}\n`,
  );
}

async function history() {
  const p = filters();
  p.set("start", opt.since);
  if (opt.until) p.set("end", opt.until);
  p.set("order", "asc");
  let lastId;
  let printed = 0;
  let cursor = null;
  do {
    p.set("limit", String(Math.min(5000, limit - printed)));
    if (cursor) p.set("cursor", cursor);
    const res = await fetch(`${orgPath}?${p}`, { headers });
    if (!res.ok) fail(await explain(res));
    const body = await res.json();
    for (const line of body.lines) {
      print(line);
      lastId = line.id;
    }
    printed += body.lines.length;
    cursor = body.next_cursor;
  } while (cursor && printed < limit);
  if (cursor && !opt.json)
    process.stderr.write(`ops-console: showing the first ${printed} lines; narrow --since or raise --limit for more\n`);
  return lastId;
}

async function follow(afterId) {
  let lastEventId = afterId;
  let backoff = 500;
  for (;;) {
    const p = filters();
    if (lastEventId) p.set("after", lastEventId);
    let res;
    try {
      res = await fetch(`${orgPath}/tail?${p}`, {
        headers: { ...headers, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
      });
    } catch (err) {
      process.stderr.write(`ops-console: connection failed (${err.cause?.code ?? err.message}); retrying…\n`);
      await new Promise((r) => setTimeout(r, (backoff = Math.min(backoff * 2, 15_000))));
      continue;
    }
    if (!res.ok) {
      const message = await explain(res);
      if (res.status === 429 || res.status >= 500) {
        process.stderr.write(`ops-console: ${message}; retrying…\n`);
        await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 5) * 1000));
        continue;
      }
      fail(message);
    }
    backoff = 500;
    try {
      // A maintained parser: CRLF or LF line ends, multi-line data, comments and retry hints as the spec says.
      const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const { event, data, id } of events) {
        // A line's id, or the stream's starting position on "ready": where to resume, as EventSource would.
        if (id) lastEventId = id;
        if (event === "line") {
          print(JSON.parse(data));
        } else if (event === "dropped") {
          const d = JSON.parse(data);
          process.stderr.write(`ops-console: ${d.count ?? "some"} lines dropped by the tail rate limit\n`);
        } else if (event === "reconnect") {
          const d = JSON.parse(data);
          if (d.last_event_id) lastEventId = String(d.last_event_id);
        }
      }
    } catch {
      // the connection was cut: resume from the last line seen
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

const last = await history();
if (opt.tail) {
  process.on("SIGINT", () => process.exit(0));
  await follow(last);
}
