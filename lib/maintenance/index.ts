// Maintenance windows: scheduling one (the rules in ./rules), listing and reading them with the alerts they
// hold, cancelling, ending a hold when a SEV0/SEV1 is declared on its services, marking changes posted during
// one, and what the public status and the handoff show of them. The escalation clock reads `windowsAt`.
import "server-only";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { alerts, maintenanceWindows, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { decodeOffset, encodeOffset } from "@/lib/http/cursor";
import { newId } from "@/lib/ids";
import { checkRegions } from "@/lib/metrics/known-regions";
import { SERVICE_LABELS, isService } from "@/lib/metrics/services";
import { withTimelineEntries } from "@/lib/incidents/timeline";
import type { Incident } from "@/lib/incidents/contract";
import { type Actor } from "@/lib/auth/permissions";
import type { CreateMaintenanceBody, Maintenance, MaintenanceRef } from "./contract";
import type { PublicMaintenance } from "@/lib/status/contract";
import {
  changeWindow,
  endsHold,
  holdEndCause,
  maintenanceProblems,
  maintenanceRef,
  publicHeadline,
  windowState,
  type WindowShape,
} from "./rules";

type Row = typeof maintenanceWindows.$inferSelect;
const w = maintenanceWindows;

const shape = (r: Row): WindowShape => ({
  id: r.id,
  number: r.number,
  services: r.services,
  regions: r.regions,
  startsAt: r.startsAt.getTime(),
  endsAt: r.endsAt.getTime(),
  cancelledAt: r.cancelledAt?.getTime() ?? null,
  holdEndedAt: r.holdEndedAt?.getTime() ?? null,
});

/** Windows running at `now` (not cancelled), in the shape the rules read. */
export async function windowsAt(now = Date.now()): Promise<WindowShape[]> {
  return (await maintenanceDuring(new Date(now), new Date(now + 1))).map(shape);
}

function toWindow(r: Row, held: number, now: number): Maintenance {
  return {
    id: r.id,
    ref: maintenanceRef(r.number),
    kind: r.kind,
    state: windowState(shape(r), now),
    services: r.services,
    regions: r.regions,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    description: r.description,
    rollback_plan: r.rollbackPlan,
    approved_by: r.approvedBy,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    cancelled_at: r.cancelledAt?.toISOString() ?? null,
    cancelled_by: r.cancelledBy,
    hold_ended_at: r.holdEndedAt?.toISOString() ?? null,
    hold_ended_reason: r.holdEndedReason,
    held_alerts: held,
  };
}

/** How many alerts each window holds now. */
async function heldCounts(ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db()
    .select({ id: alerts.heldBy, n: sql`count(*)::int`.mapWith(Number) })
    .from(alerts)
    .where(inArray(alerts.heldBy, ids))
    .groupBy(alerts.heldBy);
  return new Map(rows.flatMap((r) => (r.id ? [[r.id, r.n] as const] : [])));
}

async function views(rows: Row[], now = Date.now()): Promise<Maintenance[]> {
  const held = await heldCounts(rows.map((r) => r.id));
  return rows.map((r) => toWindow(r, held.get(r.id) ?? 0, now));
}

async function load(idOrRef: string, tx: Pick<ReturnType<typeof db>, "select"> = db(), lock = false): Promise<Row> {
  const m = /^M-(\d{1,12})$/i.exec(idOrRef);
  const q = tx
    .select()
    .from(w)
    .where(m ? eq(w.number, Number(m[1])) : eq(w.id, idOrRef))
    .limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new ApiError("not_found", `No maintenance window '${idOrRef.slice(0, 100)}'.`);
  return row;
}

/** May `userId` approve emergency maintenance: the engineering manager (ESCALATION_MANAGER) or an enabled admin. */
async function approvers(userId: string | null | undefined): Promise<(id: string) => boolean> {
  if (!userId) return () => false;
  const [u] = await db()
    .select({ role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  const ok = !!u && !u.disabledAt && (u.role === "admin" || userId === env().ESCALATION_MANAGER);
  return (id) => id === userId && ok;
}

export async function createMaintenance(actor: Actor, b: CreateMaintenanceBody, now = Date.now()) {
  checkRegions(b.regions, "body.regions");
  const { problems, warnings } = maintenanceProblems(
    {
      kind: b.kind,
      start: Date.parse(b.start),
      end: Date.parse(b.end),
      rollbackPlan: b.rollback_plan,
      approvedBy: b.approved_by ?? null,
    },
    now,
    {
      maxMinutes: env().MAINTENANCE_MAX_MINUTES,
      noticeHours: env().MAINTENANCE_NOTICE_HOURS,
      mayApprove: await approvers(b.approved_by),
    },
  );
  if (problems.length)
    throw new ApiError("validation_failed", problems.map((p) => `${p.field.slice(5)}: ${p.message}`).join("; "), {
      details: { fields: problems },
    });
  const row = returnedRow(
    await db()
      .insert(w)
      .values({
        id: newId("mw"),
        kind: b.kind,
        services: [...new Set(b.services)],
        regions: [...new Set(b.regions)],
        startsAt: new Date(b.start),
        endsAt: new Date(b.end),
        description: b.description,
        rollbackPlan: b.rollback_plan.trim(),
        approvedBy: b.approved_by ?? null,
        createdBy: actor.user.id,
      })
      .returning(),
    "Scheduling maintenance",
  );
  return { maintenance_window: toWindow(row, 0, now), warnings };
}

export async function listMaintenance(q: { state?: Maintenance["state"]; limit: number; cursor?: string }) {
  const now = new Date();
  const offset = decodeOffset(q.cursor);
  const where: Record<Maintenance["state"], SQL | undefined> = {
    upcoming: and(isNull(w.cancelledAt), gt(w.startsAt, now)),
    active: and(isNull(w.cancelledAt), lte(w.startsAt, now), gt(w.endsAt, now)),
    past: or(isNotNull(w.cancelledAt), lte(w.endsAt, now)),
  };
  const rows = await db()
    .select()
    .from(w)
    .where(q.state ? where[q.state] : undefined)
    .orderBy(
      ...(q.state === "upcoming" || q.state === "active"
        ? [asc(w.startsAt), asc(w.number)]
        : q.state === "past"
          ? [desc(w.endsAt), desc(w.number)]
          : [desc(w.startsAt), desc(w.number)]),
    )
    .limit(q.limit + 1)
    .offset(offset);
  return {
    maintenance_windows: await views(rows.slice(0, q.limit), now.getTime()),
    next_cursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
  };
}

export async function getMaintenance(idOrRef: string) {
  const row = await load(idOrRef);
  const held = await db()
    .select()
    .from(alerts)
    .where(eq(alerts.heldBy, row.id))
    .orderBy(desc(alerts.firedAt))
    .limit(500);
  return {
    maintenance_window: toWindow(row, held.length, Date.now()),
    alerts: held.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      fired_at: a.firedAt.toISOString(),
      service: a.labels.service ?? null,
      region: a.labels.region ?? null,
    })),
  };
}

