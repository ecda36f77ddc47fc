// Incidents: declaring, changing (every change becomes a timeline entry), IC takeover, the append-only
// timeline and its live events, the deploy freeze with exceptions, follow-ups and the postmortem export.
import "server-only";
import { and, asc, desc, eq, inArray, Param, sql } from "drizzle-orm";
import { db, type Db } from "@/lib/db/client";
import { followUps, freezeExceptions, incidents, timelineEntries, users, type IncidentRow, type TimelineEntryRow } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/api/errors";
import { decodeOffset, encodeOffset } from "@/lib/api/cursor";
import { newId } from "@/lib/ids";
import type { Actor } from "@/lib/auth/actor";
import { ROLE_GLOBAL_SCOPES } from "@/lib/auth/permissions";
import type { AppendEntryBody, DeclareIncidentBody, Incident, TimelineEntry, UpdateIncidentBody } from "./contract";
import { commanderAfter, covers, entryProblems, freezes, isOpen, STALE_AFTER_MS, transitionError, type Severity, type Status } from "./rules";

export const INCIDENT_CHANNEL = "incident_events";
type Tx = Pick<Db, "insert" | "select" | "update" | "execute">;

const ref = (n: number) => `INC-${n}`;
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;

function toIncident(row: IncidentRow, lastEntryAt: Date | null, now = Date.now()): Incident {
  return {
    id: row.id,
    ref: ref(row.number),
    title: row.title,
    severity: row.severity,
    status: row.status,
    commander_id: row.commanderId,
    roles: row.roles,
    services: row.services,
    regions: row.regions,
    summary: row.summary,
    declared_by: row.declaredBy,
    declared_at: row.declaredAt.toISOString(),
    impact_started_at: isoOrNull(row.impactStartedAt),
    mitigated_at: isoOrNull(row.mitigatedAt),
    resolved_at: isoOrNull(row.resolvedAt),
    updated_at: row.updatedAt.toISOString(),
    last_entry_at: isoOrNull(lastEntryAt),
    stale: isOpen(row.status) && now - (lastEntryAt ?? row.declaredAt).getTime() > STALE_AFTER_MS,
    freezes_deploys: freezes(row),
  };
}

function toEntry(row: TimelineEntryRow, correctedBy: string[] = []): TimelineEntry {
  return {
    id: String(row.id),
    incident_id: row.incidentId,
    kind: row.kind,
    body: row.body,
    data: row.data,
    occurred_at: row.occurredAt.toISOString(),
    recorded_at: row.recordedAt.toISOString(),
    author_id: row.authorId,
    corrects: row.correctsId === null ? null : String(row.correctsId),
    corrected_by: correctedBy,
  };
}

const lastEntryAt = sql<string | null>`(select max(te.recorded_at)::text from timeline_entries te where te.incident_id = "incidents"."id")`;

async function loadIncident(idOrRef: string, tx: Tx = db(), lock = false): Promise<IncidentRow> {
  const m = /^INC-(\d{1,12})$/i.exec(idOrRef);
  const where = m ? eq(incidents.number, Number(m[1])) : eq(incidents.id, idOrRef);
  const q = tx.select().from(incidents).where(where).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new ApiError("not_found", `No incident '${idOrRef}'.`);
  return row;
}

async function incidentView(row: IncidentRow, tx: Tx = db()): Promise<Incident> {
  const [r] = await tx.select({ last: sql<string | null>`max(${timelineEntries.recordedAt})::text` }).from(timelineEntries).where(eq(timelineEntries.incidentId, row.id));
  return toIncident(row, r?.last ? new Date(r.last) : null);
}

type Notice = { incident: string; type: "entry" | "incident"; id: string };
const pendingNotices = new WeakMap<object, Notice[]>();

function notify(tx: Tx, incidentId: string, type: "entry" | "incident", id: string) {
  pendingNotices.get(tx)?.push({ incident: incidentId, type, id });
}

/**
 * Runs a change in one transaction and announces it to live viewers after it commits. NOTIFY inside a
 * writing transaction would serialize every commit on Postgres's notification lock; a committed change
 * whose notice is lost (a crash in between) still reaches viewers through their Last-Event-ID backfill.
 */
