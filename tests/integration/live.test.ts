// Live means live: a viewer of an incident sees every committed entry within a second — one written in
// the gap between loading the page and subscribing, one whose notice never came, and every one written
// while the store is busy with bulk work (the demo's backfill).
import { afterEach, describe, expect, it } from "vitest";
import { call, sessionCookie, USERS } from "../support/api";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import { sseReader, type SseEvent } from "../support/sse";
import { entry } from "../support/logs";
import { withTestDb } from "../support/db";
import { db } from "@/lib/db/client";
import { timelineEntries } from "@/lib/db/schema";
import { inProcessSink } from "@/lib/demo/feed";
import { CATCH_UP_MS } from "@/lib/incidents/events";
import { GET as eventsRoute } from "@/app/api/v1/incidents/[id]/events/route";

withTestDb();

const open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function declare() {
  const res = await call<{ incident: Incident }>("POST", "/api/v1/incidents", {
    as: USERS.oncall,
    body: { title: "Edge connect failures in eu-west", severity: "sev1" },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.incident;
}

/** Posts a note and returns when the API acknowledged it. */
async function note(id: string, body: string) {
  const res = await call<{ entry: TimelineEntry }>("POST", `/api/v1/incidents/${id}/timeline`, {
    as: USERS.oncall,
    body: { kind: "note", body },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.entry.id, acked: Date.now() };
}

async function watch(id: string, lastEventId?: string) {
  const headers: Record<string, string> = { cookie: await sessionCookie(USERS.ic) };
  if (lastEventId) headers["last-event-id"] = lastEventId;
  const res = await eventsRoute(new Request(`http://console.test/api/v1/incidents/${id}/events`, { headers }), {
    params: Promise.resolve({ id }),
  });
  const reader = sseReader(res);
  open.push(reader);
  return reader;
}

const entriesOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === "entry").map((e) => e.data as TimelineEntry & { at?: number });
const arrivalOf = (events: SseEvent[], entryId: string) =>
  events.find((e) => e.event === "entry" && (e.data as TimelineEntry).id === entryId)?.at;

describe("a live incident viewer", () => {
  it("gets an entry committed between loading the page and subscribing, after ready, once", async () => {
    const inc = await declare();
    const gap = await note(inc.id, "written while the page was loading");
    const reader = await watch(inc.id);
    const events = await reader.until((e) => entriesOf(e).some((x) => x.id === gap.id), 1000);
    const ready = events.findIndex((e) => e.event === "ready");
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(events.findIndex((e) => e.event === "entry" && (e.data as TimelineEntry).id === gap.id)).toBeGreaterThan(
      ready,
    );
    const later = await note(inc.id, "after");
    await reader.until((e) => entriesOf(e).some((x) => x.id === later.id), 1000);
    expect(entriesOf(reader.events).filter((x) => x.id === gap.id)).toHaveLength(1);
  });

  it("gets every entry written while it connects, each within a second of its acknowledgement", async () => {
    const inc = await declare();
    const connecting = watch(inc.id);
    const written = await Promise.all(Array.from({ length: 8 }, (_, i) => note(inc.id, `concurrent ${i}`)));
    const reader = await connecting;
    await reader.until((e) => written.every((w) => arrivalOf(e, w.id) !== undefined), 2000);
    for (const w of written) expect(arrivalOf(reader.events, w.id)! - w.acked).toBeLessThan(1000);
  });

  it("gets a committed entry whose notice never came, without another write to wake it", async () => {
    const inc = await declare();
    const reader = await watch(inc.id);
    await reader.until((e) => e.some((x) => x.event === "ready"));
    // Written as a crashed process would leave it: committed, never announced.
    const [row] = await db()
      .insert(timelineEntries)
      .values({ incidentId: inc.id, kind: "note", body: "silent", occurredAt: new Date(), authorId: USERS.oncall })
      .returning();
    const written = Date.now();
    await reader.until((e) => arrivalOf(e, String(row!.id)) !== undefined, CATCH_UP_MS + 1500);
    expect(arrivalOf(reader.events, String(row!.id))! - written).toBeLessThan(CATCH_UP_MS + 1000);
  });

  it("resumes after Last-Event-ID with every entry it missed, in order", async () => {
    const inc = await declare();
    const first = await note(inc.id, "seen");
    const missed = [await note(inc.id, "missed 1"), await note(inc.id, "missed 2")];
    const reader = await watch(inc.id, first.id);
    await reader.until((e) => missed.every((m) => arrivalOf(e, m.id) !== undefined), 1000);
    const ids = entriesOf(reader.events).map((x) => x.id);
    expect(ids.indexOf(missed[0]!.id)).toBeLessThan(ids.indexOf(missed[1]!.id));
  });

  it("gets every entry within a second while the store is busy with a bulk backfill", async () => {
    const inc = await declare();
    const reader = await watch(inc.id);
    await reader.until((e) => e.some((x) => x.event === "ready"));
    let loading = true;
    const lines = Array.from({ length: 20_000 }, (_, i) => entry({ message: `backfill ${i}`, attrs: { i } }));
    const backfill = (async () => {
      let rounds = 0;
      while (loading || rounds < 1) {
        await inProcessSink.tenant(lines);
        rounds++;
      }
      return rounds;
    })();
    const written: { id: string; acked: number }[] = [];
    try {
      await new Promise((r) => setTimeout(r, 300)); // the backfill is under way
      for (let i = 0; i < 15; i++) {
        written.push(await note(inc.id, `during backfill ${i}`));
        await new Promise((r) => setTimeout(r, 100));
      }
      await reader.until((e) => written.every((w) => arrivalOf(e, w.id) !== undefined), 5000);
    } finally {
      loading = false;
      await backfill;
    }
    const late = written.map((w) => arrivalOf(reader.events, w.id)! - w.acked).filter((ms) => ms >= 1000);
    expect(late, "entries that took a second or more").toEqual([]);
  }, 60_000);
});
