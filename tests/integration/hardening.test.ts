// Defects by class, on every route: HEAD never opens a stream, unknown fields are refused, malformed
// headers and deep JSON get a 4xx, bodies are counted while they are read, a read that cannot be
// audited returns nothing, the append-only tables refuse TRUNCATE, and the org directory shows only
// what the caller's scopes concern.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, loadRoute, METHODS, mintToken, routeFiles, sessionCookie, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { entry, ingest } from "../support/logs";
import { db, openDb, privateDataDir } from "@/lib/db/client";
import type { Endpoint, Method } from "@/lib/http/endpoint";
import type { RouteHandler } from "@/lib/api/handler";

withTestDb();

type ErrorBody = ApiErrorBody;

interface Route {
  key: string;
  method: Method;
  url: string;
  params: Record<string, string | string[]>;
  handler: RouteHandler;
  endpoint: Endpoint;
}

let routes: Route[] = [];

/** Every method every route file exports, with its path filled in with plausible ids. */
async function allRoutes(): Promise<Route[]> {
  const out: Route[] = [];
  for (const r of routeFiles()) {
    if (r.catchAll) continue;
    const mod = await loadRoute(r.file);
    for (const m of METHODS) {
      const handler = mod[m];
      if (!handler?.endpoint) continue;
      const values: Record<string, string> = {
        org: "acme",
        id: "inc_nothing",
        key: "review-dashboards",
        incidentId: "inc_nothing",
        followUpId: "fu_nothing",
        slug: "storage",
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      };
      const params = Object.fromEntries(r.paramNames.map((n) => [n, values[n] ?? "x1"]));
      const url = r.template.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? "x1");
      out.push({
        key: `${m} ${r.template}`,
        method: m,
        url: `http://console.test${url}`,
        params,
        handler,
        endpoint: handler.endpoint,
      });
    }
  }
  return out;
}