async function change<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const notices: Notice[] = [];
  const result = await db().transaction(async (tx) => {
    pendingNotices.set(tx, notices);
    return fn(tx);
  });
  if (notices.length) {
    await db().execute(sql`select pg_notify(${INCIDENT_CHANNEL}, n) from unnest(${new Param(notices.map((n) => JSON.stringify(n)))}::text[]) as n`);
  }
  return result;
}

async function addEntry(
  tx: Tx,
  incidentId: string,
  e: { kind: string; body?: string; data?: Record<string, unknown>; occurredAt?: Date; authorId: string | null; correctsId?: number | null },
): Promise<TimelineEntryRow> {
  const [row] = await tx
    .insert(timelineEntries)
    .values({ incidentId, kind: e.kind, body: e.body ?? "", data: e.data ?? {}, occurredAt: e.occurredAt ?? new Date(), authorId: e.authorId, correctsId: e.correctsId ?? null })
    .returning();
  notify(tx, incidentId, "entry", String(row!.id));
  return row!;
}

/** Commanders must be people who can run incidents. */
async function assertResponder(tx: Tx, userId: string, field: string) {
  const [u] = await tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1);
  if (!u || u.disabledAt || !ROLE_GLOBAL_SCOPES[u.role].includes("incidents:write")) throw badRequest(field, `no operator or admin with id '${userId}'`);
}

export async function listIncidents(q: { status: string[]; severity: string[]; limit: number; cursor?: string }) {
  const statuses = q.status.flatMap((s) => (s === "open" ? ["investigating", "identified", "mitigated"] : [s])) as Status[];
  const offset = decodeOffset(q.cursor);
  const rows = await db()
    .select({ row: incidents, last: lastEntryAt })
    .from(incidents)
    .where(and(statuses.length ? inArray(incidents.status, statuses) : undefined, q.severity.length ? inArray(incidents.severity, q.severity as Severity[]) : undefined))
    .orderBy(sql`(${incidents.status} = 'resolved')`, desc(incidents.declaredAt))
    .limit(q.limit + 1)
    .offset(offset);
  const page = rows.slice(0, q.limit);
  return {
    incidents: page.map((r) => toIncident(r.row, r.last ? new Date(r.last) : null)),
    next_cursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
  };
}

export async function getIncident(idOrRef: string) {
  return { incident: await incidentView(await loadIncident(idOrRef)) };
}

export async function declareIncident(actor: Actor, body: DeclareIncidentBody) {
  return change(async (tx) => {
    if (body.commander_id) await assertResponder(tx, body.commander_id, "commander_id");
    const { commanderId } = commanderAfter({ severity: body.severity, status: "investigating", commanderId: body.commander_id ?? null }, actor.user.id, false);
    const [row] = await tx
      .insert(incidents)
      .values({
        id: newId("inc"),
        title: body.title,
        severity: body.severity,
        status: "investigating",
        commanderId,
        services: body.services ?? [],
        regions: body.regions ?? [],
        summary: body.summary ?? "",
        declaredBy: actor.user.id,
        impactStartedAt: body.impact_started_at ? new Date(body.impact_started_at) : null,
      })
      .returning();
    await addEntry(tx, row!.id, {
      kind: "declared",
      body: `Declared ${body.severity.toUpperCase()}: ${body.title}`,
      data: { severity: body.severity, commander_id: commanderId, services: row!.services, regions: row!.regions },
      authorId: actor.user.id,
    });
    return { incident: await incidentView(row!, tx) };
  });
}

const FIELD_NAMES = ["title", "summary", "services", "regions", "impact_started_at"] as const;

