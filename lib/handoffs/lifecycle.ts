// A handoff from start to acknowledgement: the outgoing's checklist and summaries, the gate at submit
// (./rules.ts), the incoming's checklist, test page and acknowledgement. Every committed change is
// announced to both people's pages.
import "server-only";
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { handoffItems, handoffs, handoffSummaries, incidents, users } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import { decodeOffset, encodeOffset } from "@/lib/http/cursor";
import { env } from "@/lib/env";
import { postJson } from "@/lib/http/outbound";
import { newId } from "@/lib/ids";
import { canRespond, type Actor } from "@/lib/auth/permissions";
import { withTimelineEntries } from "@/lib/incidents/timeline";
import { publish } from "@/lib/realtime/channel";
import type { Handoff, HandoffContext, HandoffView } from "./contract";
import { handoffChannel } from "./channel";
import { comingShift, handoffContext, outgoingShift } from "./context";
import { handoffHead, load, toHandoff, type Row } from "./rows";
import { userNames } from "@/lib/auth/users";
import { ackProblems, itemEditError, PAGING_ITEM, pagingTickError, submitProblems } from "./rules";
import { currentTemplate } from "./template";
import { type HandoffStatus, isOpen } from "@/lib/vocabulary";

function problems(h: Handoff, ctx: HandoffContext) {
  const summaries = Object.fromEntries(Object.entries(h.summaries).map(([k, v]) => [k, v.summary]));
  return {
    submit_problems: submitProblems(
      { status: h.status, items: h.items, summaries },
      ctx.incidents,
      ctx.stale_after_minutes * 60_000,
    ),
    ack_problems: ackProblems(h),
  };
}

async function view(row: Row): Promise<HandoffView> {
  const [handoff, context] = await Promise.all([toHandoff(row), handoffContext(outgoingShift(row), comingShift(row))]);
  return { handoff, context, ...problems(handoff, context) };
}

/** Tells both people's pages (on every console process) the handoff's status; after the write commits. */
async function changed(id: string): Promise<void> {
  const [row] = await db().select({ status: handoffs.status }).from(handoffs).where(eq(handoffs.id, id)).limit(1);
  if (row) await publish(handoffChannel, [{ handoff: id, status: row.status }]);
}

export async function getHandoff(id: string) {
  return view(await load(id));
}

export async function createHandoff(
  actor: Actor,
  b: { incoming_id: string; shift_start?: string; shift_end?: string },
) {
  if (b.incoming_id === actor.user.id)
    throw new ApiError("validation_failed", "incoming_id: you cannot hand off to yourself", {
      details: { fields: [{ field: "body.incoming_id", message: "must be someone else" }] },
    });
  const [incoming] = await db()
    .select()
    .from(users)
    .where(and(eq(users.id, b.incoming_id), isNull(users.disabledAt)))
    .limit(1);
  if (!incoming || !canRespond(incoming.role)) {
    throw new ApiError("validation_failed", "incoming_id: must be an active operator or admin", {
      details: { fields: [{ field: "body.incoming_id", message: "must be an active operator or admin" }] },
    });
  }
  const template = await currentTemplate();
  const id = newId("ho");
  await db().transaction(async (tx) => {
    const [mine] = await tx
      .select({ id: handoffs.id })
      .from(handoffs)
      .where(and(eq(handoffs.outgoingId, actor.user.id), eq(handoffs.status, "open")))
      .limit(1);
    if (mine)
      throw new ApiError("conflict", `You already have an open handoff (${mine.id}); submit it first.`, {
        details: { handoff_id: mine.id },
      });
    await tx.insert(handoffs).values({
      id,
      outgoingId: actor.user.id,
      incomingId: b.incoming_id,
      templateVersion: template.version,
      shiftStart: b.shift_start ? new Date(b.shift_start) : null,
      shiftEnd: b.shift_end ? new Date(b.shift_end) : null,
    });
    await tx
      .insert(handoffItems)
      .values(
        template.items.map((i, position) => ({ handoffId: id, key: i.key, position, phase: i.phase, label: i.label })),
      );
  });
  return view(await load(id));
}

