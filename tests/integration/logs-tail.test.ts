import { afterEach, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { USERS, sessionCookie } from "../support/api";
import { entry, ingest } from "../support/logs";
import { sseReader } from "../support/sse";
import { GET as tailRoute } from "@/app/api/v1/orgs/[org]/logs/tail/route";
import { call } from "../support/api";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db/client";

withTestDb();

const open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  await new Promise((r) => setTimeout(r, 50));
  delete process.env.LOG_TAIL_MAX_SECONDS;
  delete process.env.LOG_MAX_TAILS_PER_ORG;
});

async function tail(org: string, qs = "", headers: Record<string, string> = {}, as: string = USERS.acme) {
  const res = await tailRoute(
    new Request(`http://console.test/api/v1/orgs/${org}/logs/tail${qs}`, {
      headers: { cookie: await sessionCookie(as), ...headers },
    }),
    {
      params: Promise.resolve({ org }),
    },
  );
  if (res.status !== 200) return { res, reader: null };
  const reader = sseReader(res);
  open.push(reader);
  await reader.until((e) => e.some((x) => x.event === "ready"));
  return { res, reader };
}

const lines = (events: { event: string; data: unknown }[]) =>
  events.filter((e) => e.event === "line").map((e) => (e.data as { message: string }).message);

