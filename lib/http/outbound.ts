// The one client for requests the console sends to addresses people configure: paging and chat webhooks,
// SMS and mail gateways (and the address check email's SMTP connection makes, ../escalation/email). The target is checked before any connection (./outbound-rules): a host name is
// resolved once, every address it resolves to must be allowed, and the connection goes to the address
// that was checked (no second lookup for a rebinding DNS server to answer differently). Redirects are
// never followed. Every way of not reaching a target reads the same ("unreachable"), so the outcome shown
// to the person who saved the URL says nothing about what listens inside the platform.
import "server-only";
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { env } from "@/lib/env";
import { failed, inSpan, withTraceHeaders } from "@/lib/telemetry/tracing";
import { forbiddenAddress, literalAddress, targetProblem } from "./outbound-rules";

export interface Outcome {
  ok: boolean;
  /** What happened, for the person and the audit log: "HTTP 200", "unreachable", "refused: …". */
  detail: string;
  status?: number;
  /** Refused before sending: trying again cannot help. */
  refused?: boolean;
}

const UNREACHABLE: Outcome = { ok: false, detail: "unreachable" };
const MAX_ANSWER_BYTES = 64 * 1024;

async function resolve(host: string, deadline: number): Promise<{ address: string; family: number } | Outcome> {
  const allow = env().OUTBOUND_ALLOW;
  const literal = literalAddress(host);
  if (literal) return { address: literal, family: literal.includes(":") ? 6 : 4 };
  let found: { address: string; family: number }[];
  try {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("timeout")), Math.max(0, deadline - Date.now())).unref(),
    );
    found = await Promise.race([dns.lookup(host, { all: true, verbatim: true }), timeout]);
  } catch {
    return UNREACHABLE;
  }
  const [first] = found;
  if (!first) return UNREACHABLE;
  if (!allow.hosts.has(host.toLowerCase())) {
    for (const a of found) {
      const why = forbiddenAddress(a.address, allow);
      if (why) return { ok: false, refused: true, detail: `refused: ${host} resolves to ${why}` };
    }
  }
  return first;
}

/**
 * The checked address to connect to for a target's host (a host name resolved once, every address it
 * resolves to allowed), null to connect by name (a host OUTBOUND_ALLOW names), or why not.
 */
export async function addressFor(
  host: string,
  deadline: number,
): Promise<{ address: string; family: number } | Outcome | null> {
  return env().OUTBOUND_ALLOW.hosts.has(host.toLowerCase()) && !literalAddress(host) ? null : resolve(host, deadline);
}

/**
 * POSTs `body` as JSON to `url`; never throws, never follows a redirect. A span of its own (a child of the
 * active one, or its own trace from a background tick) whose `traceparent` the request carries; it names the
 * method and the answer's status, never the URL (a chat webhook's path is its secret) or the body.
 */
export function postJson(
  url: string,
  body: unknown,
  opts: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  return inSpan(
    "webhook POST",
    { "http.request.method": "POST" },
    async (span) => {
      const outcome = await post(url, body, opts);
      if (outcome.status) span?.setAttribute("http.response.status_code", outcome.status);
      if (span && !outcome.ok)
        failed(span, outcome.refused ? "refused" : outcome.status ? String(outcome.status) : "unreachable");
      return outcome;
    },
    { root: true },
  );
}

async function post(
  url: string,
  body: unknown,
  opts: { timeoutMs?: number; headers?: Record<string, string> },
): Promise<Outcome> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  const allow = env().OUTBOUND_ALLOW;
  const problem = targetProblem(url, allow);
  if (problem) return { ok: false, refused: true, detail: `refused: the URL ${problem}` };
  const u = new URL(url);
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const target = await addressFor(host, deadline);
  if (target && "ok" in target) return target;
  const payload = Buffer.from(JSON.stringify(body));
  const lib = u.protocol === "https:" ? https : http;
  return new Promise<Outcome>((done) => {
    let settled = false;
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(o);
    };
    const req = lib.request(
      {
        protocol: u.protocol,
        hostname: host,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: "POST",
        headers: withTraceHeaders({
          "content-type": "application/json",
          "content-length": String(payload.byteLength),
          "user-agent": "ops-console",
          ...opts.headers,
        }),
        // Connect to the address that was checked, not to a second answer for the same name.
        ...(target
          ? {
              lookup: (_h: string, _o: unknown, cb: (e: Error | null, a: string, f: number) => void) =>
                cb(null, target.address, target.family),
            }
          : {}),
        ...(u.username ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.byteLength;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        res.on("error", () => {});
        res.on("close", () => {
          if (status >= 300 && status < 400)
            finish({ ok: false, status, detail: `HTTP ${status}: redirects are not followed` });
          else finish({ ok: status >= 200 && status < 300, status, detail: `HTTP ${status}` });
        });
      },
    );
    const timer = setTimeout(
      () => {
        req.destroy();
        finish({ ok: false, detail: `no answer within ${Math.round(timeoutMs / 1000)} s` });
      },
      Math.max(0, deadline - Date.now()),
    );
    req.on("error", () => finish(UNREACHABLE));
    req.end(payload);
  });
}
