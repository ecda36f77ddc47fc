// The platform's events through the real handlers: a batch stored all or nothing with 400s naming the
// event and field, idempotent and order-independent projections (a property over seeded streams: shuffled
// batches with repeats describe the same as a replay in order), describe's verdict and reasons, the
// instance's story, the events list and cursors, what a tenant sees of its own, the live tail within a
// second and its resume, and retention.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS, type ApiErrorBody, type Who } from "../support/api";
import { sseReader } from "../support/sse";
import { brokenDeploy, ev, postEvents, randomStream, shuffled } from "../support/events";
import { db, selectRows } from "@/lib/db/client";
import { applyEventRetention } from "@/lib/events";
import { EVENTS_MAX_BATCH, type EnvDescription, type PlatformEvent } from "@/lib/events/contract";
import { GET as platformTail } from "@/app/api/v1/platform/events/tail/route";
import { GET as orgTail } from "@/app/api/v1/orgs/[org]/events/tail/route";
import { sessionCookie } from "../support/api";

withTestDb();

let platform: Who = null;
const REASON = { "x-access-reason": "ticket SUP-42" };
const describeEnv = (path: string, as: Who = USERS.oncall) =>
  call<{ env: EnvDescription } & ApiErrorBody>("GET", `/api/v1/platform/describe/env/${path}`, { as, headers: REASON });

beforeAll(async () => {
  platform = { token: (await mintToken(USERS.admin, { name: "control-plane", scopes: ["events:write"] })).secret };
});

