// On call: the schedule in force (versioned), overrides, and who holds each layer — from the rotation
// arithmetic in ./rules. Everyone on a layer must be able to respond (an operator or admin).
import "server-only";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { oncallOverrides, oncallSchedules } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import { assertResponders } from "@/lib/auth/users";
import { newId } from "@/lib/ids";
import { holds, type Actor } from "@/lib/auth/permissions";
import { onCallAt, scheduleProblems, shiftsBetween, type Override, type Shift } from "./rules";
import type { ShiftView } from "./contract";
import { userNames } from "@/lib/auth/users";
import { type Layer, type RotationLayer } from "@/lib/vocabulary";

const MAX_WINDOW_MS = 35 * 86_400_000;

async function schedule() {
  const [s] = await db().select().from(oncallSchedules).orderBy(desc(oncallSchedules.version)).limit(1);
  return s ?? null;
}

const scheduleView = (s: typeof oncallSchedules.$inferSelect) => ({
  version: s.version,
  layers: s.layers,
  created_at: s.createdAt.toISOString(),
  created_by: s.createdBy,
});

/** Overrides in force somewhere in [from, to), not cancelled. */
async function overridesBetween(from: number, to: number) {
  return db()
    .select()
    .from(oncallOverrides)
    .where(
      and(
        isNull(oncallOverrides.cancelledAt),
        lt(oncallOverrides.startsAt, new Date(to)),
        gt(oncallOverrides.endsAt, new Date(from)),
      ),
    )
    .orderBy(oncallOverrides.startsAt);
}

const asOverride = (o: typeof oncallOverrides.$inferSelect): Override => ({
  id: o.id,
  layer: o.layer,
  user_id: o.userId,
  start: o.startsAt.toISOString(),
  end: o.endsAt.toISOString(),
  created_at: o.createdAt.toISOString(),
});

async function withNames(shifts: Shift[]): Promise<ShiftView[]> {
  const who = await userNames(shifts.map((s) => s.user_id));
  return shifts.map((s) => ({
    layer: s.layer,
    user: { id: s.user_id, name: who.get(s.user_id) ?? s.user_id },
    start: s.start,
    end: s.end,
    override_id: s.override_id,
  }));
}

/** Who holds each layer at `at` (now by default). */
export async function onCall(at = Date.now()) {
  const s = await schedule();
  const overrides = (await overridesBetween(at, at + 1)).map(asOverride);
  const now = onCallAt(s?.layers ?? [], overrides, at);
  // Who takes the primary shift next: the handoff's incoming by default.
  const primary = now.find((x) => x.layer === "primary");
  const after = primary ? Date.parse(primary.end) : null;
  const next =
    after === null
      ? undefined
      : onCallAt(s?.layers ?? [], (await overridesBetween(after, after + 1)).map(asOverride), after).find(
          (x) => x.layer === "primary",
        );
  const [named, nextNamed] = await Promise.all([withNames(now), withNames(next ? [next] : [])]);
  return {
    at: new Date(at).toISOString(),
    schedule_version: s?.version ?? null,
    on_call: named,
    next_primary: nextNamed[0] ?? null,
  };
}

/** The primary at `at`, if there is a schedule. */
export async function primaryAt(at: number): Promise<{ id: string; name: string } | null> {
  return (await onCall(at)).on_call.find((s) => s.layer === "primary")?.user ?? null;
}

export async function shifts(fromIso: string, toIso: string) {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (to <= from) throw badRequest("query.to", "must be after from");
  if (to - from > MAX_WINDOW_MS) throw badRequest("query.to", "the window is longer than 35 days");
  const s = await schedule();
  const rows = await overridesBetween(from, to);
  const who = await userNames(rows.map((o) => o.userId));
  return {
    shifts: await withNames(shiftsBetween(s?.layers ?? [], rows.map(asOverride), from, to)),
    overrides: rows.map((o) => ({
      id: o.id,
      layer: o.layer,
      user: { id: o.userId, name: who.get(o.userId) ?? o.userId },
      start: o.startsAt.toISOString(),
      end: o.endsAt.toISOString(),
      reason: o.reason,
      created_by: o.createdBy,
      created_at: o.createdAt.toISOString(),
    })),
  };
}

