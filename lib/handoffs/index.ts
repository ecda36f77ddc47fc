// Shift handoffs: the checklist copied from the template version in force, the live context (open
// incidents, alert pages and tickets, follow-ups, SLO states), the end-of-shift gate and the acknowledgement.
import "server-only";
import { mdLine } from "@/lib/markdown";
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { followUps, handoffItems, handoffs, handoffSummaries, handoffTemplates, incidents, users, type HandoffTemplateItem } from "@/lib/db/schema";
import { ApiError } from "@/lib/api/errors";
import { decodeOffset, encodeOffset } from "@/lib/api/cursor";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { Actor } from "@/lib/auth/actor";
import { listIncidents, withTimelineEntries } from "@/lib/incidents";
import { listAlerts } from "@/lib/alerts";
import { sseResponse } from "@/lib/realtime/sse";
import type { Handoff, HandoffContext, HandoffView } from "./contract";
import { ackProblems, itemEditError, submitProblems } from "./rules";

type Row = typeof handoffs.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

async function names(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function currentTemplate() {
  const [t] = await db().select().from(handoffTemplates).orderBy(desc(handoffTemplates.version)).limit(1);
  if (!t) throw new ApiError("unavailable", "No handoff template: the database is not migrated.");
  return { version: t.version, items: t.items, created_at: t.createdAt.toISOString(), created_by: t.createdBy };
}

export async function replaceTemplate(actor: Actor, items: HandoffTemplateItem[]) {
  return db().transaction(async (tx) => {
    const [cur] = await tx.select({ v: sql<number>`coalesce(max(${handoffTemplates.version}), 0)::int` }).from(handoffTemplates);
    const [t] = await tx.insert(handoffTemplates).values({ version: (cur?.v ?? 0) + 1, items, createdBy: actor.user.id }).returning();
    return { template: { version: t!.version, items: t!.items, created_at: t!.createdAt.toISOString(), created_by: t!.createdBy } };
  });
}

async function load(id: string): Promise<Row> {
  const [row] = await db().select().from(handoffs).where(eq(handoffs.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", `No handoff '${id}'.`);
  return row;
}

async function toHandoff(row: Row): Promise<Handoff> {
  const [items, summaries, who] = await Promise.all([
    db().select().from(handoffItems).where(eq(handoffItems.handoffId, row.id)).orderBy(handoffItems.position),
    db().select().from(handoffSummaries).where(eq(handoffSummaries.handoffId, row.id)),
    names([row.outgoingId, row.incomingId]),
  ]);
  return {
    id: row.id,
    status: row.status,
    outgoing: { id: row.outgoingId, name: who.get(row.outgoingId) ?? row.outgoingId },
    incoming: { id: row.incomingId, name: who.get(row.incomingId) ?? row.incomingId },
    template_version: row.templateVersion,
    shift_start: iso(row.shiftStart),
    shift_end: iso(row.shiftEnd),
    created_at: row.createdAt.toISOString(),
    submitted_at: iso(row.submittedAt),
    acked_at: iso(row.ackedAt),
    paging_test: row.pagingTest ?? null,
    items: items.map((i) => ({ key: i.key, phase: i.phase, label: i.label, done: i.done, note: i.note, done_by: i.doneBy, done_at: iso(i.doneAt) })),
    summaries: Object.fromEntries(summaries.map((s) => [s.incidentId, { summary: s.summary, updated_at: s.updatedAt.toISOString() }])),
  };
}

/** The newest open alerts a handoff lists (pages first; the page shows 8, the export 50); `open_alerts` counts them all. */
const CONTEXT_ALERTS = 50;

/** What the incoming needs to see now: it is read live, never copied into the handoff. */
export async function handoffContext(): Promise<HandoffContext> {
  const [open, alerts, fus] = await Promise.all([
    listIncidents({ status: ["open"], severity: [], limit: 500 }),
    listAlerts({ state: ["open"], kind: [], limit: CONTEXT_ALERTS }),
    db()
      .select({ id: followUps.id, incidentId: followUps.incidentId, number: incidents.number, title: followUps.title, ownerId: followUps.ownerId, due: followUps.due })
      .from(followUps)
      .innerJoin(incidents, eq(incidents.id, followUps.incidentId))
      .where(eq(followUps.status, "open"))
      .orderBy(desc(followUps.createdAt))
      .limit(500),
  ]);
  const who = await names(open.incidents.flatMap((i) => (i.commander_id ? [i.commander_id] : [])));
  let slos: HandoffContext["slos"] = [];
  let slosError: string | null = null;
  try {
    const { listSlos } = await import("@/lib/metrics");
    slos = (await listSlos({ history: false })).slos.filter((s) => s.alert_state !== "ok").map((s) => ({ id: s.id, name: s.name, region: s.region, alert_state: s.alert_state }));
  } catch (err) {
    slosError = `SLO states are unavailable: ${(err as Error).message}`;
  }
  return {
    incidents: open.incidents.map((i) => ({ ...i, commander_name: i.commander_id ? (who.get(i.commander_id) ?? null) : null })),
    pages: alerts.alerts.filter((a) => a.kind === "page"),
    tickets: alerts.alerts.filter((a) => a.kind === "ticket"),
    open_alerts: { page: alerts.totals.page, ticket: alerts.totals.ticket },
    follow_ups: fus.map((f) => ({ id: f.id, incident_id: f.incidentId, incident_ref: `INC-${f.number}`, title: f.title, owner_id: f.ownerId, due: f.due })),
    slos,
    slos_error: slosError,
    stale_after_minutes: env().HANDOFF_STALE_MINUTES,
  };
}

function problems(h: Handoff, ctx: HandoffContext) {
  const summaries = Object.fromEntries(Object.entries(h.summaries).map(([k, v]) => [k, v.summary]));
  return {
    submit_problems: submitProblems({ status: h.status, items: h.items, summaries }, ctx.incidents, ctx.stale_after_minutes * 60_000),
    ack_problems: ackProblems(h),
  };
}

async function view(row: Row): Promise<HandoffView> {
  const [handoff, context] = await Promise.all([toHandoff(row), handoffContext()]);
  return { handoff, context, ...problems(handoff, context) };
}

export const HANDOFF_CHANNEL = "handoff_events";

/** Tells every viewer of this handoff (on every console process) its status; called after the write commits. */
async function changed(id: string): Promise<void> {
  await db().execute(sql`select pg_notify(${HANDOFF_CHANNEL}, json_build_object('handoff', ${handoffs.id}, 'status', ${handoffs.status})::text) from ${handoffs} where ${handoffs.id} = ${id}`);
}

/** Live changes to one handoff over SSE: `changed` with its status after every committed write. */
export async function handoffEvents(req: Request, id: string): Promise<Response> {
  await load(id);
  return sseResponse(
    async (ch) => {
      const listening = await ch.listen(HANDOFF_CHANNEL, (payload) => {
        const msg = JSON.parse(payload) as { handoff: string; status: string };
        if (msg.handoff === id) ch.send("changed", msg);
      });
      if (listening) ch.send("ready", { handoff: id });
    },
    { signal: req.signal },
  );
}

export async function getHandoff(id: string) {
  return view(await load(id));
}

export async function createHandoff(actor: Actor, b: { incoming_id: string; shift_start?: string; shift_end?: string }) {
  if (b.incoming_id === actor.user.id) throw new ApiError("validation_failed", "incoming_id: you cannot hand off to yourself", { details: { fields: [{ field: "body.incoming_id", message: "must be someone else" }] } });
  const [incoming] = await db().select().from(users).where(and(eq(users.id, b.incoming_id), isNull(users.disabledAt))).limit(1);
  if (!incoming || (incoming.role !== "operator" && incoming.role !== "admin")) {
    throw new ApiError("validation_failed", "incoming_id: must be an active operator or admin", { details: { fields: [{ field: "body.incoming_id", message: "must be an active operator or admin" }] } });
  }
  const template = await currentTemplate();
  const id = newId("ho");
  await db().transaction(async (tx) => {
    const [mine] = await tx.select({ id: handoffs.id }).from(handoffs).where(and(eq(handoffs.outgoingId, actor.user.id), eq(handoffs.status, "open"))).limit(1);
    if (mine) throw new ApiError("conflict", `You already have an open handoff (${mine.id}); submit it first.`, { details: { handoff_id: mine.id } });
    await tx.insert(handoffs).values({ id, outgoingId: actor.user.id, incomingId: b.incoming_id, templateVersion: template.version, shiftStart: b.shift_start ? new Date(b.shift_start) : null, shiftEnd: b.shift_end ? new Date(b.shift_end) : null });
    await tx.insert(handoffItems).values(template.items.map((i, position) => ({ handoffId: id, key: i.key, position, phase: i.phase, label: i.label })));
  });
  return view(await load(id));
}

export async function listHandoffs(q: { status?: "open" | "submitted" | "acknowledged"; user?: string; limit: number; cursor?: string }) {
  const offset = decodeOffset(q.cursor);
  const rows = await db()
    .select()
    .from(handoffs)
    .where(and(q.status ? eq(handoffs.status, q.status) : undefined, q.user ? or(eq(handoffs.outgoingId, q.user), eq(handoffs.incomingId, q.user)) : undefined))
    .orderBy(desc(handoffs.createdAt), desc(handoffs.id))
    .limit(q.limit + 1)
    .offset(offset);
  const page = rows.slice(0, q.limit);
  const counts = page.length
    ? await db()
        .select({ id: handoffItems.handoffId, done: sql<number>`count(*) filter (where ${handoffItems.done})::int`, total: sql<number>`count(*)::int` })
        .from(handoffItems)
        .where(inArray(handoffItems.handoffId, page.map((r) => r.id)))
        .groupBy(handoffItems.handoffId)
    : [];
  const byId = new Map(counts.map((c) => [c.id, c]));
  const who = await names(page.flatMap((r) => [r.outgoingId, r.incomingId]));
  return {
    handoffs: page.map((r) => ({
      id: r.id,
      status: r.status,
      outgoing: { id: r.outgoingId, name: who.get(r.outgoingId) ?? r.outgoingId },
      incoming: { id: r.incomingId, name: who.get(r.incomingId) ?? r.incomingId },
      template_version: r.templateVersion,
      shift_start: iso(r.shiftStart),
      shift_end: iso(r.shiftEnd),
      created_at: r.createdAt.toISOString(),
      submitted_at: iso(r.submittedAt),
      acked_at: iso(r.ackedAt),
      paging_test: r.pagingTest ?? null,
      items_done: byId.get(r.id)?.done ?? 0,
      items_total: byId.get(r.id)?.total ?? 0,
    })),
    next_cursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
  };
}

export async function updateItem(actor: Actor, id: string, key: string, b: { done?: boolean; note?: string }) {
  const row = await load(id);
  const [item] = await db().select().from(handoffItems).where(and(eq(handoffItems.handoffId, id), eq(handoffItems.key, key))).limit(1);
  if (!item) throw new ApiError("not_found", `This handoff has no item '${key}'.`);
  const err = itemEditError(row, item.phase, actor.user.id);
  if (err) throw new ApiError(err.code, err.message);
  const done = b.done ?? item.done;
  await db()
    .update(handoffItems)
    .set({ done, note: b.note ?? item.note, doneBy: done ? (item.done ? item.doneBy : actor.user.id) : null, doneAt: done ? (item.done ? item.doneAt : new Date()) : null })
    .where(and(eq(handoffItems.handoffId, id), eq(handoffItems.key, key)));
  await changed(id);
  return view(row);
}

export async function putSummary(actor: Actor, id: string, incidentId: string, summary: string) {
  const row = await load(id);
  if (row.outgoingId !== actor.user.id) throw new ApiError("forbidden", "Investigation summaries are written by the outgoing engineer.");
  if (row.status !== "open") throw new ApiError("conflict", "Summaries are frozen once the handoff is submitted.");
  const [inc] = await db().select({ id: incidents.id, status: incidents.status }).from(incidents).where(eq(incidents.id, incidentId)).limit(1);
  if (!inc) throw new ApiError("not_found", `No incident '${incidentId}'.`);
  if (inc.status === "resolved") throw new ApiError("conflict", "That incident is resolved; only open incidents need a summary.");
  await db()
    .insert(handoffSummaries)
    .values({ handoffId: id, incidentId, summary, updatedBy: actor.user.id })
    .onConflictDoUpdate({ target: [handoffSummaries.handoffId, handoffSummaries.incidentId], set: { summary, updatedBy: actor.user.id, updatedAt: new Date() } });
  await changed(id);
  return view(row);
}

export async function submitHandoff(actor: Actor, id: string) {
  const row = await load(id);
  if (row.outgoingId !== actor.user.id) throw new ApiError("forbidden", "Only the outgoing engineer submits a handoff.");
  const current = await view(row);
  if (current.submit_problems.length) {
    throw new ApiError("conflict", `The handoff cannot be submitted yet: ${current.submit_problems.length} thing(s) missing.`, { details: { problems: current.submit_problems } });
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
  if (row.incomingId !== actor.user.id) throw new ApiError("forbidden", "Only the incoming engineer acknowledges a handoff.");
  const h = await toHandoff(row);
  const p = ackProblems(h);
  if (p.length) throw new ApiError("conflict", `The handoff cannot be acknowledged yet: ${p.map((x) => x.message).join(" ")}`, { details: { problems: p } });
  const [updated] = await db().update(handoffs).set({ status: "acknowledged", ackedAt: new Date() }).where(and(eq(handoffs.id, id), eq(handoffs.status, "submitted"))).returning();
  if (!updated) throw new ApiError("conflict", "This handoff changed meanwhile; reload it.");
  await changed(id);
  return view(updated);
}

/** A test page through PAGING_WEBHOOK_URL; delivered (2xx) ticks "confirm paging" with the evidence. */
export async function pagingTest(actor: Actor, id: string) {
  const row = await load(id);
  if (row.incomingId !== actor.user.id) throw new ApiError("forbidden", "The test page goes to the incoming engineer; only they send it.");
  if (row.status === "acknowledged") throw new ApiError("conflict", "This handoff is acknowledged and closed.");
  const url = env().PAGING_WEBHOOK_URL;
  if (!url) throw new ApiError("conflict", "No paging webhook is configured (PAGING_WEBHOOK_URL); confirm paging by hand.");
  let delivered = false;
  let detail: string;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "test", to: actor.user.email, message: `Ops Console test page for ${actor.user.name}'s shift handoff ${id}`, handoff_id: id }),
      signal: AbortSignal.timeout(5000),
    });
    delivered = res.ok;
    detail = `HTTP ${res.status}`;
  } catch (err) {
    detail = (err as Error).name === "TimeoutError" ? "no answer within 5 s" : `unreachable: ${(err as Error).message}`;
  }
  const at = new Date();
  await db().transaction(async (tx) => {
    await tx.update(handoffs).set({ pagingTest: { at: at.toISOString(), delivered, detail } }).where(eq(handoffs.id, id));
    if (delivered) {
      await tx
        .update(handoffItems)
        .set({ done: true, note: `Test page delivered (${detail}) at ${at.toISOString()}`, doneBy: actor.user.id, doneAt: at })
        .where(and(eq(handoffItems.handoffId, id), eq(handoffItems.key, "confirm-paging")));
    }
  });
  await changed(id);
  return view(await load(id));
}

