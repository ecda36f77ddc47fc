// Calls the real route handlers (app/api/v1/**/route.ts) with real Requests, as a signed-in person
// (a next-auth session cookie) or with an API token, and returns status, headers and JSON.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { DEMO_ACCOUNTS } from "@/lib/auth/demo-accounts";
import type { RouteHandler } from "@/lib/api/handler";
import type { AuditEvent } from "@/lib/audit/contract";
import type { Method } from "@/lib/http/endpoint";
import type { ErrorCode, FieldIssue } from "@/lib/http/errors";

/** The one error shape, with the details the API puts in it (bad fields, bad lines, a gate's problems). */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: {
      fields?: FieldIssue[];
      lines?: { line: number; field: string; message: string }[];
      problems?: { kind: string; key?: string; incident_id?: string; message: string }[];
      invalid_lines?: number;
    };
  };
  request_id: string;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = path.join(ROOT, "app/api/v1");
export const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export interface RouteFile {
  file: string;
  /** /api/v1/orgs/{org}/audit */
  template: string;
  pattern: RegExp;
  paramNames: string[];
  catchAll: boolean;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? walk(path.join(dir, d.name)) : d.name === "route.ts" ? [path.join(dir, d.name)] : [],
    );
}

export function routeFiles(): RouteFile[] {
  return (
    walk(API_DIR)
      .map((file) => {
        const segments = path.relative(API_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
        const paramNames: string[] = [];
        let catchAll = false;
        const parts = segments.map((s) => {
          const m = /^\[(\.\.\.)?(.+)\]$/.exec(s);
          if (!m) return { t: s, re: s.replace(/[.]/g, "\\.") };
          paramNames.push(m[2]!);
          if (m[1]) catchAll = true;
          return { t: `{${m[2]}}`, re: m[1] ? "(.+)" : "([^/]+)" };
        });
        return {
          file,
          template: ["/api/v1", ...parts.map((p) => p.t)].join("/"),
          pattern: new RegExp(`^${["/api/v1", ...parts.map((p) => p.re)].join("/")}$`),
          paramNames,
          catchAll,
        };
      })
      // As Next.js routes: a static segment before a dynamic one (/traces/services before /traces/{trace_id}).
      .sort((a, b) => Number(a.catchAll) - Number(b.catchAll) || a.paramNames.length - b.paramNames.length)
  );
}

export async function loadRoute(file: string): Promise<Partial<Record<Method, RouteHandler>>> {
  return import(/* @vite-ignore */ file);
}

export type Who = string | { token: string } | null;

export async function sessionCookie(userId: string): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.id === userId);
  const jwt = await encode({
    token: { sub: userId, email: account?.email, name: account?.name },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  return `next-auth.session-token=${jwt}`;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  /** The body as sent (binary answers such as protobuf). */
  bytes: Uint8Array;
}

/**
 * call("GET", "/api/v1/me", { as: "usr_admin" }) — `as` is a user id (session), { token } (bearer) or null.
 */
export async function call<T = Record<string, unknown>>(
  method: Method,
  url: string,
  opts: { as?: Who; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const u = new URL(url, "http://console.test");
  const route = routeFiles().find((r) => r.pattern.test(u.pathname));
  if (!route) throw new Error(`no route file for ${u.pathname}`);
  const m = route.pattern.exec(u.pathname)!;
  const params = Object.fromEntries(
    route.paramNames.map((n, i) => [
      n,
      route.catchAll && i === route.paramNames.length - 1 ? m[i + 1]!.split("/") : decodeURIComponent(m[i + 1]!),
    ]),
  );
  const handler = (await loadRoute(route.file))[method];
  if (!handler) throw new Error(`${route.template} exports no ${method}`);
  return invoke<T>(handler, method, u, params, opts);
}

/** Calls one route handler as `call` does, with its path parameters given (a handler no route file holds). */
export async function invoke<T = Record<string, unknown>>(
  handler: RouteHandler,
  method: Method,
  url: string | URL,
  params: Record<string, string | string[]>,
  opts: { as?: Who; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const u = new URL(url, "http://console.test");
  const headers = new Headers(opts.headers);
  if (typeof opts.as === "string") headers.set("cookie", await sessionCookie(opts.as));
  else if (opts.as && "token" in opts.as) headers.set("authorization", `Bearer ${opts.as.token}`);
  let body: string | Uint8Array | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const res = await handler(
    new Request(u, {
      method,
      headers,
      body: typeof body === "string" || body === undefined ? body : Buffer.from(body),
    }),
    { params: Promise.resolve(params) },
  );
  // A live stream answers 200 and would never end: note it and hang up.
  const bytes = res.headers.get("content-type")?.includes("text/event-stream")
    ? (await res.body?.cancel(), new Uint8Array(0))
    : new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text, bytes };
}

export const USERS = {
  admin: "usr_admin",
  oncall: "usr_oncall",
  ic: "usr_ic",
  acme: "usr_acme_dev",
  globex: "usr_globex_dev",
} as const;

/** Mint a token through the API as `userId`; returns its secret and id. */
export async function mintToken(
  userId: string,
  body: { name?: string; scopes: string[]; org_id?: string | null; expires_in_days?: number },
) {
  const res = await call<{ token: { id: string; secret: string } }>("POST", "/api/v1/tokens", {
    as: userId,
    body: { name: body.name ?? `t-${Math.random().toString(36).slice(2, 8)}`, ...body },
  });
  if (res.status !== 201) throw new Error(`mint failed ${res.status}: ${res.text}`);
  return res.body.token;
}

/** The platform audit log as an admin reads it, newest first (`action` narrows it). */
export async function auditEvents(action?: string): Promise<AuditEvent[]> {
  const res = await call<{ events: AuditEvent[] }>(
    "GET",
    `/api/v1/audit?limit=500${action ? `&action=${action}` : ""}`,
    { as: USERS.admin },
  );
  if (res.status !== 200) throw new Error(`audit read failed: ${res.status} ${res.text}`);
  return res.body.events;
}

/** The console's metrics as a scraper holding METRICS_TOKEN reads them (per-org figures included). */
export async function readMetrics(): Promise<string> {
  const { GET } = await import("@/app/api/metrics/route");
  const token = "test-metrics-token-0123456789";
  process.env.METRICS_TOKEN = token;
  try {
    return await (
      await GET(new Request("http://console.test/api/metrics", { headers: { authorization: `Bearer ${token}` } }))
    ).text();
  } finally {
    delete process.env.METRICS_TOKEN;
  }
}

/**
 * The route handlers behind a plain HTTP listener on loopback, as they sit in production, for real
 * shippers and exporters to send to; `seen` hears of every request and its status.
 */
export async function serveApi(
  seen: (r: { path: string; status: number; type: string }) => void = () => {},
): Promise<{ base: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      const out = await call(req.method as Method, req.url!, {
        rawBody: new Uint8Array(Buffer.concat(chunks)),
        headers,
      });
      seen({ path: req.url!, status: out.status, type: headers["content-type"] ?? "" });
      const h: Record<string, string> = {};
      out.headers.forEach((v, k) => (h[k] = v));
      res.writeHead(out.status, h);
      res.end(Buffer.from(out.bytes));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}