describe("posting events", () => {
  it("stores a batch all or nothing, naming each bad event's field", async () => {
    const good = ev({
      kind: "release.created",
      org_id: "acme",
      app_id: "api",
      release_id: "v1",
      event_id: "batch-good-1",
    });
    const res = await postEvents(platform, [
      good,
      ev({
        kind: "instance.failed",
        org_id: "acme",
        app_id: "api",
        env_id: "prod",
        process_type: "web",
        instance_id: "i-1",
      }),
      ev({
        kind: "instance.stopped",
        org_id: "acme",
        app_id: "api",
        env_id: "prod",
        process_type: "web",
        instance_id: "i-2",
        reason: "crashed",
      }),
      { ...good, event_id: "batch-bad-3", kind: "route.bound", colour: "blue" },
    ]);
    expect(res.status).toBe(400);
    const fields = (res.body as unknown as ApiErrorBody).error.details?.fields?.map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "body.events.1.reason",
        "body.events.2.exit_code",
        "body.events.3.colour",
        "body.events.3.route",
      ]),
    );
    const list = await call<{ events: PlatformEvent[] }>("GET", "/api/v1/platform/events?kind=release.created", {
      as: USERS.oncall,
    });
    expect(list.body.events.map((e) => e.event_id)).not.toContain("batch-good-1");
  });

  it("refuses by class: too many events (413, counted before parsing), deep JSON, long strings, a token without events:write", async () => {
    const many = Array.from({ length: EVENTS_MAX_BATCH + 1 }, () => ({}));
    const tooMany = await postEvents(platform, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toContain(`more than ${EVENTS_MAX_BATCH} events`);
    let deep: unknown = "x";
    for (let i = 0; i < 80; i++) deep = { a: deep };
    const nested = await call("POST", "/api/v1/platform/events", { as: platform, body: { events: [deep] } });
    expect(nested.status).toBe(400);
    const long = await postEvents(platform, [
      ev({ kind: "release.created", org_id: "acme", app_id: "a".repeat(101), release_id: "v1" }),
    ]);
    expect(long.status).toBe(400);
    expect((long.body as unknown as ApiErrorBody).error.details?.fields?.[0]?.field).toBe("body.events.0.app_id");
    const logsToken = { token: (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret };
    expect(
      (await postEvents(logsToken, [ev({ kind: "release.created", org_id: "acme", app_id: "x", release_id: "v1" })]))
        .status,
    ).toBe(403);
    const tenant = await postEvents(USERS.acme, [
      ev({ kind: "release.created", org_id: "acme", app_id: "x", release_id: "v1" }),
    ]);
    expect(tenant.status).toBe(403);
  });

  it("keeps the log append-only at the database: no update, no delete outside retention", async () => {
    await postEvents(platform, [
      ev({ kind: "release.created", org_id: "acme", app_id: "ro", release_id: "v1", event_id: "append-only-1" }),
    ]);
    await expect(
      db().execute(sql`update platform_events set region = 'x' where event_id = 'append-only-1'`),
    ).rejects.toThrow(/append-only/);
    await expect(db().execute(sql`delete from platform_events where event_id = 'append-only-1'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db().execute(sql`truncate platform_events`)).rejects.toThrow();
    const [row] = await selectRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from platform_events where event_id = 'append-only-1'`,
    );
    expect(row!.n).toBe(1);
  });
});

describe("describe env", () => {
  beforeAll(async () => {
    expect((await postEvents(platform, brokenDeploy("acme", "shop", "production"))).status).toBe(200);
  });

  it("says why a deploy is not serving, in plain words", async () => {
    const res = await describeEnv("acme/shop/production");
    expect(res.status).toBe(200);
    const env = res.body.env;
    // The only route serves nothing: not serving, though the worker runs.
    expect(env.verdict).toBe("not_serving");
    expect(env.reasons).toEqual([
      "web: 0 of 3 instances of release v42 ready — health check failing: GET /health answered 503",
      "worker: 4 restarts in the last hour (4 out of memory)",
      "route shop-production.acme.app: none of its 3 backends is ready",
      "route shop-production.acme.app: edge config v17 failed on eu-west-2 (2 of 6 nodes)",
    ]);
    const web = env.process_types.find((p) => p.process_type === "web")!;
    expect(web).toMatchObject({ desired: { release_id: "v42", desired_instances: 3 }, ready: 0, wanted: 3 });
    expect(
      web.instances.filter((i) => i.release_id === "v42").map((i) => [i.state, i.host_id, i.health?.passed]),
    ).toEqual([
      ["booted", "host-23", false],
      ["booted", "host-23", false],
      ["booted", "host-23", false],
    ]);
    const worker = env.process_types.find((p) => p.process_type === "worker")!;
    expect(worker.restarts_last_hour).toMatchObject({ count: 4, reasons: { oom_killed: 4 } });
    expect(env.routes[0]!.edge).toMatchObject({ config_version: 17, locations: 6, applied: 4, failed: 2 });
    expect(env.routes[0]!.backends[0]).toMatchObject({ address: "10.8.0.1:8080", state: "booted" });
  });

  it("turns serving once the new release's instances are ready and the edge applies", async () => {
    await postEvents(platform, brokenDeploy("acme", "fixed", "production"));
    const now = new Date().toISOString();
    const id = (s: string) => `fixed-production-${s}`;
    const w = { org_id: "acme", app_id: "fixed", env_id: "production" };
    await postEvents(platform, [
      ...["new-1", "new-2", "new-3"].flatMap((i) => [
        ev({
          kind: "instance.ready",
          ...w,
          process_type: "web",
          release_id: "v42",
          instance_id: id(i),
          host_id: "host-23",
          ts: now,
        }),
        ev({
          kind: "health_check.passed",
          ...w,
          instance_id: id(i),
          health_check: { check: "GET /health", status: 200 },
          ts: now,
        }),
      ]),
      ...[4, 5].map((k) =>
        ev({
          kind: "edge.config_applied",
          route: "fixed-production.acme.app",
          node_id: `edge-node-${k}`,
          config_version: 17,
          ts: now,
        }),
      ),
    ]);
    const env = (await describeEnv("acme/fixed/production")).body.env;
    // The worker's crash loop is still a reason of its own.
    expect(env.reasons).toEqual(["worker: 4 restarts in the last hour (4 out of memory)"]);
    expect(env.verdict).toBe("partially_serving");
  });

  it("answers 404 for an env no event names, and asks an operator for a reason", async () => {
    expect((await describeEnv("acme/nothing/here")).status).toBe(404);
    const noReason = await call<ApiErrorBody>("GET", "/api/v1/platform/describe/env/acme/shop/production", {
      as: USERS.oncall,
    });
    expect(noReason.status).toBe(403);
    expect(noReason.body.error.code).toBe("reason_required");
  });
});

/** A description without what differs between two envs' names and arrival order. */
const normalized = (value: unknown, app: string) =>
  JSON.parse(
    JSON.stringify(value, (k, v: unknown) =>
      ["position", "received_at", "as_of", "request_id"].includes(k) ? undefined : v,
    ).replaceAll(app, "APP"),
  ) as unknown;

async function describeAll(app: string, instanceId = `${app}-i0`, routeId = `${app}-a.acme.app`) {
  const env = await describeEnv(`acme/${app}/prod`);
  const instance = await call("GET", `/api/v1/platform/describe/instance/${instanceId}`, {
    as: USERS.oncall,
    headers: REASON,
  });
  const route = await call("GET", `/api/v1/platform/describe/route/${routeId}`, { as: USERS.oncall, headers: REASON });
  const events = await call("GET", `/api/v1/platform/events?org=acme&app=${app}&limit=1000`, {
    as: USERS.oncall,
    headers: REASON,
  });
  expect(env.status).toBe(200);
  return normalized(
    {
      env: env.body,
      instance: [instance.status, instance.body],
      route: [route.status, route.body],
      events: events.body,
    },
    app,
  );
}

describe("idempotence and order", () => {
  it("describes the same after the same events twice, and shuffled across batches", async () => {
    // One clock for both copies: their times must be the same to the millisecond.
    const now = Date.now();
    const ordered = brokenDeploy("acme", "ordapp", "prod", now);
    const mixed = brokenDeploy("acme", "mixapp", "prod", now);
    for (const e of ordered) await postEvents(platform, [e]);
    const all = (app: string) => describeAll(app, `${app}-prod-worker-0`, `${app}-prod.acme.app`);
    const once = await all("ordapp");
    expect(JSON.stringify(once)).toContain("oom_killed (memory 512 MiB of 512 MiB)".slice(0, 10));
    const again = await postEvents(platform, ordered);
    expect(again.body).toEqual({ accepted: 0, duplicates: ordered.length });
    expect(await all("ordapp")).toEqual(once);
    const s = shuffled(mixed, 7);
    await postEvents(platform, s.slice(20));
    await postEvents(platform, [...s.slice(0, 20), ...s.slice(25, 30)]);
    expect(await all("mixapp")).toEqual(once);
  });

  it("describe equals a replay in order, over seeded random streams posted shuffled, split and repeated", async () => {
    // EV_SEEDS=100 soaks it: an order-dependent description shows up within a hundred seeds.
    for (let seed = 1; seed <= Number(process.env.EV_SEEDS ?? 20); seed++) {
      // One clock for both copies: their times must be the same to the second.
      const now = Date.now();
      const replay = randomStream(seed, "acme", `rp${seed}x`, "prod", now);
      const random = randomStream(seed, "acme", `rs${seed}x`, "prod", now);
      const byTime = [...replay].sort(
        (a, b) => Date.parse(a.ts) - Date.parse(b.ts) || (a.event_id < b.event_id ? -1 : 1),
      );
      for (let i = 0; i < byTime.length; i += 10)
        expect((await postEvents(platform, byTime.slice(i, i + 10))).status).toBe(200);
      const s = shuffled(random, seed * 31);
      const cut = Math.floor(s.length / 3);
      await postEvents(platform, s.slice(cut));
      await postEvents(platform, [...s.slice(0, cut), ...s.slice(cut, cut + 5)]);
      const expected = await describeAll(`rp${seed}x`);
      expect(await describeAll(`rs${seed}x`), `seed ${seed}`).toEqual(expected);
    }
  }, 120_000);
});

describe("an instance's story and a route", () => {
  it("tells an instance's lifecycle, why it stopped, its memory near death and the log window", async () => {
    const res = await call<{
      instance: { state: string; host_id: string; reason: string };
      timeline: PlatformEvent[];
      stops: {
        reason: string;
        resources: Record<string, number>;
        logs: { start: string; end: string; path: string };
        at: string;
      }[];
    }>("GET", "/api/v1/platform/describe/instance/shop-production-worker-0", { as: USERS.oncall, headers: REASON });
    expect(res.status).toBe(200);
    expect(res.body.instance).toMatchObject({ state: "failed", host_id: "host-31", reason: "oom_killed" });
    const [stop] = res.body.stops;
    expect(stop!.resources).toMatchObject({ memory_peak_bytes: 536870912, memory_limit_bytes: 536870912 });
    expect(Date.parse(stop!.at) - Date.parse(stop!.logs.start)).toBe(5 * 60_000);
    expect(Date.parse(stop!.logs.end) - Date.parse(stop!.at)).toBe(60_000);
    expect(stop!.logs.path).toMatch(/^\/api\/v1\/orgs\/acme\/logs\?instance=shop-production-worker-0&start=/);
  });

  it("keeps health checks in a timeline only where they change", async () => {
    const w = { org_id: "acme", app_id: "hc", env_id: "prod", instance_id: "hc-1" };
    const t = (s: number) => new Date(Date.now() - 600_000 + s * 1000).toISOString();
    const check = { check: "GET /health", status: 200 };
    await postEvents(platform, [
      ev({ kind: "instance.ready", ...w, process_type: "web", release_id: "v1", ts: t(0) }),
      ...[1, 2, 3].map((s) => ev({ kind: "health_check.passed", ...w, health_check: check, ts: t(s) })),
      ...[4, 5].map((s) =>
        ev({ kind: "health_check.failed", ...w, health_check: { ...check, status: 500 }, ts: t(s) }),
      ),
      ev({ kind: "health_check.passed", ...w, health_check: check, ts: t(6) }),
    ]);
    const res = await call<{ timeline: PlatformEvent[] }>("GET", "/api/v1/platform/describe/instance/hc-1", {
      as: USERS.oncall,
      headers: REASON,
    });
    expect(res.body.timeline.map((e) => e.kind)).toEqual([
      "instance.ready",
      "health_check.passed",
      "health_check.failed",
      "health_check.passed",
    ]);
  });

  it("describes a route with its edge nodes and verdict", async () => {
    const res = await call<{ verdict: string; reasons: string[]; route: { edge: { nodes: { node_id: string }[] } } }>(
      "GET",
      "/api/v1/platform/describe/route/shop-production.acme.app",
      { as: USERS.oncall, headers: REASON },
    );
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe("not_serving");
    expect(res.body.route.edge.nodes).toHaveLength(6);
    expect(
      (await call("GET", "/api/v1/platform/describe/route/no.such.route", { as: USERS.oncall, headers: REASON }))
        .status,
    ).toBe(404);
  });
});

describe("the events list and cursors", () => {
  it("pages newest first with a keyset cursor and filters by kind and instance", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { events: PlatformEvent[]; next_cursor: string | null } } = await call(
        "GET",
        `/api/v1/platform/events?org=acme&app=shop&limit=7${cursor ? `&cursor=${cursor}` : ""}`,
        {
          as: USERS.oncall,
          headers: REASON,
        },
      );
      seen.push(...res.body.events.map((e) => e.ts));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen.length).toBe(brokenDeploy("acme", "shop", "production").filter((e) => e.app_id === "shop").length);
    expect([...seen].sort().reverse()).toEqual(seen);
    const failed = await call<{ events: PlatformEvent[] }>(
      "GET",
      "/api/v1/platform/events?kind=instance.failed&instance=shop-production-worker-1",
      {
        as: USERS.oncall,
        headers: REASON,
      },
    );
    expect(failed.body.events.map((e) => e.reason)).toEqual(["oom_killed"]);
  });

  it("lists several kinds by name as the whole list filtered to them: same events, order, ties and pages", async () => {
    const w = { org_id: "acme", app_id: "kinds", env_id: "production", process_type: "web" };
    const ts = new Date(Date.now() - 30_000).toISOString();
    const events = ["b", "a", "d", "c", "f", "e"].flatMap((x, i) => [
      ev({ ...w, kind: "instance.failed", reason: "oom_killed", instance_id: `k-${x}`, event_id: `kinds-f-${x}`, ts }),
      ev({
        ...w,
        kind: "health_check.failed",
        instance_id: `k-${x}`,
        health_check: { check: "GET /" },
        event_id: `kinds-h-${x}`,
      }),
      ev({ ...w, kind: "instance.ready", instance_id: `k-${x}`, event_id: `kinds-r-${i}`, ts }),
    ]);
    expect((await postEvents(platform, shuffled(events, 7))).body.accepted).toBe(events.length);
    const everyPage = async (query: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { events: PlatformEvent[]; next_cursor: string | null } } = await call(
          "GET",
          `/api/v1/platform/events?org=acme&app=kinds&${query}${cursor ? `&cursor=${cursor}` : ""}`,
          { as: USERS.oncall, headers: REASON },
        );
        out.push(...res.body.events.map((e) => `${e.kind} ${e.event_id}`));
        cursor = res.body.next_cursor;
      } while (cursor);
      return out;
    };
    const failures = (await everyPage("limit=100")).filter((e) => e.includes("failed"));
    expect(failures).toHaveLength(12);
    expect(await everyPage("kind=instance.failed&kind=health_check.failed&kind=instance.failed&limit=5")).toEqual(
      failures,
    );
  });

  it("shows every consumer's lag against the head, and its last error and backoff", async () => {
    const head = new Date().toISOString();
    const behind = new Date(Date.now() - 90_000).toISOString();
    await postEvents(platform, [
      ev({
        kind: "release.created",
        org_id: "acme",
        app_id: "cur",
        release_id: "v1",
        ts: head,
        event_id: "cursor-head",
      }),
      ev({
        kind: "release.created",
        org_id: "acme",
        app_id: "cur",
        release_id: "v2",
        ts: new Date(Date.now() - 1000).toISOString(),
      }),
      ev({
        kind: "consumer.cursor",
        consumer: {
          name: "scheduler-eu-west-2",
          kind: "scheduler",
          applied_event_id: "zzz",
          applied_ts: behind,
          error: "placement: no capacity",
          backoff_seconds: 30,
        },
      }),
    ]);
    const res = await call<{
      head: { event_id: string };
      consumers: {
        consumer: string;
        lag_events: number;
        lag_seconds: number;
        error: string;
        backoff_seconds: number;
      }[];
    }>("GET", "/api/v1/platform/cursors", { as: USERS.oncall });
    expect(res.status).toBe(200);
    const c = res.body.consumers.find((x) => x.consumer === "scheduler-eu-west-2")!;
    expect(c.lag_seconds).toBeGreaterThanOrEqual(89);
    expect(c.lag_events).toBeGreaterThanOrEqual(2);
    expect(c).toMatchObject({ error: "placement: no capacity", backoff_seconds: 30 });
    expect((await call("GET", "/api/v1/platform/cursors", { as: USERS.acme })).status).toBe(403);
  });
});