describe("live tail", () => {
  it("delivers a newly ingested line within a second, with only the org's matching lines", async () => {
    const { res, reader } = await tail("acme", "?app=web");
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    await ingest([
      entry({ message: "tail: other app", app_id: "api" }),
      entry({ message: "tail: globex", org_id: "globex", app_id: "web" }),
      entry({ message: "tail: hello" }),
    ]);
    // Within a second of the write being acknowledged (the write's own time depends on the store and the load).
    const ackedAt = Date.now();
    const events = await reader!.until((e) => lines(e).includes("tail: hello"), 1000);
    const got = events.find((e) => e.event === "line")!;
    expect(got.at - ackedAt).toBeLessThan(1000);
    expect(got.id).toMatch(/^\d+$/);
    expect(lines(events)).toEqual(["tail: hello"]);
  });

  it("drops what is over the per-stream rate and says how many", async () => {
    const { reader } = await tail("acme", "?q=burst");
    await ingest(Array.from({ length: 800 }, (_, i) => entry({ message: `burst ${i}` })));
    const events = await reader!.until((e) => e.some((x) => x.event === "dropped"));
    expect(lines(events)).toHaveLength(500);
    expect(events.find((e) => e.event === "dropped")!.data).toEqual({ count: 300, limit_per_second: 500 });
  });

  it("resumes from Last-Event-ID with a backfill of what was missed, without repeats", async () => {
    const first = await tail("acme", "?q=resume");
    await ingest([entry({ message: "resume 1" })]);
    const seen = await first.reader!.until((e) => lines(e).length === 1);
    const lastId = seen.filter((e) => e.event === "line").at(-1)!.id!;
    await first.reader!.close();
    await ingest([entry({ message: "resume 2" }), entry({ message: "resume 3" })]);
    const second = await tail("acme", "?q=resume", { "last-event-id": lastId });
    await ingest([entry({ message: "resume 4" })]);
    const events = await second.reader!.until((e) => lines(e).length >= 3);
    expect(lines(events)).toEqual(["resume 2", "resume 3", "resume 4"]);
  });

  it("a viewer who leaves before any line resumes from where the stream started, and loses nothing", async () => {
    await ingest([entry({ message: "quiet before" })]);
    const first = await tail("acme", "?q=quiet");
    const ready = first.reader!.events.find((e) => e.event === "ready")!;
    expect(ready.id).toMatch(/^\d+$/);
    await first.reader!.close();
    await ingest([entry({ message: "quiet while away" })]);
    // EventSource sends the last id it saw: here, the one "ready" carried.
    const second = await tail("acme", "?q=quiet", { "last-event-id": ready.id! });
    await ingest([entry({ message: "quiet after" })]);
    const events = await second.reader!.until((e) => lines(e).length >= 2);
    expect(lines(events)).toEqual(["quiet while away", "quiet after"]);
  });

  it("a stream opened while a batch is between its ids and its commit starts after that batch's commit", async () => {
    await db().execute(
      sql.raw(`create function slow_start() returns trigger language plpgsql as $$
      begin if new.message = 'start slow' then perform pg_sleep(0.6); end if; return new; end $$`),
    );
    await db().execute(
      sql.raw(`create trigger slow_start before insert on log_lines for each row execute function slow_start()`),
    );
    try {
      const lastId = async () =>
        (
          (await db().execute(sql.raw(`select pg_sequence_last_value('log_lines_id_seq')::text as v`))) as unknown as {
            rows: { v: string | null }[];
          }
        ).rows[0]?.v;
      const before = await lastId();
      const slow = ingest([entry({ message: "start slow" })]);
      // The slow batch has taken its id and sleeps before its commit.
      while ((await lastId()) === before) await new Promise((r) => setTimeout(r, 20));
      const { reader } = await tail("acme", "?q=start");
      const start = Number(reader!.events.find((e) => e.event === "ready")!.id);
      const atReady = await call<{ lines: { id: string }[] }>("GET", "/api/v1/orgs/acme/logs?q=start%20slow", {
        as: USERS.acme,
      });
      await reader!.close();
      await slow;
      const after = await call<{ lines: { id: string }[] }>("GET", "/api/v1/orgs/acme/logs?q=start%20slow", {
        as: USERS.acme,
      });
      // A viewer resuming from the start skips only what had committed when the stream began: the slow
      // batch had already committed then, or its id is after the start.
      expect(atReady.body.lines.length === 1 || Number(after.body.lines[0]!.id) > start).toBe(true);
    } finally {
      await db().execute(sql.raw(`drop trigger slow_start on log_lines`));
      await db().execute(sql.raw(`drop function slow_start()`));
    }
  });

  it("limits concurrent tails per org with 429 and Retry-After, and frees the slot on close", async () => {
    process.env.LOG_MAX_TAILS_PER_ORG = "2";
    const a = await tail("acme");
    await tail("acme");
    const third = await tail("acme");
    expect(third.res.status).toBe(429);
    expect(third.res.headers.get("retry-after")).toBe("10");
    expect(await third.res.text()).toContain("At most 2 live tails");
    const limits = await call<{ usage: { tails_open: number } }>("GET", "/api/v1/orgs/acme/logs/limits", {
      as: USERS.acme,
    });
    expect(limits.body.usage.tails_open).toBe(2);
    expect((await tail("globex", "", {}, USERS.globex)).res.status).toBe(200);
    await a.reader!.close();
    await new Promise((r) => setTimeout(r, 50));
    expect((await tail("acme")).res.status).toBe(200);
  });

  it("limits tails per person too, so one account cannot take its whole org's share", async () => {
    process.env.LOG_MAX_TAILS_PER_USER = "2";
    await tail("acme");
    await tail("acme");
    const third = await tail("acme");
    expect(third.res.status).toBe(429);
    expect(await third.res.text()).toContain("per person (2/2 open)");
    // Another person of the same org still gets one.
    const other = await tail("acme", "", { "x-access-reason": "tail per person test" }, USERS.oncall);
    expect(other.res.status).toBe(200);
    delete process.env.LOG_MAX_TAILS_PER_USER;
  });

  it("resumes no further back than a query may look", async () => {
    process.env.LOG_MAX_WINDOW_HOURS = "1";
    await ingest([
      entry({ message: "window-old", ts: new Date(Date.now() - 2 * 3_600_000).toISOString() }),
      entry({ message: "window-new" }),
    ]);
    const { reader } = await tail("acme", "?q=window-", { "last-event-id": "0" });
    const events = await reader!.until((e) => lines(e).includes("window-new"));
    expect(lines(events)).toEqual(["window-new"]);
    delete process.env.LOG_MAX_WINDOW_HOURS;
  });

  it("loses no line on resume when a batch commits after a higher-numbered one", async () => {
    // A writer that takes its ids and then is slow to commit (0.8 s), as a big batch on a busy server is.
    await db().execute(
      sql.raw(`create function slow_line() returns trigger language plpgsql as $$
      begin if new.message = 'commit-order slow' then perform pg_sleep(0.8); end if; return new; end $$`),
    );
    await db().execute(
      sql.raw(`create trigger slow_line before insert on log_lines for each row execute function slow_line()`),
    );
    try {
      const first = await tail("acme", "?q=commit-order");
      const slow = ingest([entry({ message: "commit-order slow" })]);
      await new Promise((r) => setTimeout(r, 150));
      const fast = ingest([entry({ message: "commit-order fast" })]);
      // The viewer's connection drops as soon as it has seen a line (or after 0.5 s).
      const seen = await first.reader!.until((e) => lines(e).length > 0, 3000).catch(() => first.reader!.events);
      const lastId = seen.filter((e) => e.event === "line").at(-1)?.id;
      await first.reader!.close();
      await Promise.all([slow, fast]);
      const second = await tail("acme", "?q=commit-order", lastId ? { "last-event-id": lastId } : {});
      const both = [...lines(seen)];
      if (!both.includes("commit-order slow") || !both.includes("commit-order fast")) {
        const more = await second
          .reader!.until((e) => new Set([...both, ...lines(e)]).size >= 2, 2000)
          .catch(() => second.reader!.events);
        both.push(...lines(more));
      }
      expect([...new Set(both)].sort()).toEqual(["commit-order fast", "commit-order slow"]);
    } finally {
      await db().execute(sql.raw(`drop trigger slow_line on log_lines`));
      await db().execute(sql.raw(`drop function slow_line()`));
    }
  });

  it("ends after the max duration with a reconnect event", async () => {
    process.env.LOG_TAIL_MAX_SECONDS = "5";
    const { reader } = await tail("acme");
    const events = await reader!.until((e) => e.some((x) => x.event === "reconnect"), 7000);
    expect(events.find((e) => e.event === "reconnect")!.data).toMatchObject({ reason: "max_duration", max_seconds: 5 });
  }, 10_000);

  it("audits open and close, denied ones included", async () => {
    const { reader } = await tail("acme", "?app=web");
    await reader!.close();
    await tail("globex"); // acme's dev on globex: denied
    await new Promise((r) => setTimeout(r, 100));
    const acme = await call<{ events: { action: string; outcome: string; details: Record<string, unknown> }[] }>(
      "GET",
      "/api/v1/audit?action=logs.tail_close",
      { as: USERS.admin },
    );
    expect(acme.body.events.length).toBeGreaterThan(0);
    expect(acme.body.events[0]!.details).toMatchObject({ reason: "client_gone" });
    // The refusal is on the platform's record, not in globex's own audit view.
    const denied = await call<{
      events: { outcome: string; org_id: string | null; details: Record<string, unknown> }[];
    }>("GET", "/api/v1/audit?action=logs.tail_open&outcome=denied", { as: USERS.admin });
    expect(denied.body.events.some((e) => e.org_id === null && e.details.requested_org === "globex")).toBe(true);
    const globexView = await call<{ events: unknown[] }>(
      "GET",
      "/api/v1/orgs/globex/audit?action=logs.tail_open&outcome=denied",
      { as: USERS.globex },
    );
    expect(globexView.body.events).toEqual([]);
  });
});