async function send(
  r: Route,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null; query?: string; as?: string },
) {
  const headers = new Headers(init.headers);
  if (!headers.has("cookie") && !headers.has("authorization"))
    headers.set("cookie", await sessionCookie(init.as ?? USERS.admin));
  if (r.url.includes("/orgs/acme/") && r.endpoint.scope === "logs:read")
    headers.set("x-access-reason", "hardening test");
  const req = new Request(r.url + (init.query ?? ""), {
    method: init.method ?? r.method,
    headers,
    body: init.body ?? null,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return r.handler(req, { params: Promise.resolve(r.params) });
}

beforeAll(async () => {
  routes = await allRoutes();
  await ingest([entry({ message: "hardening line" })]);
});

describe("HEAD on every GET route", () => {
  it("answers without a body and without running the handler: no stream, no slot, no audit", async () => {
    const gets = routes.filter((r) => r.method === "GET");
    expect(gets.length).toBeGreaterThan(20);
    const count = async () =>
      Number(
        ((await db().execute(sql`select count(*)::int as n from audit_events`)) as unknown as { rows: { n: number }[] })
          .rows[0]!.n,
      );
    const before = await count();
    for (const r of gets) {
      const res = await send(r, { method: "HEAD", as: r.url.includes("/orgs/") ? USERS.acme : USERS.admin });
      expect(res.status, r.key).toBeLessThan(500);
      expect(await res.text(), r.key).toBe("");
    }
    expect(await count()).toBe(before);
  });

  it("lets no number of HEADs on the live tail lock an org's tails", async () => {
    const tail = routes.find((r) => r.key === "GET /api/v1/orgs/{org}/logs/tail")!;
    for (let i = 0; i < 25; i++) expect((await send(tail, { method: "HEAD", as: USERS.acme })).status).toBe(200);
    const limits = await call<{ usage: { tails_open: number } }>("GET", "/api/v1/orgs/acme/logs/limits", {
      as: USERS.acme,
    });
    expect(limits.body.usage.tails_open).toBe(0);
    const real = await send(tail, { as: USERS.oncall, headers: { "x-access-reason": "after the HEADs" } });
    expect(real.status).toBe(200);
    await real.body?.cancel();
  });
});

describe("unknown fields", () => {
  it("are refused in every body, naming the field", async () => {
    // Alertmanager's payload is its format, not ours: checked below.
    const withBody = routes.filter(
      (r) =>
        r.method !== "GET" && r.endpoint.body && !r.endpoint.rawBody && r.key !== "POST /api/v1/alerts/alertmanager",
    );
    expect(withBody.length).toBeGreaterThan(10);
    for (const r of withBody) {
      const res = await send(r, {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ unknown_field_xyz: 1 }),
      });
      const body = (await res.json()) as ErrorBody;
      expect(res.status, r.key).toBe(400);
      expect(
        body.error.details?.fields?.map((f) => f.field),
        r.key,
      ).toContain("body.unknown_field_xyz");
    }
  });

  it("are refused in bodies of endpoints that take none", async () => {
    const noBody = routes.filter((r) => r.method !== "GET" && !r.endpoint.body);
    expect(noBody.length).toBeGreaterThan(3);
    for (const r of noBody) {
      const res = await send(r, {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ note: "ignored?" }),
      });
      expect(res.status, r.key).toBe(400);
      expect(
        ((await res.json()) as ErrorBody).error.details?.fields?.map((f) => f.field),
        r.key,
      ).toEqual(["body.note"]);
    }
  });

  it("are refused in every query string, naming the parameter", async () => {
    for (const r of routes.filter((x) => x.method === "GET")) {
      const res = await send(r, {
        query: "?unknown_param_xyz=1",
        as: r.url.includes("/orgs/") ? USERS.acme : USERS.admin,
      });
      expect(res.status, r.key).toBe(400);
      expect(
        ((await res.json()) as ErrorBody).error.details?.fields?.map((f) => f.field),
        r.key,
      ).toContain("query.unknown_param_xyz");
    }
  });

  it("says what was meant when a field is a near miss: `at` for `occurred_at` no longer lands at the wrong time", async () => {
    const inc = await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "near miss", severity: "sev3" },
    });
    const res = await call<ErrorBody>("POST", `/api/v1/incidents/${inc.body.incident.id}/timeline`, {
      as: USERS.ic,
      body: { kind: "note", body: "x", at: "2026-11-27T10:00:00Z" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields).toEqual([
      { field: "body.at", message: "is not a known field (did you mean 'occurred_at'?)" },
    ]);
    const timeline = await call<{ entries: { body: string }[] }>(
      "GET",
      `/api/v1/incidents/${inc.body.incident.id}/timeline`,
      { as: USERS.ic },
    );
    expect(timeline.body.entries.some((e) => e.body === "x")).toBe(false);
  });

  it("fail a log batch line by line, with nothing stored", async () => {
    const agent = await mintToken(USERS.admin, { scopes: ["logs:write"] });
    const res = await call<ErrorBody>("POST", "/api/v1/logs", {
      as: { token: agent.secret },
      body: [entry({ message: "fine" }), { ...entry({ message: "typo line" }), hostname: "h1" }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.lines).toEqual([
      { line: 2, field: "hostname", message: expect.stringContaining("not a known field") },
    ]);
    const found = await call<{ lines: unknown[] }>("GET", "/api/v1/orgs/acme/logs?q=typo%20line", { as: USERS.acme });
    expect(found.body.lines).toEqual([]);
  });

  it("are accepted in Alertmanager's own payload, which later versions extend", async () => {
    const res = await call("POST", "/api/v1/alerts/alertmanager", {
      as: USERS.admin,
      body: {
        version: "4",
        groupKey: "k",
        status: "firing",
        receiver: "r",
        newTopLevel: true,
        alerts: [
          { status: "firing", labels: { alertname: "Loose" }, annotations: {}, fingerprint: "fp-loose", newField: 1 },
        ],
      },
    });
    expect(res.status).toBe(200);
  });
});

