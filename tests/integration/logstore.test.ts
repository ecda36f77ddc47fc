// The log store itself, on whichever engine this run keeps logs in (LOG_STORE: postgres, chdb, or
// clickhouse through @clickhouse/client): where lines land, what readiness and metrics say about it,
// that hostile text stays data, that ids stay unique and in commit order, and that a batch failing
// at any point leaves nothing behind.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb, logEngine } from "../support/db";
import { call, USERS } from "../support/api";
import { entry, ingest } from "../support/logs";
import { db } from "@/lib/db/client";
import { storeOf } from "@/lib/kinds/kind";
import type { Entry } from "@/lib/kinds/declare";
import type { Selector } from "@/lib/kinds/store";
import { clickhouseTarget } from "@/lib/kinds/clickhouse/target";
import { tenantLogs } from "@/lib/logs/kind";
import { metrics } from "@/lib/telemetry/metrics";

withTestDb();

const logStore = () => storeOf(tenantLogs);
const sel = (over: { org?: string; q?: string } = {}): Selector => ({
  scope: over.org ?? "acme",
  lists: {},
  levels: null,
  q: over.q,
});
/** An entry as the ingest hands it to the store (its level defaulted). */
const stored = (over: Record<string, unknown>): Entry => entry(over);
const lastHour = () => ({ start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 60_000) });
const rows = async (q: ReturnType<typeof sql>) =>
  (await db().execute<{ n: number }>(q)) as unknown as { rows: { n: number }[] };