export async function listHandoffs(q: { status?: HandoffStatus; user?: string; limit: number; cursor?: string }) {
  const offset = decodeOffset(q.cursor);
  const rows = await db()
    .select()
    .from(handoffs)
    .where(
      and(
        q.status ? eq(handoffs.status, q.status) : undefined,
        q.user ? or(eq(handoffs.outgoingId, q.user), eq(handoffs.incomingId, q.user)) : undefined,
      ),
    )
    .orderBy(desc(handoffs.createdAt), desc(handoffs.id))
    .limit(q.limit + 1)
    .offset(offset);
  const page = rows.slice(0, q.limit);
  const counts = page.length
    ? await db()
        .select({
          id: handoffItems.handoffId,
          done: sql<number>`count(*) filter (where ${handoffItems.done})::int`,
          total: sql<number>`count(*)::int`,
        })
        .from(handoffItems)
        .where(
          inArray(
            handoffItems.handoffId,
            page.map((r) => r.id),
          ),
        )
        .groupBy(handoffItems.handoffId)
    : [];
  const byId = new Map(counts.map((c) => [c.id, c]));
  const who = await userNames(page.flatMap((r) => [r.outgoingId, r.incomingId]));
  return {
    handoffs: page.map((r) => ({
      ...handoffHead(r, who),
      items_done: byId.get(r.id)?.done ?? 0,
      items_total: byId.get(r.id)?.total ?? 0,
    })),
    next_cursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
  };
}

export async function updateItem(actor: Actor, id: string, key: string, b: { done?: boolean; note?: string }) {
  const row = await load(id);
  const [item] = await db()
    .select()
    .from(handoffItems)
    .where(and(eq(handoffItems.handoffId, id), eq(handoffItems.key, key)))
    .limit(1);
  if (!item) throw new ApiError("not_found", `This handoff has no item '${key}'.`);
  const err = itemEditError(row, item.phase, actor.user.id);
  if (err) throw new ApiError(err.code, err.message);
  const done = b.done ?? item.done;
  const unproven = done && !item.done ? pagingTickError(key, b.note ?? item.note, row.pagingTest) : null;
  if (unproven) throw badRequest("body.note", unproven);
  await db()
    .update(handoffItems)
    .set({
      done,
      note: b.note ?? item.note,
      doneBy: done ? (item.done ? item.doneBy : actor.user.id) : null,
      doneAt: done ? (item.done ? item.doneAt : new Date()) : null,
    })
    .where(and(eq(handoffItems.handoffId, id), eq(handoffItems.key, key)));
  await changed(id);
  return view(row);
}

export async function putSummary(actor: Actor, id: string, incidentId: string, summary: string) {
  const row = await load(id);
  if (row.outgoingId !== actor.user.id)
    throw new ApiError("forbidden", "Investigation summaries are written by the outgoing engineer.");
  if (row.status !== "open") throw new ApiError("conflict", "Summaries are frozen once the handoff is submitted.");
  const [inc] = await db()
    .select({ id: incidents.id, status: incidents.status })
    .from(incidents)
    .where(eq(incidents.id, incidentId))
    .limit(1);
  if (!inc) throw new ApiError("not_found", `No incident '${incidentId}'.`);
  if (!isOpen(inc.status))
    throw new ApiError("conflict", "That incident is resolved; only open incidents need a summary.");
  await db()
    .insert(handoffSummaries)
    .values({ handoffId: id, incidentId, summary, updatedBy: actor.user.id })
    .onConflictDoUpdate({
      target: [handoffSummaries.handoffId, handoffSummaries.incidentId],
      set: { summary, updatedBy: actor.user.id, updatedAt: new Date() },
    });
  await changed(id);
  return view(row);
}