export async function updateIncident(actor: Actor, idOrRef: string, body: UpdateIncidentBody) {
  return change(async (tx) => {
    const cur = await loadIncident(idOrRef, tx, true);
    const next = { ...cur };
    const entries: { kind: string; body: string; data: Record<string, unknown> }[] = [];
    const now = new Date();
    if (body.status && body.status !== cur.status) {
      const err = transitionError(cur.status, body.status);
      if (err) throw new ApiError("conflict", `status: ${err}`, { details: { fields: [{ field: "body.status", message: err }] } });
      next.status = body.status;
      if (body.status === "mitigated" || (body.status === "resolved" && !cur.mitigatedAt)) next.mitigatedAt = cur.mitigatedAt ?? now;
      if (body.status === "resolved") next.resolvedAt = now;
      if (body.status === "investigating") {
        next.mitigatedAt = null;
        next.resolvedAt = null;
      }
      entries.push({ kind: "status_change", body: `Status ${cur.status} → ${body.status}`, data: { from: cur.status, to: body.status } });
    }
    if (body.severity && body.severity !== cur.severity) {
      next.severity = body.severity;
      entries.push({ kind: "severity_change", body: `Severity ${cur.severity.toUpperCase()} → ${body.severity.toUpperCase()}`, data: { from: cur.severity, to: body.severity } });
    }
    const clearing = body.commander_id === null;
    if (body.commander_id !== undefined && body.commander_id !== cur.commanderId) {
      if (body.commander_id) await assertResponder(tx, body.commander_id, "commander_id");
      next.commanderId = body.commander_id;
    }
    const ic = commanderAfter({ severity: next.severity, status: next.status, commanderId: next.commanderId }, actor.user.id, clearing);
    if (ic.error) throw new ApiError("conflict", `commander_id: ${ic.error}`, { details: { fields: [{ field: "body.commander_id", message: ic.error }] } });
    next.commanderId = ic.commanderId;
    if (next.commanderId !== cur.commanderId) {
      entries.push({ kind: "role_change", body: `Incident commander ${cur.commanderId ?? "none"} → ${next.commanderId ?? "none"}`, data: { role: "commander", from: cur.commanderId, to: next.commanderId } });
    }
    if (body.roles) {
      for (const id of new Set(Object.values(body.roles))) await assertResponder(tx, id, "roles");
      const keys = new Set([...Object.keys(cur.roles), ...Object.keys(body.roles)]);
      for (const role of keys) {
        if (cur.roles[role] !== body.roles[role]) entries.push({ kind: "role_change", body: `${role} ${cur.roles[role] ?? "none"} → ${body.roles[role] ?? "none"}`, data: { role, from: cur.roles[role] ?? null, to: body.roles[role] ?? null } });
      }
      next.roles = body.roles;
    }
    for (const f of FIELD_NAMES) {
      if (body[f] === undefined) continue;
      const before = f === "impact_started_at" ? isoOrNull(cur.impactStartedAt) : f === "title" ? cur.title : f === "summary" ? cur.summary : cur[f];
      const after = body[f] ?? null;
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      if (f === "impact_started_at") next.impactStartedAt = after ? new Date(after as string) : null;
      else if (f === "title") next.title = after as string;
      else if (f === "summary") next.summary = after as string;
      else next[f] = after as string[];
      entries.push({ kind: "field_change", body: `${f.replace(/_/g, " ")} changed`, data: { field: f, from: before, to: after } });
    }
    if (!entries.length) return { incident: await incidentView(cur, tx) };
    const [row] = await tx
      .update(incidents)
      .set({
        title: next.title,
        severity: next.severity,
        status: next.status,
        commanderId: next.commanderId,
        roles: next.roles,
        services: next.services,
        regions: next.regions,
        summary: next.summary,
        impactStartedAt: next.impactStartedAt,
        mitigatedAt: next.mitigatedAt,
        resolvedAt: next.resolvedAt,
        updatedAt: now,
      })
      .where(eq(incidents.id, cur.id))
      .returning();
    for (const e of entries) await addEntry(tx, cur.id, { ...e, authorId: actor.user.id });
    notify(tx, cur.id, "incident", cur.id);
    return { incident: await incidentView(row!, tx) };
  });
}