describe(`the log store (${logEngine})`, () => {
  it("keeps lines in the engine LOG_STORE names, and only there", async () => {
    await ingest([entry({ message: "where am I 1" }), entry({ message: "where am I 2" })]);
    const inPostgres = Number(
      (await rows(sql`select count(*)::int as n from log_lines where message like 'where am I%'`)).rows[0]!.n,
    );
    const target = clickhouseTarget();
    if (logEngine === "postgres") {
      expect(target).toBeNull();
      expect(inPostgres).toBe(2);
    } else {
      expect(target!.transport.engine).toBe(logEngine);
      expect(inPostgres).toBe(0);
      const [row] = await target!.transport.rows<{ n: string }>(
        "test",
        "SELECT toString(count()) AS n FROM {db:Identifier}.log_lines WHERE message LIKE 'where am I%'",
        { db: target!.database },
      );
      expect(Number(row!.n)).toBe(2);
    }
    // The pickers' streams stay in the console's database whatever the engine.
    const streams = await call<{ apps: string[] }>("GET", "/api/v1/orgs/acme/logs/facets", { as: USERS.acme });
    expect(streams.body.apps).toContain("web");
  });

  it("reports the log store as ready, and times its statements by engine", async () => {
    const ready = await call<{ status: string; log_store: string }>("GET", "/api/v1/ready");
    expect(ready.status).toBe(200);
    expect(ready.body.log_store).toBe(logEngine);
    if (logEngine !== "postgres") {
      await call("GET", "/api/v1/orgs/acme/logs", { as: USERS.acme });
      const text = await metrics().registry.metrics();
      expect(text).toMatch(
        new RegExp(`log_store_statement_duration_seconds_count\\{engine="${logEngine}",op="range"\\} [1-9]`),
      );
      expect(text).toMatch(
        new RegExp(`log_store_statement_duration_seconds_count\\{engine="${logEngine}",op="insert"\\} [1-9]`),
      );
    }
  });

  it("fails readiness with 503 naming the log store while it cannot answer", async () => {
    const saved = { store: process.env.LOG_STORE, url: process.env.CLICKHOUSE_URL };
    try {
      Object.assign(process.env, { LOG_STORE: "clickhouse", CLICKHOUSE_URL: "http://127.0.0.1:9" });
      const res = await call<{ error: { code: string; message: string } }>("GET", "/api/v1/ready");
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/^The log store \(clickhouse\) is not reachable/);
    } finally {
      for (const [k, v] of [
        ["LOG_STORE", saved.store],
        ["CLICKHOUSE_URL", saved.url],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect((await call("GET", "/api/v1/ready")).status).toBe(200);
  });

  it("treats quotes, backslashes, braces and wildcards in a search as text, never as SQL", async () => {
    const hostile = ["it's {p0:String}", "back\\slash %_ 100%", "x') OR 1=1 --", "tab\there"];
    await ingest(hostile.map((m) => entry({ message: m })));
    for (const m of hostile) {
      const res = await call<{ lines: { message: string }[] }>(
        "GET",
        `/api/v1/orgs/acme/logs?q=${encodeURIComponent(m)}`,
        { as: USERS.acme },
      );
      expect(res.status).toBe(200);
      expect(res.body.lines.map((l) => l.message)).toEqual([m]);
    }
    const none = await call<{ lines: unknown[] }>(
      "GET",
      `/api/v1/orgs/acme/logs?q=${encodeURIComponent("%")}&app=${encodeURIComponent("web' OR '1'='1")}`,
      { as: USERS.acme },
    );
    expect(none.status).toBe(200);
    expect(none.body.lines).toEqual([]);
  });

  it("keeps ids unique and growing in commit order when batches of one org race", async () => {
    const batches = await Promise.all(
      Array.from({ length: 6 }, (_, b) =>
        logStore().insert(Array.from({ length: 50 }, (_, i) => stored({ message: `race ${b}.${i}` }))),
      ),
    );
    const ranges = batches.flatMap((r) => r.batches).sort((a, b) => a.min - b.min);
    // No two batches interleave: each one's ids lie wholly after the previous one's.
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.min).toBeGreaterThan(ranges[i - 1]!.max);
    const lines = await logStore().range(sel({ q: "race " }), { ...lastHour(), order: "asc", limit: 1000 });
    expect(lines).toHaveLength(300);
    expect(new Set(lines.map((l) => l.id)).size).toBe(300);
    // A tail resuming after the first batch gets exactly the other five.
    const after = await logStore().byId(sel({ q: "race " }), { after: ranges[0]!.max }, 1000);
    expect(after).toHaveLength(250);
  });

  it("leaves nothing behind when a batch fails after its lines were written", async () => {
    const failing = logStore().insert(
      [stored({ message: "doomed 1" }), stored({ message: "doomed 2", org_id: "globex" })],
      async () => {
        throw new Error("the notice could not be sent");
      },
    );
    await expect(failing).rejects.toThrow("the notice could not be sent");
    for (const org of ["acme", "globex"]) {
      expect(await logStore().range(sel({ org, q: "doomed" }), { ...lastHour(), order: "desc", limit: 10 })).toEqual(
        [],
      );
    }
  });

  it("finds a line by id, with its neighbours from the same instance, exactly", async () => {
    await ingest(
      Array.from({ length: 7 }, (_, i) =>
        entry({
          message: `ctx ${i}`,
          instance_id: i % 2 ? "web-odd" : "web-even",
          ts: new Date(Date.now() - 60_000 + i * 1000).toISOString(),
        }),
      ),
    );
    const page = await logStore().range(sel({ q: "ctx 4" }), { ...lastHour(), order: "desc", limit: 1 });
    const line = await logStore().get("acme", page[0]!.pos.id);
    expect(line!.message).toBe("ctx 4");
    expect(await logStore().get("globex", page[0]!.pos.id)).toBeNull();
    const around = await logStore().around("acme", line!, 5, 5);
    expect(around.before.map((l) => l.message)).toEqual(["ctx 0", "ctx 2"]);
    expect(around.after.map((l) => l.message)).toEqual(["ctx 6"]);
  });

  it("keeps the time to the microsecond, in UTC, whatever zone and precision the agent sent", async () => {
    const utc = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    const local = new Date(utc.getTime() + 2 * 3_600_000).toISOString().slice(0, 19);
    await ingest([entry({ message: "precise", ts: `${local}.123456789+02:00` })]);
    const [line] = await logStore().range(sel({ q: "precise" }), {
      ...lastHour(),
      start: new Date(utc.getTime() - 60_000),
      order: "desc",
      limit: 1,
    });
    expect(line!.ts).toBe(`${utc.toISOString().slice(0, 19)}.123457Z`);
  });
});
