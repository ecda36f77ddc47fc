#!/usr/bin/env node
// ops-console — the console's command line. `ops-console logs --org acme --since 15m [--tail]`,
// `ops-console describe env acme/shop/production`, `ops-console events tail --env acme/shop/production`.
// Reads OPS_CONSOLE_URL (default http://127.0.0.1:3000) and OPS_CONSOLE_TOKEN (an API token).
import { parseArgs } from "node:util";
import { EventSourceParserStream } from "eventsource-parser/stream";

const HELP = `usage: ops-console logs --org ORG [options]
       ops-console describe env ORG/APP/ENV | describe route ROUTE | describe instance ID [--json] [--reason TEXT]
       ops-console events tail --env ORG/APP/ENV [--json] [--reason TEXT]

  describe             is it serving, and why not: the desired and actual state from the platform's events
                       (operators see hosts and edge nodes; a tenant's token sees its own org's env)
  events tail          the platform's events about one env as they happen; resumes after a drop

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
const [command, what, target] = positionals;
if (opt.help || !["logs", "describe", "events"].includes(command)) {
  process.stdout.write(`${HELP}\n`);
  process.exit(opt.help ? 0 : 2);
}
if (command === "logs" && !opt.org) fail(`--org is required\n\n${HELP}`, 2);
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

/**
 * Follows a live stream (`url(lastEventId)`), handing each event to `onEvent`; after a drop or the server's
 * reconnect it resumes from the last id seen, as EventSource would.
 */
async function follow(url, afterId, noun, onEvent) {
  let lastEventId = afterId;
  let backoff = 500;
  for (;;) {
    let res;
    try {
      res = await fetch(url(lastEventId), {
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
        // An item's id, or the stream's starting position on "ready": where to resume, as EventSource would.
        if (id) lastEventId = id;
        if (event === "dropped") {
          const d = JSON.parse(data);
          process.stderr.write(
            `ops-console: ${d.count ?? "some"} ${noun} dropped ${d.reason ? `(${d.reason})` : "by the tail rate limit"}\n`,
          );
        } else if (event === "reconnect") {
          const d = JSON.parse(data);
          if (d.last_event_id) lastEventId = String(d.last_event_id);
        } else onEvent(event, data);
      }
    } catch {
      // the connection was cut: resume from the last item seen
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** GET `path` as JSON, or fail saying why. */
async function getJson(path) {
  const res = await fetch(`${base}${path}`, { headers });
  if (!res.ok) fail(await explain(res));
  return res.json();
}

/** An env's parts from ORG/APP/ENV. */
function envParts(spec) {
  const parts = (spec ?? "").split("/");
  if (parts.length !== 3 || parts.some((p) => !p)) fail(`name the env as ORG/APP/ENV\n\n${HELP}`, 2);
  return parts.map(encodeURIComponent);
}

/** The operators' platform-wide route, or — for a caller without it (a tenant) — the org's own. */
async function platformOrOwn(platformPath, orgPath) {
  const res = await fetch(`${base}${platformPath}`, { headers });
  if (res.status === 403) {
    const body = await res
      .clone()
      .json()
      .catch(() => ({}));
    if (body?.error?.code !== "reason_required" && orgPath) return getJson(orgPath);
  }
  if (!res.ok) fail(await explain(res));
  return res.json();
}

const VERDICT = { serving: "SERVING", partially_serving: "PARTIALLY SERVING", not_serving: "NOT SERVING" };
const out = (text) => process.stdout.write(`${text}\n`);
const time = (iso) => (iso ? iso.replace("T", " ").slice(0, 19) : "-");
const health = (h) =>
  !h ? "no check yet" : h.passed ? "passing" : `failing ${[h.check?.check, h.check?.status].filter(Boolean).join(" ")}`;
const edgeText = (e) =>
  e.config_version === null
    ? "no edge reports"
    : `edge config v${e.config_version}: ${e.applied} applied, ${e.failed} failed, ${e.behind} behind of ${e.locations}`;

function printVerdict(name, v) {
  out(`${name}: ${VERDICT[v.verdict]}`);
  for (const r of v.reasons) out(`  - ${r}`);
}

function printEnv(env) {
  printVerdict(`${env.org_id}/${env.app_id}/${env.env_id}`, env);
  for (const p of env.process_types) {
    out("");
    out(
      `${p.process_type}: ${p.desired ? `release ${p.desired.release_id}, ${p.ready} of ${p.wanted} ready` : "no release activated"}; ${p.restarts_last_hour.count} restarts in the last hour`,
    );
    for (const i of p.instances)
      out(
        `  ${i.instance_id}  ${i.release_id ?? "-"}  ${i.state}${i.reason ? ` (${i.reason})` : ""} since ${time(i.since)}${i.host_id ? `  on ${i.host_id}` : ""}  health ${health(i.health)}`,
      );
  }
  for (const r of env.routes) {
    out("");
    out(
      `route ${r.route}: ${r.backends.length} backends (${r.backends.map((b) => `${b.instance_id} ${b.state ?? "unknown"}`).join(", ")}); ${edgeText(r.edge)}`,
    );
  }
}

function printEvent(e) {
  const where = [
    e.org_id && `${e.org_id}/${e.app_id ?? "-"}/${e.env_id ?? "-"}`,
    e.process_type,
    e.instance_id,
    e.route,
    e.node_id,
    e.host_id && `host ${e.host_id}`,
  ]
    .filter(Boolean)
    .join(" ");
  const why = [
    e.release_id && `release ${e.release_id}`,
    e.reason,
    e.details?.exit_code !== undefined && `exit ${e.details.exit_code}`,
    e.details?.health_check?.status,
    e.details?.config_version !== undefined && `config v${e.details.config_version}`,
    e.details?.error,
  ]
    .filter((x) => x !== undefined && x !== false && x !== null)
    .join(" ");
  out(`${time(e.ts)} ${e.kind.padEnd(20)} ${where}${why ? `  ${why}` : ""}`);
}

async function describe() {
  let result;
  if (what === "env") {
    const [org, app, env] = envParts(target);
    result = await platformOrOwn(
      `/api/v1/platform/describe/env/${org}/${app}/${env}`,
      `/api/v1/orgs/${org}/describe/env/${app}/${env}`,
    );
    if (opt.json) return out(JSON.stringify(result));
    return printEnv(result.env);
  }
  if (!target || !["route", "instance"].includes(what))
    fail(`describe env ORG/APP/ENV, route ROUTE or instance ID\n\n${HELP}`, 2);
  result = await getJson(`/api/v1/platform/describe/${what}/${encodeURIComponent(target)}`);
  if (opt.json) return out(JSON.stringify(result));
  if (what === "route") {
    printVerdict(
      `route ${result.route.route} (${result.route.org_id}/${result.route.app_id}/${result.route.env_id})`,
      result,
    );
    for (const b of result.route.backends) out(`  backend ${b.instance_id} ${b.address ?? ""} ${b.state ?? "unknown"}`);
    out(`  ${edgeText(result.route.edge)}`);
    for (const n of result.route.edge.nodes ?? [])
      out(
        `  node ${n.node_id} (${n.region}) v${n.config_version} ${n.applied ? "applied" : `FAILED: ${n.error}`} at ${time(n.at)}`,
      );
    return;
  }
  const i = result.instance;
  out(
    `instance ${i.instance_id} of ${i.org_id}/${i.app_id}/${i.env_id} ${i.process_type}: ${i.state}${i.reason ? ` (${i.reason})` : ""} since ${time(i.since)}${i.host_id ? ` on ${i.host_id}` : ""}`,
  );
  out("");
  for (const e of result.timeline) printEvent(e);
  for (const s of result.stops) {
    const r = s.resources ?? {};
    const mem =
      r.memory_peak_bytes !== undefined
        ? ` memory ${Math.round(r.memory_peak_bytes / 1048576)} of ${Math.round((r.memory_limit_bytes ?? 0) / 1048576)} MiB`
        : "";
    out(
      `stop at ${time(s.at)}: ${s.reason ?? "-"}${s.exit_code !== null ? ` exit ${s.exit_code}` : ""}${mem}; logs ${time(s.logs.start)} – ${time(s.logs.end)}: ${base}${s.logs.path}`,
    );
  }
}

async function eventsTail() {
  if (what !== "tail") fail(`events tail --env ORG/APP/ENV\n\n${HELP}`, 2);
  const [org, app, env] = envParts(opt.env?.[0]);
  // Operators follow the platform's view; a tenant's token its org's own.
  const probe = await fetch(`${base}/api/v1/platform/events?org=${org}&app=${app}&env=${env}&limit=1`, { headers });
  const own = probe.status === 403 && (await probe.json().catch(() => ({})))?.error?.code !== "reason_required";
  const path = own
    ? `/api/v1/orgs/${org}/events/tail?app=${app}&env=${env}`
    : `/api/v1/platform/events/tail?org=${org}&app=${app}&env=${env}`;
  process.on("SIGINT", () => process.exit(0));
  await follow(
    (last) => `${base}${path}${last ? `&after=${encodeURIComponent(last)}` : ""}`,
    undefined,
    "events",
    (event, data) => {
      if (event !== "event") return;
      if (opt.json) out(data);
      else printEvent(JSON.parse(data));
    },
  );
}

if (command === "describe") await describe();
else if (command === "events") await eventsTail();
else {
  const last = await history();
  if (opt.tail) {
    process.on("SIGINT", () => process.exit(0));
    await follow(
      (lastEventId) => {
        const p = filters();
        if (lastEventId) p.set("after", lastEventId);
        return `${orgPath}/tail?${p}`;
      },
      last,
      "lines",
      (event, data) => event === "line" && print(JSON.parse(data)),
    );
  }
}