export async function exportHandoff(id: string): Promise<string> {
  const { handoff: h, context } = await getHandoff(id);
  const mark = (d: boolean) => (d ? "[x]" : "[ ]");
  const t = mdLine; // every piece of user or alert text is escaped
  const lines = [
    `# Shift handoff ${h.id}`,
    "",
    `- From: ${t(h.outgoing.name)} → To: ${t(h.incoming.name)}`,
    `- Status: ${h.status}${h.submitted_at ? ` (submitted ${h.submitted_at})` : ""}${h.acked_at ? ` (acknowledged ${h.acked_at})` : ""}`,
    ...(h.shift_start || h.shift_end ? [`- Shift: ${h.shift_start ?? "?"} – ${h.shift_end ?? "?"}`] : []),
    `- Checklist template version ${h.template_version}`,
    ...(h.paging_test ? [`- Test page: ${h.paging_test.delivered ? "delivered" : "NOT delivered"} (${t(h.paging_test.detail)}) at ${h.paging_test.at}`] : []),
    "",
    "## End of shift (outgoing)",
    ...h.items.filter((i) => i.phase === "end").map((i) => `- ${mark(i.done)} ${t(i.label)}${i.note ? ` — ${t(i.note)}` : ""}`),
    "",
    "## Start of shift (incoming)",
    ...h.items.filter((i) => i.phase === "start").map((i) => `- ${mark(i.done)} ${t(i.label)}${i.note ? ` — ${t(i.note)}` : ""}`),
    "",
    "## Open incidents",
    ...(context.incidents.length
      ? context.incidents.map(
          (i) =>
            `- ${i.ref} ${i.severity.toUpperCase()} ${i.status} — ${t(i.title)} (IC ${t(i.commander_name ?? "none")}; last update ${i.last_entry_at ?? "none"}${i.stale ? ", STALE" : ""})\n  - Summary: ${t(h.summaries[i.id]?.summary ?? "(none)")}`,
        )
      : ["- none"]),
    "",
    `## Alerts: ${context.open_alerts.page} page(s), ${context.open_alerts.ticket} ticket(s) open`,
    ...[...context.pages, ...context.tickets].map((a) => `- ${a.kind} ${t(a.name)}${a.annotations.summary ? ` — ${t(a.annotations.summary)}` : ""} (×${a.count}, ${a.status})`),
    "",
    `## Open follow-ups: ${context.follow_ups.length}`,
    ...context.follow_ups.slice(0, 50).map((f) => `- ${f.incident_ref}: ${t(f.title)}`),
    "",
    "## SLOs burning",
    ...(context.slos.length ? context.slos.map((s) => `- ${t(s.name)} in ${s.region}: ${s.alert_state}`) : [context.slos_error ? t(context.slos_error) : "- none"]),
    "",
  ];
  return lines.join("\n");
}