describe("malformed input never gets a 500", () => {
  const BAD_HEADERS: Record<string, string>[] = [
    { origin: "http://[::1" },
    { origin: "null" },
    { origin: "%%%" },
    { "content-type": "text/plain" },
    { "content-type": "application/json; charset=\u00ff" },
    { "x-request-id": "x".repeat(5000) },
    { "last-event-id": "-1; drop table" },
    { "x-access-reason": "r".repeat(10_000) },
    { "x-forwarded-for": "not an address, 999.1.1.1" },
  ];

  it("on every route, for every malformed header", async () => {
    for (const r of routes) {
      for (const h of BAD_HEADERS) {
        const res = await send(r, { headers: h, body: r.method === "GET" ? null : "{}" });
        expect(res.status, `${r.key} ${JSON.stringify(h).slice(0, 60)}`).toBeLessThan(500);
        await res.body?.cancel();
      }
    }
  });

  it("on every route, for credentials that are not credentials", async () => {
    for (const r of routes.filter((x) => x.endpoint.auth !== "public")) {
      for (const authorization of ["Bearer", "Basic Zm9vOmJhcg==", `Bearer ${"a".repeat(5000)}`, "Bearer opc_\u00e9"]) {
        const res = await send(r, { headers: { authorization }, body: r.method === "GET" ? null : "{}" });
        expect(res.status, `${r.key} ${authorization.slice(0, 20)}`).toBe(401);
      }
      const cookie = await send(r, {
        headers: { cookie: "next-auth.session-token=%E0%A4%A" },
        body: r.method === "GET" ? null : "{}",
      });
      expect(cookie.status, r.key).toBe(401);
    }
  });

  it("answers a cross-site or garbled Origin on a session change with 403", async () => {
    const tokens = routes.find((r) => r.key === "POST /api/v1/tokens")!;
    for (const origin of ["http://[::1", "null", "https://evil.example"]) {
      const res = await send(tokens, {
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ name: "x", scopes: ["audit:read"] }),
      });
      expect(res.status, origin).toBe(403);
    }
  });

  it("on every body route, for JSON nested deeper than the limit", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const deepObject = `{"a":${'{"a":'.repeat(200)}1${"}".repeat(200)}}`;
    for (const r of routes.filter((x) => x.method !== "GET")) {
      for (const body of [deep, deepObject]) {
        const res = await send(r, { headers: { "content-type": "application/json" }, body });
        expect(res.status, r.key).toBe(400);
        const err = (await res.json()) as ErrorBody;
        expect(JSON.stringify(err.error), r.key).toMatch(/deeper than 64 levels/);
      }
    }
  });

  it("on every body route, for a lone surrogate or NUL in a value or a key: a 400 naming it, never a 500", async () => {
    const structured = routes.filter((x) => x.method !== "GET" && !x.endpoint.rawBody);
    expect(structured.length).toBeGreaterThan(20);
    // JSON spells them as escapes; JSON.parse makes strings Postgres refuses as text or jsonb.
    for (const body of ['{"name":"a\\ud800b"}', '{"labels":{"\\udc00":"x"}}', '{"title":"x\\u0000y"}']) {
      for (const r of structured) {
        const res = await send(r, { headers: { "content-type": "application/json" }, body });
        expect(res.status, `${r.key} ${body}`).toBe(400);
        const err = (await res.json()) as ErrorBody;
        expect(err.error.details?.fields?.[0]?.message, r.key).toBe(
          "must not contain NUL characters or unpaired UTF-16 surrogates",
        );
      }
    }
  });

  it("stores nothing half-written for the paths a prober found: timeline data, Alertmanager labels, token names", async () => {
    const inc = await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "surrogate probe", severity: "sev3" },
    });
    const raw = (url: string, body: string, as: string | { token: string } = USERS.ic) =>
      call<ErrorBody>("POST", url, { as, rawBody: body, headers: { "content-type": "application/json" } });
    const timeline = await raw(
      `/api/v1/incidents/${inc.body.incident.id}/timeline`,
      '{"kind":"note","body":"ok","data":{"k":"\\ud800"}}',
    );
    expect([timeline.status, timeline.body.error.details?.fields?.[0]?.field]).toEqual([400, "body.data.k"]);
    const am = await mintToken(USERS.admin, { scopes: ["alerts:write"] });
    const alert = await raw(
      "/api/v1/alerts/alertmanager",
      '{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X\\udfff"},"annotations":{},"fingerprint":"fp-sur"}]}',
      { token: am.secret },
    );
    expect([alert.status, alert.body.error.details?.fields?.[0]?.field]).toEqual([
      400,
      "body.alerts.0.labels.alertname",
    ]);
    const token = await raw("/api/v1/tokens", '{"name":"t\\ud83d","scopes":["audit:read"]}', USERS.admin);
    expect([token.status, token.body.error.details?.fields?.[0]?.field]).toEqual([400, "body.name"]);
    const entries = await call<{ entries: { body: string }[] }>(
      "GET",
      `/api/v1/incidents/${inc.body.incident.id}/timeline`,
      { as: USERS.ic },
    );
    expect(entries.body.entries.map((e) => e.body)).not.toContain("ok");
  });

  it("keeps a log line with a lone surrogate or NUL, visible as U+FFFD, on every ingest route", async () => {
    const agent = await mintToken(USERS.admin, { scopes: ["logs:write"] });
    const now = () => String(BigInt(Date.now()) * 1_000_000n);
    const tenant = '{"org_id":"acme","service.name":"web","deployment.environment.name":"production"}';
    const otlp = (res: string, msg: string) =>
      `{"resourceLogs":[{"resource":{"attributes":${JSON.stringify(Object.entries(JSON.parse(res)).map(([key, v]) => ({ key, value: { stringValue: v } })))}},"scopeLogs":[{"logRecords":[{"timeUnixNano":"${now()}","body":{"stringValue":"${msg}"},"attributes":[{"key":"k\\udc00","value":{"stringValue":"v\\u0000"}}]}]}]}]}`;
    const sends: [string, string][] = [
      [
        "/api/v1/logs",
        `[{"ts":"${new Date().toISOString()}","org_id":"acme","app_id":"web","env_id":"production","process_type":"web","instance_id":"w","message":"sur native \\ud800 end","attrs":{"\\udc00":"\\u0000"}}]`,
      ],
      ["/api/v1/otlp/v1/logs", otlp(tenant, "sur otlp \\ud800 end")],
      [
        "/api/v1/loki/api/v1/push",
        `{"streams":[{"stream":{"org_id":"acme","app":"web","env":"production","team":"a\\udc00"},"values":[["${now()}","sur loki \\ud800 end",{"request_id":"r\\u0000"}]]}]}`,
      ],
      [
        "/api/v1/platform/logs",
        `[{"ts":"${new Date().toISOString()}","component":"edge","region":"eu-west","node_id":"n","level":"info","message":"sur platform \\ud800 end"}]`,
      ],
      [
        "/api/v1/platform/otlp/v1/logs",
        otlp('{"service.name":"edge","cloud.region":"eu-west"}', "sur potlp \\ud800 end"),
      ],
      [
        "/api/v1/platform/loki/api/v1/push",
        `{"streams":[{"stream":{"component":"edge","region":"eu-west"},"values":[["${now()}","sur ploki \\ud800 end"]]}]}`,
      ],
    ];
    for (const [url, body] of sends) {
      const res = await call("POST", url, {
        as: { token: agent.secret },
        rawBody: body,
        headers: { "content-type": "application/json" },
      });
      expect(res.status, `${url} ${res.text}`).toBeLessThan(300);
    }
    const tenantLines = (
      await call<{ lines: { message: string }[] }>("GET", "/api/v1/orgs/acme/logs?q=sur%20", { as: USERS.acme })
    ).body.lines
      .map((l) => l.message)
      .sort();
    expect(tenantLines).toEqual(["sur loki \ufffd end", "sur native \ufffd end", "sur otlp \ufffd end"]);
    const platformLines = (
      await call<{ lines: { message: string }[] }>("GET", "/api/v1/platform/logs?q=sur%20&start=1h", {
        as: USERS.oncall,
      })
    ).body.lines
      .map((l) => l.message)
      .sort();
    expect(platformLines).toEqual(["sur platform \ufffd end", "sur ploki \ufffd end", "sur potlp \ufffd end"]);
  });

  it("for an org name that could break a header, an export answers 400", async () => {
    for (const org of ["a\r\nset-cookie: x=1", 'a"b', "a b"]) {
      const res = await call<ErrorBody>("GET", `/api/v1/orgs/${encodeURIComponent(org)}/logs/export`, {
        as: USERS.admin,
        headers: { "x-access-reason": "test" },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details?.fields?.[0]?.field).toBe("params.org");
    }
  });
});