export async function takeover(actor: Actor, idOrRef: string, b: { known: string; ruled_out: string; last_customer_update: string }) {
  return change(async (tx) => {
    const cur = await loadIncident(idOrRef, tx, true);
    if (cur.commanderId === actor.user.id) throw new ApiError("conflict", "You are already the incident commander.");
    if (!isOpen(cur.status)) throw new ApiError("conflict", `${ref(cur.number)} is resolved; reopen it first.`);
    const [row] = await tx.update(incidents).set({ commanderId: actor.user.id, updatedAt: new Date() }).where(eq(incidents.id, cur.id)).returning();
    const briefing = [`Known: ${b.known}`, b.ruled_out && `Ruled out: ${b.ruled_out}`, b.last_customer_update && `Last customer update: ${b.last_customer_update}`].filter(Boolean).join("\n");
    await addEntry(tx, cur.id, {
      kind: "role_change",
      body: `IC takeover by ${actor.user.name}.\n${briefing}`,
      data: { role: "commander", from: cur.commanderId, to: actor.user.id, takeover: true, briefing: b },
      authorId: actor.user.id,
    });
    notify(tx, cur.id, "incident", cur.id);
    return { incident: await incidentView(row!, tx) };
  });
}

export async function listTimeline(idOrRef: string) {
  const inc = await loadIncident(idOrRef);
  const rows = await db().select().from(timelineEntries).where(eq(timelineEntries.incidentId, inc.id)).orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
  const correctedBy = new Map<number, string[]>();
  for (const r of rows) if (r.correctsId !== null) correctedBy.set(r.correctsId, [...(correctedBy.get(r.correctsId) ?? []), String(r.id)]);
  return { entries: rows.map((r) => toEntry(r, correctedBy.get(r.id))) };
}

export async function appendEntry(actor: Actor, idOrRef: string, body: AppendEntryBody) {
  const problems = entryProblems({ kind: body.kind, body: body.body, data: body.data, occurred_at: body.occurred_at });
  const fields = Object.entries(problems).map(([field, message]) => ({ field: `body.${field}`, message }));
  if (fields.length) throw new ApiError("validation_failed", `Invalid entry: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`, { details: { fields } });
  return change(async (tx) => {
    const inc = await loadIncident(idOrRef, tx);
    let correctsId: number | null = null;
    if (body.corrects) {
      const [orig] = await tx.select({ id: timelineEntries.id }).from(timelineEntries).where(and(eq(timelineEntries.id, Number(body.corrects)), eq(timelineEntries.incidentId, inc.id))).limit(1);
      if (!orig) throw badRequest("corrects", `no entry ${body.corrects} in ${ref(inc.number)}`);
      correctsId = orig.id;
    }
    const row = await addEntry(tx, inc.id, {
      kind: body.kind,
      body: body.body,
      data: body.data ?? {},
      occurredAt: body.occurred_at ? new Date(body.occurred_at) : undefined,
      authorId: actor.user.id,
      correctsId,
    });
    return { entry: toEntry(row) };
  });
}

export async function entryById(incidentId: string, id: string): Promise<TimelineEntry | null> {
  const [row] = await db().select().from(timelineEntries).where(and(eq(timelineEntries.incidentId, incidentId), eq(timelineEntries.id, Number(id)))).limit(1);
  return row ? toEntry(row) : null;
}

export async function entriesAfter(incidentId: string, afterId: number): Promise<TimelineEntry[]> {
  const rows = await db().select().from(timelineEntries).where(and(eq(timelineEntries.incidentId, incidentId), sql`${timelineEntries.id} > ${afterId}`)).orderBy(asc(timelineEntries.id)).limit(1000);
  return rows.map((r) => toEntry(r));
}

export { loadIncident, incidentView };

export async function deployFreeze(q: { service?: string; region?: string }) {
  const open = await db().select().from(incidents).where(and(inArray(incidents.severity, ["sev0", "sev1"]), inArray(incidents.status, ["investigating", "identified"])));
  const ids = open.map((i) => i.id);
  const exc = ids.length ? await db().select().from(freezeExceptions).where(inArray(freezeExceptions.incidentId, ids)).orderBy(asc(freezeExceptions.createdAt)) : [];
  const byId = new Map(open.map((i) => [i.id, i]));
  const reasons = open
    .filter((i) => covers(i, q.service, q.region))
    .filter((i) => !(q.service && exc.some((e) => e.incidentId === i.id && e.service === q.service)))
    .map((i) => ({ incident: i.id, ref: ref(i.number), title: i.title, severity: i.severity, since: i.declaredAt.toISOString() }));
  const exceptions = exc
    .filter((e) => !q.service || e.service === q.service)
    .map((e) => ({ incident: e.incidentId, ref: ref(byId.get(e.incidentId)!.number), service: e.service, reason: e.reason, by: e.createdBy, at: e.createdAt.toISOString() }));
  return { frozen: reasons.length > 0, reasons, exceptions };
}