/** A start this close before now is taken as now (the form's "now" was a moment ago). */
const START_SLACK_MS = 5 * 60_000;

/**
 * Takes a layer from now (or later) to `end`. Past shifts are the record of who was on call: only an
 * admin rewrites them, as a `correction` with a reason, on the audit record.
 */
export async function addOverride(
  actor: Actor,
  b: { layer: Layer; user_id: string; start: string; end: string; reason?: string; correction?: boolean },
) {
  const now = Date.now();
  const asked = Date.parse(b.start);
  const end = Date.parse(b.end);
  if (b.correction) {
    if (!holds(actor.grants, "admin")) throw new ApiError("forbidden", "Only an admin corrects past shifts.");
    if (!b.reason?.trim()) throw badRequest("body.reason", "say why the record of past shifts is corrected");
  } else if (asked < now - START_SLACK_MS) {
    throw badRequest(
      "body.start",
      "is in the past: an override starts now or later (an admin corrects past shifts with correction: true and a reason)",
    );
  }
  const start = b.correction ? asked : Math.max(asked, now);
  if (end <= start) throw badRequest("body.end", "must be after start");
  if (end - start > MAX_WINDOW_MS) throw badRequest("body.end", "an override covers at most 35 days");
  if (!b.correction && end <= now) throw badRequest("body.end", "is in the past: an override is for now or later");
  await assertResponders([b.user_id], () => "body.user_id");
  const o = returnedRow(
    await db()
      .insert(oncallOverrides)
      .values({
        id: newId("ovr"),
        layer: b.layer,
        userId: b.user_id,
        startsAt: new Date(start),
        endsAt: new Date(end),
        reason: b.reason ?? "",
        createdBy: actor.user.id,
      })
      .returning(),
    "Adding an override",
  );
  const who = await userNames([o.userId]);
  return {
    override: {
      id: o.id,
      layer: o.layer,
      user: { id: o.userId, name: who.get(o.userId) ?? o.userId },
      start: o.startsAt.toISOString(),
      end: o.endsAt.toISOString(),
      reason: o.reason,
      created_by: o.createdBy,
      created_at: o.createdAt.toISOString(),
      ...(b.correction ? { correction: true } : {}),
    },
  };
}

export async function cancelOverride(actor: Actor, id: string) {
  const rows = await db()
    .update(oncallOverrides)
    .set({ cancelledAt: sql`now()`, cancelledBy: actor.user.id })
    .where(and(eq(oncallOverrides.id, id), isNull(oncallOverrides.cancelledAt)))
    .returning({ id: oncallOverrides.id });
  if (!rows.length) throw new ApiError("not_found", `No override '${id}' in force.`);
  return { cancelled: true };
}

export async function getSchedule() {
  const s = await schedule();
  return { schedule: s ? scheduleView(s) : null };
}

export async function replaceSchedule(actor: Actor, layers: RotationLayer[]) {
  const problems = scheduleProblems(layers);
  if (problems.length)
    throw new ApiError("validation_failed", problems.map((p) => `${p.field}: ${p.message}`).join("; "), {
      details: { fields: problems },
    });
  await assertResponders(
    layers.flatMap((l) => l.people),
    (id) => `body.layers[${layers.findIndex((l) => l.people.includes(id))}].people`,
  );
  return db().transaction(async (tx) => {
    const [cur] = await tx
      .select({ v: sql<number>`coalesce(max(${oncallSchedules.version}), 0)::int` })
      .from(oncallSchedules);
    const s = returnedRow(
      await tx
        .insert(oncallSchedules)
        .values({ version: (cur?.v ?? 0) + 1, layers, createdBy: actor.user.id })
        .returning(),
      "Replacing the schedule",
    );
    return { schedule: scheduleView(s) };
  });
}