describe("bodies are counted while they are read", () => {
  /** A body of `total` bytes that says nothing about its size up front; counts what was pulled. */
  function endless(total: number) {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) return c.close();
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    return { stream, pulled: () => sent };
  }

  it("stops at the limit with a 413, having read no more than a chunk past it", async () => {
    const ingestRoute = routes.find((r) => r.key === "POST /api/v1/logs")!;
    const tokens = routes.find((r) => r.key === "POST /api/v1/tokens")!;
    for (const [r, limit] of [
      [ingestRoute, 5 * 1024 * 1024],
      [tokens, 1024 * 1024],
    ] as const) {
      const body = endless(150 * 1024 * 1024);
      const res = await send(r, { headers: { "content-type": "application/json" }, body: body.stream });
      expect(res.status, r.key).toBe(413);
      expect(body.pulled(), r.key).toBeLessThanOrEqual(limit + 2 * 64 * 1024);
    }
  });
});

describe("no audit, no read", () => {
  beforeAll(async () => {
    // The database refuses this one request's audit event, as a full disk or a lost connection would.
    await db().execute(
      sql.raw(`
      create function refuse_marked_audit() returns trigger language plpgsql as $$
      begin
        if new.details->>'client_request_id' like 'refuse-audit%' then raise exception 'audit store unavailable'; end if;
        return new;
      end $$`),
    );
    await db().execute(
      sql.raw(
        `create trigger refuse_marked_audit before insert on audit_events for each row execute function refuse_marked_audit()`,
      ),
    );
  });
  afterAll(async () => {
    await db().execute(sql.raw(`drop trigger refuse_marked_audit on audit_events`));
    await db().execute(sql.raw(`drop function refuse_marked_audit()`));
  });

  it("returns 503 and none of the lines when the read cannot be recorded", async () => {
    await ingest([entry({ message: "secret unaudited line" })]);
    for (const path of [
      "/api/v1/orgs/acme/logs?q=secret%20unaudited",
      "/api/v1/orgs/acme/logs/export?q=secret%20unaudited",
      "/api/v1/orgs/acme/logs/tail?q=secret",
    ]) {
      const res = await call<ErrorBody>("GET", path, {
        as: USERS.acme,
        headers: { "x-request-id": `refuse-audit-${path.length}` },
      });
      expect(res.status, path).toBe(503);
      expect(res.text, path).not.toContain("secret unaudited line");
      expect(res.body.error.code).toBe("unavailable");
    }
    const limits = await call<{ usage: { tails_open: number } }>("GET", "/api/v1/orgs/acme/logs/limits", {
      as: USERS.acme,
    });
    expect(limits.body.usage.tails_open).toBe(0);
  });
});