describe("what a tenant sees", () => {
  it("reads its own env's verdict and events without hosts, nodes or addresses, and never another org's", async () => {
    await postEvents(platform, brokenDeploy("globex", "shop", "production"));
    const mine = await call<{ env: EnvDescription }>("GET", "/api/v1/orgs/acme/describe/env/shop/production", {
      as: USERS.acme,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.env.reasons).toContain(
      "route shop-production.acme.app: edge config v17 failing in 2 of 6 locations",
    );
    expect(mine.text).not.toMatch(/host-\d|edge-node|10\.8\.0|eu-west-2 \(/);
    const events = await call<{ events: PlatformEvent[] }>(
      "GET",
      "/api/v1/orgs/acme/events?app=shop&env=production&limit=1000",
      { as: USERS.acme },
    );
    expect(events.body.events.length).toBeGreaterThan(10);
    expect(events.text).not.toMatch(/host-\d|edge-node|10\.8\.0|"host_id"|"node_id"|globex|upstream block/);
    expect(events.body.events.every((e) => e.org_id === "acme" && !e.kind.startsWith("edge."))).toBe(true);
    expect((await call("GET", "/api/v1/orgs/globex/events", { as: USERS.acme })).status).toBe(403);
    expect((await call("GET", "/api/v1/orgs/globex/describe/env/shop/production", { as: USERS.acme })).status).toBe(
      403,
    );
    expect((await call("GET", "/api/v1/platform/events?org=acme", { as: USERS.acme })).status).toBe(403);
  });

  it("records every read in the org's audit log, an operator's with the reason", async () => {
    await call("GET", "/api/v1/platform/describe/instance/shop-production-new-1", {
      as: USERS.oncall,
      headers: { "x-access-reason": "SUP-77 instance" },
    });
    const audit = await call<{ events: { action: string; actor: { id: string }; details: Record<string, unknown> }[] }>(
      "GET",
      "/api/v1/orgs/acme/audit?limit=200",
      {
        as: USERS.acme,
      },
    );
    const reads = audit.body.events.filter((e) => e.action.startsWith("events."));
    expect(reads.some((e) => e.action === "events.describe_instance" && e.details.reason === "SUP-77 instance")).toBe(
      true,
    );
    expect(reads.some((e) => e.action === "events.describe_env" && e.actor.id === USERS.acme)).toBe(true);
  });
});

describe("live tail", () => {
  const open = async (
    handler: typeof platformTail,
    url: string,
    params: Record<string, string>,
    as: string,
    headers: Record<string, string> = {},
  ) =>
    handler(new Request(url, { headers: { cookie: await sessionCookie(as), ...headers } }), {
      params: Promise.resolve(params),
    });

  it("delivers a new event within a second, and resumes from Last-Event-ID without a gap", async () => {
    const res = await open(
      platformTail,
      "http://console.test/api/v1/platform/events/tail?org=acme&app=tailapp",
      {},
      USERS.oncall,
      REASON,
    );
    expect(res.status).toBe(200);
    const sse = sseReader(res);
    await sse.until((es) => es.some((e) => e.event === "ready"));
    const w = { org_id: "acme", app_id: "tailapp", release_id: "v1" };
    const posted = Date.now();
    await postEvents(platform, [
      ev({ kind: "release.created", ...w, event_id: "tail-1" }),
      ev({ kind: "release.created", ...w, org_id: "globex", event_id: "tail-other" }),
    ]);
    const events = await sse.until((es) => es.some((e) => e.event === "event"), 1000);
    const first = events.find((e) => e.event === "event")!;
    expect((first.data as PlatformEvent).event_id).toBe("tail-1");
    expect(first.at - posted).toBeLessThan(1000);
    await sse.close();
    await postEvents(platform, [
      ev({ kind: "release.created", ...w, event_id: "tail-2" }),
      ev({ kind: "release.created", ...w, event_id: "tail-3" }),
    ]);
    const resumed = sseReader(
      await open(
        platformTail,
        "http://console.test/api/v1/platform/events/tail?org=acme&app=tailapp",
        {},
        USERS.oncall,
        { ...REASON, "last-event-id": first.id! },
      ),
    );
    const got = await resumed.until((es) => es.filter((e) => e.event === "event").length >= 2);
    expect(got.filter((e) => e.event === "event").map((e) => (e.data as PlatformEvent).event_id)).toEqual([
      "tail-2",
      "tail-3",
    ]);
    await resumed.close();
  });

  it("gives a tenant its own org's events as it sees them", async () => {
    const sse = sseReader(
      await open(orgTail, "http://console.test/api/v1/orgs/acme/events/tail?app=tailapp", { org: "acme" }, USERS.acme),
    );
    await sse.until((es) => es.some((e) => e.event === "ready"));
    await postEvents(platform, [
      ev({
        kind: "instance.ready",
        org_id: "acme",
        app_id: "tailapp",
        env_id: "prod",
        process_type: "web",
        instance_id: "t-1",
        host_id: "host-99",
        event_id: "tail-tenant-1",
      }),
    ]);
    const got = await sse.until((es) => es.some((e) => e.event === "event"), 1000);
    const e = got.find((x) => x.event === "event")!.data as PlatformEvent;
    expect(e.event_id).toBe("tail-tenant-1");
    expect(e).not.toHaveProperty("host_id");
    await sse.close();
  });
});

describe("retention", () => {
  it("keeps every event unless PLATFORM_EVENT_RETENTION_DAYS is set, then drops only older ones", async () => {
    await postEvents(platform, [
      ev({
        kind: "release.created",
        org_id: "acme",
        app_id: "old",
        release_id: "v0",
        event_id: "ret-old",
        ts: new Date(Date.now() - 20 * 86_400_000).toISOString(),
      }),
    ]);
    expect(await applyEventRetention()).toBe(0);
    process.env.PLATFORM_EVENT_RETENTION_DAYS = "10";
    try {
      expect(await applyEventRetention()).toBeGreaterThanOrEqual(1);
    } finally {
      delete process.env.PLATFORM_EVENT_RETENTION_DAYS;
    }
    const left = await call<{ events: PlatformEvent[] }>("GET", "/api/v1/platform/events?org=acme&app=old", {
      as: USERS.oncall,
      headers: REASON,
    });
    expect(left.body.events).toEqual([]);
    expect((await describeEnv("acme/shop/production")).status).toBe(200);
  });
});

describe("over OTLP", () => {
  const record = (attrs: Record<string, string | number>, body = "instance failed") => ({
    timeUnixNano: String(Date.now() * 1e6),
    body: { stringValue: body },
    attributes: Object.entries(attrs).map(([key, v]) =>
      typeof v === "number" ? { key, value: { intValue: String(v) } } : { key, value: { stringValue: v } },
    ),
  });
  const otlp = (records: unknown[]) => ({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "scheduler" } },
            { key: "cloud.region", value: { stringValue: "eu-west-2" } },
          ],
        },
        scopeLogs: [{ logRecords: records }],
      },
    ],
  });
  const failed = {
    "event.name": "instance.failed",
    "event.id": "otlp-evt-1",
    org_id: "acme",
    app_id: "otlp",
    env_id: "prod",
    process_type: "web",
    instance_id: "otlp-1",
    reason: "crashed",
    exit_code: 3,
  };

  it("turns a record named as an event into a platform event, and keeps the rest as log lines", async () => {
    const token = { token: (await mintToken(USERS.admin, { scopes: ["logs:write", "events:write"] })).secret };
    const res = await call<{ partialSuccess?: unknown }>("POST", "/api/v1/platform/otlp/v1/logs", {
      as: token,
      body: otlp([record(failed), record({ node_id: "n-1" }, "placed otlp-1 on host-4")]),
    });
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess).toBeUndefined();
    const inst = await call<{ instance: { state: string; exit_code: number } }>(
      "GET",
      "/api/v1/platform/describe/instance/otlp-1",
      { as: USERS.oncall, headers: REASON },
    );
    expect(inst.body.instance).toMatchObject({ state: "failed", exit_code: 3 });
    const lines = await call<{ lines: { message: string }[] }>(
      "GET",
      "/api/v1/platform/logs?component=scheduler&start=5m",
      { as: USERS.oncall },
    );
    expect(lines.body.lines.map((l) => l.message)).toContain("placed otlp-1 on host-4");
    expect(lines.body.lines.map((l) => l.message)).not.toContain("instance failed");
  });

  it("refuses an event from a sender without events:write, and one missing a field, as partial success", async () => {
    const logsOnly = { token: (await mintToken(USERS.admin, { scopes: ["logs:write"] })).secret };
    const res = await call<{ partialSuccess: { rejectedLogRecords: string; errorMessage: string } }>(
      "POST",
      "/api/v1/platform/otlp/v1/logs",
      {
        as: logsOnly,
        body: otlp([record({ ...failed, "event.id": "otlp-evt-2" })]),
      },
    );
    expect(res.body.partialSuccess.rejectedLogRecords).toBe("1");
    expect(res.body.partialSuccess.errorMessage).toContain("events:write");
    const token = { token: (await mintToken(USERS.admin, { scopes: ["logs:write", "events:write"] })).secret };
    const { reason: _reason, ...noReason } = failed;
    const bad = await call<{ partialSuccess: { errorMessage: string } }>("POST", "/api/v1/platform/otlp/v1/logs", {
      as: token,
      body: otlp([record({ ...noReason, "event.id": "otlp-evt-3" })]),
    });
    expect(bad.body.partialSuccess.errorMessage).toContain("reason: is required for instance.failed");
  });
});