export async function createFreezeException(actor: Actor, idOrRef: string, b: { service: string; reason: string }) {
  return change(async (tx) => {
    const inc = await loadIncident(idOrRef, tx);
    if (inc.commanderId !== actor.user.id) throw new ApiError("forbidden", `Only the incident commander of ${ref(inc.number)} may grant a freeze exception.`);
    if (!freezes(inc)) throw new ApiError("conflict", `${ref(inc.number)} does not freeze deploys now (${inc.severity}, ${inc.status}).`);
    const [row] = await tx.insert(freezeExceptions).values({ id: newId("fex"), incidentId: inc.id, service: b.service, reason: b.reason, createdBy: actor.user.id }).returning();
    await addEntry(tx, inc.id, { kind: "freeze_exception", body: `Freeze exception for ${b.service}: ${b.reason}`, data: { service: b.service }, authorId: actor.user.id });
    return { exception: { id: row!.id, service: row!.service, reason: row!.reason, by: row!.createdBy, at: row!.createdAt.toISOString() } };
  });
}

function toFollowUp(r: typeof followUps.$inferSelect) {
  return { id: r.id, incident_id: r.incidentId, title: r.title, owner_id: r.ownerId, due: r.due, ticket_url: r.ticketUrl, status: r.status, created_at: r.createdAt.toISOString(), done_at: isoOrNull(r.doneAt) };
}

export async function listFollowUps(idOrRef: string) {
  const inc = await loadIncident(idOrRef);
  const rows = await db().select().from(followUps).where(eq(followUps.incidentId, inc.id)).orderBy(asc(followUps.createdAt));
  return { follow_ups: rows.map(toFollowUp) };
}

export async function createFollowUp(actor: Actor, idOrRef: string, b: { title: string; owner_id?: string | null; due?: string | null; ticket_url?: string | null }) {
  const inc = await loadIncident(idOrRef);
  if (b.owner_id) {
    const [u] = await db().select({ id: users.id }).from(users).where(eq(users.id, b.owner_id)).limit(1);
    if (!u) throw badRequest("owner_id", `no user '${b.owner_id}'`);
  }
  const [row] = await db()
    .insert(followUps)
    .values({ id: newId("fu"), incidentId: inc.id, title: b.title, ownerId: b.owner_id ?? null, due: b.due ?? null, ticketUrl: b.ticket_url ?? null, createdBy: actor.user.id })
    .returning();
  return { follow_up: toFollowUp(row!) };
}

export async function updateFollowUp(idOrRef: string, followUpId: string, b: { status: "open" | "done" }) {
  const inc = await loadIncident(idOrRef);
  const [row] = await db()
    .update(followUps)
    .set({ status: b.status, doneAt: b.status === "done" ? new Date() : null })
    .where(and(eq(followUps.id, followUpId), eq(followUps.incidentId, inc.id)))
    .returning();
  if (!row) throw new ApiError("not_found", `No follow-up '${followUpId}' on ${ref(inc.number)}.`);
  return { follow_up: toFollowUp(row) };
}

/** An entry other parts of the console write by themselves (alerts, handoffs). */
/**
 * Runs `fn` in one incident transaction; `entry` appends an automatic timeline entry inside it. Live
 * viewers hear of the entries after the commit. For other domains that must write their own rows and
 * timeline entries together (a handoff's submit).
 */
export function withTimelineEntries<T>(fn: (tx: Tx, entry: (incidentId: string, e: { kind: "alert" | "handoff"; body: string; data: Record<string, unknown>; authorId: string | null }) => Promise<TimelineEntry>) => Promise<T>): Promise<T> {
  return change((tx) => fn(tx, async (incidentId, e) => toEntry(await addEntry(tx, incidentId, e))));
}

export async function recordAutoEntry(incidentId: string, e: { kind: "alert" | "handoff"; body: string; data: Record<string, unknown>; authorId: string | null }) {
  return change(async (tx) => toEntry(await addEntry(tx, incidentId, e)));
}
