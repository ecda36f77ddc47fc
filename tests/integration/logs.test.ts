import { beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { ResponseOf } from "@/lib/http/endpoint";
import type { tenantLogEndpoints } from "@/lib/logs/contract";
import { entry, ingest, agentToken } from "../support/logs";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db/client";

withTestDb();

type Lines = ResponseOf<(typeof tenantLogEndpoints)["query"]>;
type Err = ApiErrorBody;

const t0 = Date.now() - 30 * 60_000;
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

beforeAll(async () => {
  const batch = [];
  for (let i = 0; i < 120; i++) {
    batch.push(
      entry({
        ts: at(i),
        message: `acme web line ${i}`,
        instance_id: `web-${i % 3}`,
        level: i % 10 === 0 ? "error" : "info",
      }),
    );
    batch.push(
      entry({ ts: at(i), org_id: "globex", app_id: "shop", message: `globex secret line ${i}`, instance_id: "shop-1" }),
    );
  }
  batch.push(
    entry({
      ts: at(200),
      app_id: "api",
      env_id: "staging",
      process_type: "worker",
      instance_id: "api-w-1",
      message: "Payment 50% done_ok [special]",
    }),
  );
  await ingest(batch);
});

describe("log ingest", () => {
  it("accepts a JSON array and NDJSON", async () => {
    expect(await ingest([entry({ message: "array" })])).toBe(1);
    const ndjson =
      [entry({ message: "nd one" }), entry({ message: "nd two" })].map((e) => JSON.stringify(e)).join("\n") + "\n";
    const res = await call<{ accepted: number }>("POST", "/api/v1/logs", {
      as: { token: await agentToken() },
      rawBody: ndjson,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
  });

  it("is atomic: one bad entry stores nothing and every bad line is named", async () => {
    const marker = `atomic-${Date.now()}`;
    const batch = [
      entry({ message: marker }),
      entry({ message: marker, org_id: "no-such-org" }),
      entry({ message: marker }),
      { ...entry({ message: marker }), ts: "yesterday" },
      entry({ message: marker, instance_id: "" }),
    ];
    const res = await call<Err>("POST", "/api/v1/logs", { as: { token: await agentToken() }, body: batch });
    expect(res.status).toBe(400);
    const lines = res.body.error.details!.lines!;
    expect(lines.map((l) => `${l.line}:${l.field}`)).toEqual(["2:org_id", "4:ts", "5:instance_id"]);
    expect(res.body.error.message).toContain("3 of 5 lines are invalid; nothing was stored");
    const q = await call<Lines>("GET", `/api/v1/orgs/acme/logs?q=${marker}`, { as: USERS.acme });
    expect(q.body.lines).toHaveLength(0);
  });

  it("names bad NDJSON lines by their line number", async () => {
    const body = [JSON.stringify(entry()), "{not json", "", JSON.stringify(entry({ level: "loud" }))].join("\n");
    const res = await call<Err>("POST", "/api/v1/logs", {
      as: { token: await agentToken() },
      rawBody: body,
      headers: { "content-type": "application/x-ndjson" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details!.lines!.map((l) => l.line)).toEqual([2, 4]);
  });

  it("refuses more than 10,000 entries or 5 MB with 413", async () => {
    const many = Array.from({ length: 10_001 }, () => ({ m: 1 }));
    const res = await call<Err>("POST", "/api/v1/logs", { as: { token: await agentToken() }, body: many });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain("10000");
    const big = [entry({ message: "x".repeat(5 * 1024 * 1024) })];
    expect((await call("POST", "/api/v1/logs", { as: { token: await agentToken() }, body: big })).status).toBe(413);
  });

  it("refuses a message over 256 KB, naming the line", async () => {
    const res = await call<Err>("POST", "/api/v1/logs", {
      as: { token: await agentToken() },
      body: [entry(), entry({ message: "y".repeat(256 * 1024 + 1) })],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details!.lines![0]).toMatchObject({ line: 2, field: "message" });
  });

  it("needs logs:write: tenants and operators cannot ingest", async () => {
    expect((await call("POST", "/api/v1/logs", { as: USERS.acme, body: [entry()] })).status).toBe(403);
    expect((await call("POST", "/api/v1/logs", { as: USERS.oncall, body: [entry()] })).status).toBe(403);
  });
});

describe("log query", () => {
  it("returns the org's lines newest first, with every field", async () => {
    const res = await call<Lines>("GET", "/api/v1/orgs/acme/logs?app=web&env=production&start=1h&limit=5", {
      as: USERS.acme,
    });
    expect(res.status).toBe(200);
    expect(res.body.lines).toHaveLength(5);
    expect(res.body.truncated).toBe(true);
    const ts = res.body.lines.map((l) => l.ts);
    expect(ts).toEqual([...ts].sort().reverse());
    expect(Object.keys(res.body.lines[0]!).sort()).toEqual(
      [
        "attrs",
        "app_id",
        "env_id",
        "host_id",
        "id",
        "instance_id",
        "level",
        "message",
        "org_id",
        "process_type",
        "release_id",
        "request_id",
        "trace_id",
        "ts",
      ].sort(),
    );
    expect(res.body.lines.every((l) => l.org_id === "acme")).toBe(true);
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Lines } = await call<Lines>(
        "GET",
        `/api/v1/orgs/acme/logs?app=web&q=acme%20web%20line&start=1h&limit=50${cursor ? `&cursor=${cursor}` : ""}`,
        { as: USERS.acme },
      );
      seen.push(...res.body.lines.map((l) => l.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it("filters by instance, level minimum and case-insensitive text (wildcards are literal)", async () => {
    const inst = await call<Lines>("GET", "/api/v1/orgs/acme/logs?instance=web-1&instance=web-2&q=acme&limit=1000", {
      as: USERS.acme,
    });
    expect(inst.body.lines).toHaveLength(80);
    const errors = await call<Lines>("GET", "/api/v1/orgs/acme/logs?level=error&app=web&limit=1000", {
      as: USERS.acme,
    });
    expect(errors.body.lines.length).toBe(12);
    expect(errors.body.lines.every((l) => l.level === "error")).toBe(true);
    const special = await call<Lines>(
      "GET",
      `/api/v1/orgs/acme/logs?q=${encodeURIComponent("PAYMENT 50% DONE_OK [SPECIAL]")}`,
      { as: USERS.acme },
    );
    expect(special.body.lines.map((l) => l.message)).toEqual(["Payment 50% done_ok [special]"]);
    const wildcard = await call<Lines>("GET", `/api/v1/orgs/acme/logs?q=${encodeURIComponent("%")}`, {
      as: USERS.acme,
    });
    expect(wildcard.body.lines.map((l) => l.message)).toEqual(["Payment 50% done_ok [special]"]);
    const underscore = await call<Lines>("GET", `/api/v1/orgs/acme/logs?q=${encodeURIComponent("e_")}`, {
      as: USERS.acme,
    });
    expect(underscore.body.lines.map((l) => l.message)).toEqual(["Payment 50% done_ok [special]"]);
  });

  it("refuses windows and pages over the limits, naming the limit", async () => {
    const window = await call<Err>("GET", "/api/v1/orgs/acme/logs?start=8d", { as: USERS.acme });
    expect(window.status).toBe(400);
    expect(window.body.error.message).toContain("7-day limit");
    const page = await call<Err>("GET", "/api/v1/orgs/acme/logs?limit=5001", { as: USERS.acme });
    expect(page.status).toBe(400);
    expect(page.body.error.message).toContain("at most 5000");
    const retention = await call<Err>("GET", "/api/v1/orgs/acme/logs?start=40d&end=35d", { as: USERS.acme });
    expect(retention.body.error.message).toContain("30-day retention");
    const bad = await call<Err>("GET", "/api/v1/orgs/acme/logs?level=loud&start=noon", { as: USERS.acme });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.fields!.map((f) => f.field)).toContain("query.level");
  });

  it("never shows another org's lines, whatever the filters name", async () => {
    const res = await call<Lines>("GET", "/api/v1/orgs/acme/logs?app=shop&instance=shop-1&q=globex&limit=1000", {
      as: USERS.acme,
    });
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([]);
    const other = await call<Err>("GET", "/api/v1/orgs/globex/logs", { as: USERS.acme });
    expect(other.status).toBe(403);
  });

  it("requires operators to state a reason, which the tenant then sees", async () => {
    const none = await call<Err>("GET", "/api/v1/orgs/acme/logs", { as: USERS.oncall });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe("reason_required");
    const header = await call<Lines>("GET", "/api/v1/orgs/acme/logs", {
      as: USERS.oncall,
      headers: { "x-access-reason": "INC-7 triage" },
    });
    expect(header.status).toBe(200);
    const stated = await call<{ access: { reason: string; expires_at: string } }>("POST", "/api/v1/orgs/acme/access", {
      as: USERS.oncall,
      body: { reason: "SUP-1234 customer reports 500s" },
    });
    expect(stated.status).toBe(201);
    expect(Date.parse(stated.body.access.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
    const given = await call<Lines>("GET", "/api/v1/orgs/acme/logs", { as: USERS.oncall });
    expect(given.status).toBe(200);
    const audit = await call<{
      events: { action: string; actor: { email: string }; details: Record<string, unknown>; outcome: string }[];
    }>("GET", "/api/v1/orgs/acme/audit", { as: USERS.acme });
    const byOncall = audit.body.events.filter(
      (e) => e.actor.email === "oncall@demo.local" && e.action.startsWith("logs."),
    );
    expect(byOncall.map((e) => [e.action, e.outcome, e.details.reason ?? null, e.details.code ?? null])).toEqual([
      ["logs.query", "allowed", "SUP-1234 customer reports 500s", null],
      ["logs.access_reason", "allowed", "SUP-1234 customer reports 500s", null],
      ["logs.query", "allowed", "INC-7 triage", null],
      ["logs.query", "denied", null, "reason_required"],
    ]);
  });

  it("keeps a stated reason to one person, one org and a bounded time, never in a URL", async () => {
    await call("POST", "/api/v1/orgs/acme/access", { as: USERS.oncall, body: { reason: "SUP-77 slow deploys" } });
    // The link the operator would share carries no reason: another operator who opens it is asked for theirs.
    expect((await call<Err>("GET", "/api/v1/orgs/acme/logs?start=1h", { as: USERS.ic })).body.error.code).toBe(
      "reason_required",
    );
    // The reason covers acme only.
    expect((await call<Err>("GET", "/api/v1/orgs/globex/logs", { as: USERS.oncall })).body.error.code).toBe(
      "reason_required",
    );
    // A reason in the query string is refused outright, so none ends up in a link or a browser history.
    const inUrl = await call<Err>("GET", "/api/v1/orgs/acme/logs?reason=SUP-1", { as: USERS.ic });
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.error.details?.fields?.map((f) => f.field)).toEqual(["query.reason"]);
    // Once it expires, or the operator ends it, reads stop.
    expect((await call("GET", "/api/v1/orgs/acme/logs", { as: USERS.oncall })).status).toBe(200);
    await db().execute(
      sql`update access_reasons set expires_at = now() - interval '1 second' where user_id = ${USERS.oncall}`,
    );
    expect((await call<Err>("GET", "/api/v1/orgs/acme/logs", { as: USERS.oncall })).body.error.code).toBe(
      "reason_required",
    );
    await call("POST", "/api/v1/orgs/acme/access", { as: USERS.oncall, body: { reason: "SUP-78" } });
    expect((await call("GET", "/api/v1/orgs/acme/access", { as: USERS.oncall })).body).toMatchObject({
      access: { reason: "SUP-78" },
      member: false,
    });
    expect((await call("DELETE", "/api/v1/orgs/acme/access", { as: USERS.oncall })).status).toBe(200);
    expect((await call<Err>("GET", "/api/v1/orgs/acme/logs", { as: USERS.oncall })).body.error.code).toBe(
      "reason_required",
    );
    // An empty reason is not a reason; an org that does not exist has no logs to state one for.
    expect((await call("POST", "/api/v1/orgs/acme/access", { as: USERS.oncall, body: { reason: "  " } })).status).toBe(
      400,
    );
    expect(
      (await call("POST", "/api/v1/orgs/no-such-org/access", { as: USERS.oncall, body: { reason: "x" } })).status,
    ).toBe(404);
  });

  it("lets an org-bound token read its org only", async () => {
    const t = await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" });
    expect((await call("GET", "/api/v1/orgs/acme/logs", { as: { token: t.secret } })).status).toBe(200);
    expect((await call("GET", "/api/v1/orgs/globex/logs", { as: { token: t.secret } })).status).toBe(403);
  });
});

describe("context, facets, export, limits", () => {
  it("shows the lines around a line from the same instance", async () => {
    const all = await call<Lines>(
      "GET",
      "/api/v1/orgs/acme/logs?instance=web-0&q=acme%20web&order=asc&limit=1000&start=1h",
      { as: USERS.acme },
    );
    const middle = all.body.lines[20]!;
    const ctx = await call<{
      line: { id: string };
      before: { id: string; instance_id: string }[];
      after: { id: string }[];
    }>("GET", `/api/v1/orgs/acme/logs/${middle.id}/context?before=3&after=2`, { as: USERS.acme });
    expect(ctx.status).toBe(200);
    expect(ctx.body.line.id).toBe(middle.id);
    expect(ctx.body.before.map((l) => l.id)).toEqual(all.body.lines.slice(17, 20).map((l) => l.id));
    expect(ctx.body.after.map((l) => l.id)).toEqual(all.body.lines.slice(21, 23).map((l) => l.id));
    expect(ctx.body.before.every((l) => l.instance_id === "web-0")).toBe(true);
  });

  it("answers 404 for another org's line, as for a missing one", async () => {
    const g = await call<Lines>("GET", "/api/v1/orgs/globex/logs?limit=1", { as: USERS.globex });
    const foreign = g.body.lines[0]!.id;
    expect((await call("GET", `/api/v1/orgs/acme/logs/${foreign}/context`, { as: USERS.acme })).status).toBe(404);
    expect((await call("GET", `/api/v1/orgs/acme/logs/999999999/context`, { as: USERS.acme })).status).toBe(404);
    expect((await call("GET", `/api/v1/orgs/acme/logs/abc/context`, { as: USERS.acme })).status).toBe(404);
  });

  it("lists the org's own apps, envs, processes and instances", async () => {
    const f = await call<{ apps: string[]; envs: string[]; processes: string[]; instances: string[] }>(
      "GET",
      "/api/v1/orgs/acme/logs/facets",
      { as: USERS.acme },
    );
    expect(f.body.apps).toEqual(["api", "web"]);
    expect(f.body.envs).toEqual(["production", "staging"]);
    expect(f.body.processes).toEqual(["web", "worker"]);
    expect(f.body.instances).not.toContain("shop-1");
  });

  it("exports NDJSON with the same filters, oldest first, audited before the first line and closed with the line count", async () => {
    const res = await call("GET", "/api/v1/orgs/acme/logs/export?app=web&q=acme%20web%20line&start=1h", {
      as: USERS.acme,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = res.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { org_id: string; ts: string });
    expect(lines).toHaveLength(120);
    expect(lines.every((l) => l.org_id === "acme")).toBe(true);
    expect(lines.map((l) => l.ts)).toEqual(lines.map((l) => l.ts).sort());
    // Line for line what the query API returns for the same filters.
    const queried = await call<Lines>(
      "GET",
      "/api/v1/orgs/acme/logs?app=web&q=acme%20web%20line&start=1h&order=asc&limit=1000",
      { as: USERS.acme },
    );
    expect(lines).toEqual(queried.body.lines);
    await new Promise((r) => setTimeout(r, 50));
    const audit = await call<{ events: { action: string; request_id: string; details: Record<string, unknown> }[] }>(
      "GET",
      "/api/v1/orgs/acme/audit",
      { as: USERS.acme },
    );
    const events = audit.body.events.filter((e) => e.request_id === res.headers.get("x-request-id"));
    expect(events.map((e) => e.action)).toEqual(["logs.export_close", "logs.export"]);
    expect(events[1]!.details).toMatchObject({ status: 200, filters: { app: ["web"], q: "acme web line" } });
    expect(events[0]!.details).toMatchObject({ lines: 120, capped: false });
  });

  it("reports the limits and tails in use", async () => {
    const res = await call<{ limits: Record<string, number>; usage: { tails_open: number; tails_max: number } }>(
      "GET",
      "/api/v1/orgs/acme/logs/limits",
      { as: USERS.acme },
    );
    expect(res.body.limits).toMatchObject({
      retention_days: 30,
      max_window_hours: 168,
      max_page_lines: 5000,
      max_tails_per_org: 10,
      tail_lines_per_second: 500,
      tail_max_seconds: 3600,
    });
    expect(res.body.usage).toEqual({ tails_open: 0, tails_max: 10 });
  });
});

describe("hostile text", () => {
  it("keeps a NUL in an agent's message visible as U+FFFD instead of failing the batch", async () => {
    expect(await ingest([entry({ message: "bin\u0000ary nul-test" })])).toBe(1);
    const res = await call<Lines>("GET", "/api/v1/orgs/acme/logs?q=nul-test", { as: USERS.acme });
    expect(res.body.lines[0]!.message).toBe("bin\uFFFDary nul-test");
  });

  it("refuses NUL in query parameters and bodies with a 400 naming the field", async () => {
    const q = await call<Err>("GET", "/api/v1/orgs/acme/logs?app=we%00b", { as: USERS.acme });
    expect(q.status).toBe(400);
    expect(q.body.error.details!.fields![0]!.field).toBe("query.app");
    const body = await call<Err>("POST", "/api/v1/tokens", {
      as: USERS.acme,
      body: { name: "a\u0000b", scopes: ["logs:read"], org_id: "acme" },
    });
    expect(body.status).toBe(400);
    expect(body.body.error.details!.fields![0]!.field).toBe("body.name");
  });
});

describe("retention", () => {
  it("drops whole days of lines older than the retention window, and keeps the rest", async () => {
    const { storeOf } = await import("@/lib/kinds/kind");
    const { tenantLogs } = await import("@/lib/logs/kind");
    const { partitionName: name } = await import("@/lib/kinds/postgres");
    const logStore = () => storeOf(tenantLogs);
    const partitionName = (d: Date) => name("log_lines", d);
    const { applyRetention } = await import("@/lib/kinds/retention");
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day) * day;
    // Written past ingest's own check (it refuses lines older than the retention): as if they had aged.
    const aged = [40, 31, 29].map((d) => ({
      ...entry({ message: `aged ${d} days` }),
      ts: new Date(today - d * day + 3_600_000).toISOString(),
    }));
    await logStore().insert(aged);
    const dropped = await applyRetention();
    expect(dropped).toContain(partitionName(new Date(today - 40 * day)));
    expect(dropped).toContain(partitionName(new Date(today - 31 * day)));
    expect(dropped).not.toContain(partitionName(new Date(today - 29 * day)));
    expect(dropped).not.toContain(partitionName(new Date(today)));
    const left = await logStore().range(
      { scope: "acme", lists: {}, levels: null, q: "aged" },
      { start: new Date(today - 41 * day), end: new Date(today), order: "asc", limit: 10 },
    );
    expect(left.map((l) => l.message)).toEqual(["aged 29 days"]);
  });
});
