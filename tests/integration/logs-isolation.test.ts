// Isolation fuzz: crafted requests against every log endpoint — other orgs' names and ids in the path
// and in every filter, injection strings, encodings and case tricks, huge and empty values, tokens of
// other orgs, without the scope, expired, revoked — and never a foreign line, never a 5xx.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS, type Who } from "../support/api";
import { entry, ingest } from "../support/logs";
import { brokenDeploy, postEvents } from "../support/events";
import { db } from "@/lib/db/client";
import { apiTokens } from "@/lib/db/schema";

withTestDb();

const SECRET = "GLOBEX-SECRET-7f3a";
const PLATFORM_SECRET = "PLATFORM-ONLY-9c2e";
/** Hosts, edge nodes and backend addresses of acme's own workload: platform internals a tenant never sees. */
const INTERNAL = /HOSTSECRET|NODESECRET|10\.66\.|"host_id"|"node_id"/;
let platformIds: string[] = [];
/** Kept traces whose spans name acme or globex: platform data all the same. */
const ISOLATION_TRACES = ["1c0ffee0000000000000000000000001", "1c0ffee0000000000000000000000002"];
const callers: Record<string, Who> = {};
let foreignIds: string[] = [];
let ownId = "";

beforeAll(async () => {
  const now = Date.now();
  const lines = [];
  for (let i = 0; i < 60; i++) {
    lines.push(
      entry({
        ts: new Date(now - i * 10_000).toISOString(),
        org_id: "globex",
        app_id: i % 2 ? "shop" : "web",
        env_id: "production",
        instance_id: `shop-${i % 3}`,
        message: `${SECRET} card=4111 order=${i}`,
        request_id: `req-globex-${i}`,
      }),
    );
    lines.push(
      entry({ ts: new Date(now - i * 10_000).toISOString(), message: `acme line ${i}`, instance_id: `web-${i % 3}` }),
    );
  }
  await ingest(lines);
  // Platform lines that name the tenant's own org (a request of acme's the edge served): still platform data.
  const agent = await mintToken(USERS.admin, { scopes: ["logs:write"] });
  const platform = Array.from({ length: 20 }, (_, i) => ({
    ts: new Date(now - i * 10_000).toISOString(),
    component: "edge",
    region: "eu-west",
    node_id: "edge-eu-west-3",
    level: "error",
    message: `${PLATFORM_SECRET} tls handshake failed`,
    org_id: i % 2 ? "acme" : "globex",
    request_id: `req-acme-shared-${i}`,
    app_id: "web",
  }));
  expect((await call("POST", "/api/v1/platform/logs", { as: { token: agent.secret }, body: platform })).status).toBe(
    200,
  );
  await ingest(
    Array.from({ length: 10 }, (_, i) =>
      entry({
        ts: new Date(now - i * 10_000).toISOString(),
        message: `acme request ${i}`,
        request_id: `req-acme-shared-${i}`,
      }),
    ),
  );
  platformIds = (
    await call<{ lines: { id: string }[] }>("GET", "/api/v1/platform/logs?limit=5", { as: USERS.oncall })
  ).body.lines.map((l) => l.id);
  const g = await call<{ lines: { id: string }[] }>("GET", "/api/v1/orgs/globex/logs?limit=100", { as: USERS.globex });
  foreignIds = g.body.lines.map((l) => l.id);
  ownId = (await call<{ lines: { id: string }[] }>("GET", "/api/v1/orgs/acme/logs?limit=1", { as: USERS.acme })).body
    .lines[0]!.id;
  // The platform's events: globex's deploy (its secret in the messages), acme's with hosts and nodes named.
  const relabel = (events: ReturnType<typeof brokenDeploy>, org: string) =>
    events.map((e) => ({
      ...e,
      message: org === "globex" ? SECRET : null,
      host_id: e.host_id ? `HOSTSECRET-${e.host_id}` : null,
      node_id: e.node_id ? `NODESECRET-${e.node_id}` : null,
      error: e.error ? PLATFORM_SECRET : null,
      backends: e.backends?.map((b) => ({ ...b, address: "10.66.0.1:8080" })) ?? null,
    }));
  const control = await mintToken(USERS.admin, { scopes: ["events:write"] });
  for (const org of ["acme", "globex"])
    expect(
      (await postEvents({ token: control.secret }, relabel(brokenDeploy(org, "shop", "production"), org))).status,
    ).toBe(200);
  // The platform's spans: traces that name acme and globex (a request of each the edge served), kept (they failed).
  const tracer = { token: (await mintToken(USERS.admin, { scopes: ["traces:write"] })).secret };
  const spans = ISOLATION_TRACES.map((traceId, i) => ({
    resource: { attributes: [{ key: "service.name", value: { stringValue: "edge" } }] },
    scopeSpans: [
      {
        spans: [
          {
            traceId,
            spanId: `${i}`.padStart(16, "a"),
            name: `${PLATFORM_SECRET} upstream connect`,
            startTimeUnixNano: String(BigInt(now - i * 1000) * 1_000_000n),
            endTimeUnixNano: String(BigInt(now - i * 1000 + 5) * 1_000_000n),
            attributes: [
              { key: "org_id", value: { stringValue: i % 2 ? "acme" : "globex" } },
              { key: "request_id", value: { stringValue: `req-acme-shared-${i}` } },
            ],
            status: { code: 2, message: PLATFORM_SECRET },
          },
        ],
      },
    ],
  }));
  expect(
    (await call("POST", "/api/v1/platform/otlp/v1/traces", { as: tracer, body: { resourceSpans: spans } })).status,
  ).toBe(200);
  expect((await call("GET", `/api/v1/traces/${ISOLATION_TRACES[1]}`, { as: USERS.oncall })).text).toContain(
    PLATFORM_SECRET,
  );
  callers.acme_session = USERS.acme;
  callers.acme_token = { token: (await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" })).secret };
  callers.acme_token_without_scope = {
    token: (await mintToken(USERS.acme, { scopes: ["audit:read"], org_id: "acme" })).secret,
  };
  const expired = await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme", expires_in_days: 1 });
  await db()
    .update(apiTokens)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(apiTokens.id, expired.id));
  callers.acme_token_expired = { token: expired.secret };
  const revoked = await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" });
  await call("DELETE", `/api/v1/tokens/${revoked.id}`, { as: USERS.acme });
  callers.acme_token_revoked = { token: revoked.secret };
  callers.globex_token_on_acme = {
    token: (await mintToken(USERS.globex, { scopes: ["logs:read"], org_id: "globex" })).secret,
  };
  callers.operator_without_reason = USERS.oncall;
  callers.anonymous = null;
});

const ORG_SEGMENTS = [
  "acme",
  "globex",
  "GLOBEX",
  "Acme",
  "globex%00",
  "acme%2F..%2Fglobex",
  "acme%20",
  "%20acme",
  "acme,globex",
  "acme'--",
  "acme%22%20OR%201%3D1",
  "%D0%B0cme",
  "x".repeat(300),
  "globex%0Aacme",
  "*",
  "%25",
  "no-such-org",
];
const INJECTIONS = [
  "' OR org_id='globex' --",
  "%' OR '1'='1",
  "\\",
  "\\%",
  "_",
  "%",
  "globex",
  SECRET,
  "shop-1",
  "req-globex-1",
  "'; DROP TABLE log_lines; --",
  "\u0000",
  "😀",
  "a".repeat(501),
  "",
];
const FILTER_KEYS = [
  "app",
  "env",
  "process",
  "instance",
  "q",
  "level",
  "start",
  "end",
  "cursor",
  "limit",
  "order",
  "reason",
  "before",
  "after",
];

function* requests(): Generator<{ caller: string; url: string }> {
  const paths = (org: string) => [
    `/api/v1/orgs/${org}/logs`,
    `/api/v1/orgs/${org}/logs/export`,
    `/api/v1/orgs/${org}/logs/facets`,
    `/api/v1/orgs/${org}/logs/tail`,
    `/api/v1/orgs/${org}/logs/limits`,
    `/api/v1/orgs/${org}/events`,
    `/api/v1/orgs/${org}/events/tail`,
    `/api/v1/orgs/${org}/describe/env/shop/production`,
  ];
  // Every caller on every endpoint of acme and of globex.
  // (globex's own token only ever knocks on acme's door.)
  for (const caller of Object.keys(callers))
    for (const org of caller === "globex_token_on_acme" ? ["acme"] : ["acme", "globex"])
      for (const p of paths(org)) yield { caller, url: p };
  // Path tricks, as acme.
  for (const seg of ORG_SEGMENTS) for (const p of paths(seg)) yield { caller: "acme_session", url: p };
  // Every filter with every hostile value, on acme, as the acme session and the acme token.
  for (const key of FILTER_KEYS)
    for (const v of INJECTIONS)
      for (const caller of ["acme_session", "acme_token"]) {
        const q = new URLSearchParams({ [key]: v });
        yield { caller, url: `/api/v1/orgs/acme/logs?${q}` };
        if (key === "q" || key === "instance" || key === "app")
          yield { caller, url: `/api/v1/orgs/acme/logs/export?${q}&start=1h` };
      }
  for (const key of FILTER_KEYS)
    for (const v of INJECTIONS) {
      const q = new URLSearchParams({ [key]: v });
      yield { caller: "acme_token", url: `/api/v1/orgs/acme/logs/tail?${q}` };
      yield { caller: "acme_session", url: `/api/v1/orgs/acme/logs/facets?${q}` };
    }
  // The events list and tail with every hostile value in every filter, and the other org's names.
  for (const key of ["app", "env", "route", "instance", "kind", "from", "to", "cursor", "limit", "org", "after"])
    for (const v of INJECTIONS)
      for (const caller of ["acme_session", "acme_token"]) {
        const q = new URLSearchParams({ [key]: v });
        yield { caller, url: `/api/v1/orgs/acme/events?${q}` };
        if (key !== "from" && key !== "to") yield { caller, url: `/api/v1/orgs/acme/events/tail?${q}` };
      }
  for (const caller of ["acme_session", "acme_token"]) {
    yield { caller, url: "/api/v1/orgs/acme/events?route=shop-production.globex.app&instance=shop-production-new-1" };
    yield { caller, url: "/api/v1/orgs/acme/events?kind=edge.apply_failed&kind=consumer.cursor" };
    for (const [app, env] of [
      ["shop", "production"],
      ["..", "production"],
      ["shop%2F..%2F..", "x"],
      ["SHOP", "production"],
    ])
      yield { caller, url: `/api/v1/orgs/acme/describe/env/${app}/${env}` };
  }
  // Repeated filters naming the other org's apps, instances and ids.
  for (const caller of ["acme_session", "acme_token"]) {
    yield {
      caller,
      url: "/api/v1/orgs/acme/logs?app=shop&app=web&instance=shop-1&instance=shop-2&start=1h&limit=5000",
    };
    yield { caller, url: "/api/v1/orgs/acme/logs?app=shop&org=globex&org_id=globex" };
  }
  // Other orgs' line ids in context, and tricks on the id.
  for (const id of [
    ...foreignIds.slice(0, 40),
    ownId,
    `${ownId}%20OR%201=1`,
    "-1",
    "0",
    "99999999999999999999",
    "1e3",
    "0x10",
    "%00",
  ])
    for (const caller of ["acme_session", "acme_token", "globex_token_on_acme"])
      yield { caller, url: `/api/v1/orgs/acme/logs/${id}/context?before=500&after=500` };
  // The platform's logs, as every tenant caller, with the tenant's own org and request ids as filters.
  const platformPaths = [
    "/api/v1/platform/logs",
    "/api/v1/platform/logs?org=acme&request_id=req-acme-shared-1",
    "/api/v1/platform/logs/export?org=acme",
    "/api/v1/platform/logs/facets",
    "/api/v1/platform/logs/tail?org=acme",
    "/api/v1/platform/logs/limits",
    "/api/v1/correlate?request_id=req-acme-shared-1",
    "/api/v1/correlate?trace_id=t",
    "/api/v1/platform/events",
    "/api/v1/platform/events?org=acme&app=shop",
    "/api/v1/platform/events/tail?org=acme",
    "/api/v1/platform/cursors",
    "/api/v1/platform/describe/env/acme/shop/production",
    "/api/v1/platform/describe/env/globex/shop/production",
    "/api/v1/platform/describe/route/shop-production.acme.app",
    "/api/v1/platform/describe/instance/shop-production-new-1",
    ...platformIds.map((id) => `/api/v1/platform/logs/${id}/context`),
    ...ISOLATION_TRACES.map((id) => `/api/v1/traces/${id}`),
    "/api/v1/traces",
    "/api/v1/traces?org=acme",
    "/api/v1/traces?service=edge&status=error&start=1h",
    "/api/v1/traces/services",
    "/api/v1/traces/dependencies",
  ];
  for (const caller of ["acme_session", "acme_token", "acme_token_without_scope", "globex_token_on_acme"])
    for (const url of platformPaths) yield { caller, url };
  // Tenant queries for the request ids the platform lines carry: only the tenant's own lines come back.
  for (const caller of ["acme_session", "acme_token"])
    for (let i = 0; i < 20; i++)
      yield { caller, url: `/api/v1/orgs/acme/logs?request_id=req-acme-shared-${i}&start=1h` };
  // Forged cursors.
  for (const c of [
    "djE6MjAyNi0wMS0wMVQwMDowMDowMC4wMDAwMDBafDE",
    "djE6Ly8vfDE",
    "notbase64!!",
    "djE6" + "A".repeat(150),
  ])
    for (const caller of ["acme_session", "acme_token"]) yield { caller, url: `/api/v1/orgs/acme/logs?cursor=${c}` };
}

describe("log isolation fuzz", () => {
  it("never returns another org's data and never fails with a 5xx", async () => {
    const all = [...requests()];
    expect(all.length).toBeGreaterThanOrEqual(1000);
    const statuses = new Map<number, number>();
    for (const { caller, url } of all) {
      let res;
      try {
        res = await call("GET", url, { as: callers[caller] });
      } catch (err) {
        throw new Error(`${caller} ${url}: ${(err as Error).message}`);
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const where = `${caller} GET ${url} → ${res.status}`;
      expect(res.status, where).toBeLessThan(500);
      expect(res.text, where).not.toContain(SECRET);
      expect(res.text, where).not.toContain(PLATFORM_SECRET);
      if (/^\/api\/v1\/(platform|traces)\b/.test(url)) expect([401, 403], where).toContain(res.status);
      expect(res.text, where).not.toContain("req-globex");
      expect(res.text, where).not.toMatch(/HOSTSECRET|NODESECRET|10\.66\./);
      if (/\/(events|describe|cursors)/.test(url)) expect(res.text, where).not.toMatch(INTERNAL);
      expect(res.text, where).not.toMatch(/"org_id":"(?!acme")/);
      const isOwn = url.startsWith("/api/v1/orgs/acme/") && (caller === "acme_session" || caller === "acme_token");
      if (res.status === 200 && !isOwn) {
        // Only the limits endpoint (no tenant data) or the org's own answers may succeed.
        expect(url, where).toMatch(/\/logs\/limits$|^\/api\/v1\/orgs\/%61cme/);
      }
      if (res.status === 200 && isOwn && /\/(events|describe)/.test(url)) {
        // An org's own events and env, on its own page: never a globex event.
        expect(res.text, where).not.toContain("globex");
      }
    }
    // Both kinds of answer were exercised.
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect((statuses.get(403) ?? 0) + (statuses.get(401) ?? 0)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(50);
  }, 120_000);
});