describe("append-only tables", () => {
  it("refuse TRUNCATE as well as UPDATE and DELETE", async () => {
    await expect(db().execute(sql`truncate timeline_entries`)).rejects.toThrow();
    await expect(db().execute(sql`truncate audit_events`)).rejects.toThrow();
    await expect(db().execute(sql`update timeline_entries set body = 'x'`)).rejects.toThrow();
  });
});

describe("the org directory", () => {
  it("shows every org only to scopes that act on every org's data", async () => {
    const names = async (scopes: string[]) => {
      const t = await mintToken(USERS.oncall, { scopes });
      return (await call<{ orgs: { id: string }[] }>("GET", "/api/v1/orgs", { as: { token: t.secret } })).body.orgs.map(
        (o) => o.id,
      );
    };
    expect(await names(["incidents:read"])).toEqual([]);
    expect(await names(["dashboards:read", "alerts:write"])).toEqual([]);
    expect(await names(["audit:read"])).toEqual(expect.arrayContaining(["acme", "globex"]));
    expect(
      (await call<{ orgs: { id: string }[] }>("GET", "/api/v1/orgs", { as: USERS.acme })).body.orgs.map((o) => o.id),
    ).toEqual(["acme"]);
  });
});

describe("the embedded store's files", () => {
  it("are private from the first start of a new store", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-fresh-"));
    const umask = process.umask();
    try {
      const handle = openDb({ dataDir: dir });
      await handle.db.execute(sql`select 1`);
      await handle.close();
      const open: string[] = [];
      const walk = (p: string) => {
        const st = fs.statSync(p);
        if ((st.mode & 0o077) !== 0) open.push(`${(st.mode & 0o777).toString(8)} ${path.relative(dir, p)}`);
        if (st.isDirectory()) fs.readdirSync(p).forEach((n) => walk(path.join(p, n)));
      };
      walk(dir);
      expect(open).toEqual([]);
    } finally {
      process.umask(umask);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("are the owner's alone: the data dir 0700, files 0600, earlier readable files made private", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-perm-"));
    const umask = process.umask();
    try {
      fs.mkdirSync(path.join(dir, "pgdata"), { mode: 0o755 });
      fs.writeFileSync(path.join(dir, "pgdata", "old"), "x", { mode: 0o666 });
      fs.chmodSync(path.join(dir, "pgdata", "old"), 0o666);
      fs.chmodSync(dir, 0o755);
      privateDataDir(dir);
      fs.writeFileSync(path.join(dir, "new"), "y");
      const mode = (p: string) => fs.statSync(path.join(dir, p)).mode & 0o777;
      expect(mode(".")).toBe(0o700);
      expect(mode("pgdata")).toBe(0o700);
      expect(mode("pgdata/old")).toBe(0o600);
      expect(mode("new")).toBe(0o600);
    } finally {
      process.umask(umask);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