export async function submitHandoff(actor: Actor, id: string) {
  const row = await load(id);
  if (row.outgoingId !== actor.user.id)
    throw new ApiError("forbidden", "Only the outgoing engineer submits a handoff.");
  const current = await view(row);
  if (current.submit_problems.length) {
    throw new ApiError(
      "conflict",
      `The handoff cannot be submitted yet: ${current.submit_problems.length} thing(s) missing.`,
      { details: { problems: current.submit_problems } },
    );
  }
  const who = current.handoff;
  await withTimelineEntries(async (tx, entry) => {
    const [updated] = await tx
      .update(handoffs)
      .set({ status: "submitted", submittedAt: new Date() })
      .where(and(eq(handoffs.id, id), eq(handoffs.status, "open")))
      .returning({ id: handoffs.id });
    if (!updated) throw new ApiError("conflict", "This handoff was submitted meanwhile.");
    for (const inc of current.context.incidents) {
      await entry(inc.id, {
        kind: "handoff",
        body: `Handoff from ${who.outgoing.name} to ${who.incoming.name}: ${who.summaries[inc.id]!.summary}`,
        data: { handoff_id: id, from: who.outgoing.id, to: who.incoming.id },
        authorId: actor.user.id,
      });
    }
  });
  await changed(id);
  return view(await load(id));
}

export async function ackHandoff(actor: Actor, id: string) {
  const row = await load(id);
  if (row.incomingId !== actor.user.id)
    throw new ApiError("forbidden", "Only the incoming engineer acknowledges a handoff.");
  const h = await toHandoff(row);
  const p = ackProblems(h);
  if (p.length)
    throw new ApiError("conflict", `The handoff cannot be acknowledged yet: ${p.map((x) => x.message).join(" ")}`, {
      details: { problems: p },
    });
  const [updated] = await db()
    .update(handoffs)
    .set({ status: "acknowledged", ackedAt: new Date() })
    .where(and(eq(handoffs.id, id), eq(handoffs.status, "submitted")))
    .returning();
  if (!updated) throw new ApiError("conflict", "This handoff changed meanwhile; reload it.");
  await changed(id);
  return view(updated);
}

/** A test page through PAGING_WEBHOOK_URL; delivered (2xx) ticks "confirm paging" with the evidence. */
export async function pagingTest(actor: Actor, id: string) {
  const row = await load(id);
  if (row.incomingId !== actor.user.id)
    throw new ApiError("forbidden", "The test page goes to the incoming engineer; only they send it.");
  if (row.status === "acknowledged") throw new ApiError("conflict", "This handoff is acknowledged and closed.");
  const url = env().PAGING_WEBHOOK_URL;
  if (!url)
    throw new ApiError("conflict", "No paging webhook is configured (PAGING_WEBHOOK_URL); confirm paging by hand.");
  const { ok: delivered, detail } = await postJson(url, {
    type: "test",
    to: actor.user.email,
    message: `Ops Console test page for ${actor.user.name}'s shift handoff ${id}`,
    handoff_id: id,
  });
  const at = new Date();
  await db().transaction(async (tx) => {
    await tx
      .update(handoffs)
      .set({ pagingTest: { at: at.toISOString(), delivered, detail } })
      .where(eq(handoffs.id, id));
    if (delivered) {
      await tx
        .update(handoffItems)
        .set({
          done: true,
          note: `Test page delivered (${detail}) at ${at.toISOString()}`,
          doneBy: actor.user.id,
          doneAt: at,
        })
        .where(and(eq(handoffItems.handoffId, id), eq(handoffItems.key, PAGING_ITEM)));
    }
  });
  await changed(id);
  return view(await load(id));
}

/** Who is on call now: the incoming of the last acknowledged handoff, and since when. */
export async function onCallNow(): Promise<{ id: string; name: string; since: string; handoff_id: string } | null> {
  const [row] = await db()
    .select()
    .from(handoffs)
    .where(eq(handoffs.status, "acknowledged"))
    .orderBy(desc(handoffs.ackedAt))
    .limit(1);
  if (!row?.ackedAt) return null;
  const who = await userNames([row.incomingId]);
  return {
    id: row.incomingId,
    name: who.get(row.incomingId) ?? row.incomingId,
    since: row.ackedAt.toISOString(),
    handoff_id: row.id,
  };
}