/** Cancels a window before it ends; from then on its alerts notify again (the escalation sweep releases them). */
export async function cancelMaintenance(actor: Actor, idOrRef: string) {
  const row = await db().transaction(async (tx) => {
    const cur = await load(idOrRef, tx, true);
    const ref = maintenanceRef(cur.number);
    const now = new Date();
    if (cur.cancelledAt) throw new ApiError("conflict", `${ref} was already cancelled.`);
    if (cur.endsAt <= now)
      throw new ApiError("conflict", `${ref} has already ended; only upcoming or running windows are cancelled.`);
    return returnedRow(
      await tx.update(w).set({ cancelledAt: now, cancelledBy: actor.user.id }).where(eq(w.id, cur.id)).returning(),
      `Cancelling ${ref}`,
    );
  });
  return { maintenance_window: toWindow(row, (await heldCounts([row.id])).get(row.id) ?? 0, Date.now()) };
}

/** The windows named by these ids, as references: id and M-number. */
export async function windowRefs(ids: (string | null)[]): Promise<Map<string, MaintenanceRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await db().select({ id: w.id, number: w.number }).from(w).where(inArray(w.id, wanted));
  return new Map(rows.map((r) => [r.id, { id: r.id, ref: maintenanceRef(r.number) }]));
}

/** The window a change to `service` in `regions` posted at `at` falls in (its id), or null. */
export async function maintenanceOf(c: { service: string; regions: string[] }, at: number): Promise<string | null> {
  return changeWindow(c, await windowsAt(at), at)?.id ?? null;
}

/**
 * After a SEV0/SEV1 is declared on (or raised to, or moved onto) services under maintenance: each window
 * running on them stops holding alerts, and the incident's timeline says so. `before` is the incident
 * before an update (none: just declared).
 */
export async function endHolds(inc: Incident, before?: Pick<Incident, "severity" | "services">) {
  const cause = holdEndCause(inc, before);
  if (!cause) return;
  const now = Date.now();
  const ending = (await windowsAt(now)).filter((x) => endsHold(x, inc, now));
  if (!ending.length) return;
  await withTimelineEntries(async (tx, entry) => {
    for (const x of ending) {
      const done = await tx
        .update(w)
        .set({ holdEndedAt: new Date(now), holdEndedReason: cause })
        .where(and(eq(w.id, x.id), isNull(w.holdEndedAt)))
        .returning({ id: w.id });
      if (!done.length) continue;
      const on = inc.services.length ? x.services.filter((s) => inc.services.includes(s)) : x.services;
      await entry(inc.id, {
        kind: "maintenance",
        body: `Maintenance ${maintenanceRef(x.number)} on ${on.join(", ")} no longer holds alerts`,
        data: { maintenance_id: x.id, ref: maintenanceRef(x.number), services: x.services, regions: x.regions },
        authorId: null,
      });
    }
  });
}

const label = (s: string) => (isService(s) ? SERVICE_LABELS[s] : s);

/** What the public status shows: windows running now or starting within `aheadMs`, in customer wording only. */
export async function publicMaintenance(now: number, aheadMs: number): Promise<PublicMaintenance[]> {
  const rows = await maintenanceDuring(new Date(now), new Date(now + aheadMs));
  return rows.map((r) => ({
    id: maintenanceRef(r.number),
    kind: r.kind,
    state: r.startsAt.getTime() <= now ? "active" : "upcoming",
    title: publicHeadline({ ...r, start: r.startsAt.getTime(), end: r.endsAt.getTime() }, label),
    description: r.description,
    services: r.services,
    regions: r.regions,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    announced_at: r.createdAt.toISOString(),
  }));
}

/** Windows (not cancelled) that run at some point in [from, to), soonest first. */
export async function maintenanceDuring(from: Date, to: Date, limit = 100): Promise<Row[]> {
  return db()
    .select()
    .from(w)
    .where(and(isNull(w.cancelledAt), lt(w.startsAt, to), gt(w.endsAt, from)))
    .orderBy(asc(w.startsAt), asc(w.number))
    .limit(limit);
}

/** The windows of the coming shift, for the handoff's "check scheduled maintenance". */
export async function shiftMaintenance(from: Date, to: Date) {
  return views(await maintenanceDuring(from, to, 50), from.getTime());
}

/** What the public status's version depends on: windows created, cancelled or ending their hold. */
export const maintenanceVersion = sql`(select concat(count(*), max(${w.createdAt}), max(${w.cancelledAt})) from ${w})`;

/** Who may approve emergency maintenance: the engineering manager (ESCALATION_MANAGER) and the enabled admins. */
export async function approverChoices(): Promise<{ id: string; name: string }[]> {
  const manager = env().ESCALATION_MANAGER;
  const rows = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        isNull(users.disabledAt),
        manager ? or(eq(users.role, "admin"), eq(users.id, manager)) : eq(users.role, "admin"),
      ),
    )
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, name: r.id === manager ? `${r.name} (engineering manager)` : r.name }));
}
