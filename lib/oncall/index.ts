// On call: the schedule in force (versioned), overrides, and who holds each layer — from the rotation
// arithmetic in ./rules. Everyone on a layer must be able to respond (an operator or admin).
import "server-only";
import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { incidents, oncallOverrides, oncallSchedules } from "@/lib/db/schema";
import { ApiError, badRequest, invalidFields } from "@/lib/http/errors";
import { assertResponders } from "@/lib/auth/users";
import { newId } from "@/lib/ids";
import { holds, type Actor } from "@/lib/auth/permissions";
import {
  PREVIEW_DAYS,
  nextOnCall,
  onCallIn,
  previewSchedule,
  scheduleProblems,
  shiftsIn,
  type Override,
  type Shift,
  type Version,
} from "./rules";
import { incidentRef } from "@/lib/incidents/rules";
import type { ShiftView } from "./contract";
import { userNames } from "@/lib/auth/users";
import { MAJOR_SEVERITIES, PLATFORM_TEAM, type Layer, type RotationLayer } from "@/lib/vocabulary";

const MAX_WINDOW_MS = 35 * 86_400_000;

async function schedule(team: string = PLATFORM_TEAM) {
  const [s] = await db()
    .select()
    .from(oncallSchedules)
    .where(eq(oncallSchedules.team, team))
    .orderBy(desc(oncallSchedules.version))
    .limit(1);
  return s ?? null;
}

/** Every version of each of these teams' schedules (all teams without a list), each in force from its save. */
async function versionsOf(teams?: string[]): Promise<Map<string, { version: number; versions: Version[] }>> {
  const rows = await db()
    .select({
      team: oncallSchedules.team,
      version: oncallSchedules.version,
      layers: oncallSchedules.layers,
      createdAt: oncallSchedules.createdAt,
    })
    .from(oncallSchedules)
    .where(teams ? inArray(oncallSchedules.team, teams) : undefined)
    .orderBy(asc(oncallSchedules.team), asc(oncallSchedules.version));
  const by = new Map<string, { version: number; versions: Version[] }>();
  for (const r of rows) {
    const t = by.get(r.team) ?? { version: r.version, versions: [] };
    t.version = r.version;
    t.versions.push({ layers: r.layers, from: r.createdAt.getTime() });
    by.set(r.team, t);
  }
  return by;
}

/** Every version of a team's schedule, each in force from its save. */
async function versions(team: string = PLATFORM_TEAM): Promise<Version[]> {
  return (await versionsOf([team])).get(team)?.versions ?? [];
}

const scheduleView = (s: typeof oncallSchedules.$inferSelect) => ({
  team: s.team,
  version: s.version,
  layers: s.layers,
  created_at: s.createdAt.toISOString(),
  created_by: s.createdBy,
});

/** A team's overrides (these teams', every team's with null) in force somewhere in [from, to), not cancelled. */
async function overridesBetween(from: number, to: number, team: string | string[] | null = PLATFORM_TEAM) {
  return db()
    .select()
    .from(oncallOverrides)
    .where(
      and(
        team === null ? undefined : inArray(oncallOverrides.team, typeof team === "string" ? [team] : team),
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

const named = (s: Shift, who: Map<string, string>): ShiftView => ({
  layer: s.layer,
  user: { id: s.user_id, name: who.get(s.user_id) ?? s.user_id },
  start: s.start,
  end: s.end,
  override_id: s.override_id,
});

async function withNames(shifts: Shift[]): Promise<ShiftView[]> {
  const who = await userNames(shifts.map((s) => s.user_id));
  return shifts.map((s) => named(s, who));
}

/**
 * Who holds each layer of these teams' rotations at `at`, and who takes each over next: every team's
 * versions, overrides and names read once (three queries however many teams), the rest in memory.
 */
export async function onCallOf(teams: string[], at = Date.now()) {
  const [schedules, rows] = await Promise.all([versionsOf(teams), overridesBetween(at, at + MAX_WINDOW_MS, teams)]);
  const worked = teams.map((team) => {
    const all = schedules.get(team)?.versions ?? [];
    const overrides = rows.filter((o) => o.team === team).map(asOverride);
    return { team, now: onCallIn(all, overrides, at), next: nextOnCall(all, overrides, at, MAX_WINDOW_MS) };
  });
  const who = await userNames(worked.flatMap((w) => [...w.now, ...w.next].map((s) => s.user_id)));
  return worked.map(({ team, now, next }) => {
    const upcoming = next.map((n) => ({ ...named(n, who), time_zone: n.time_zone ?? "UTC" }));
    return {
      at: new Date(at).toISOString(),
      team,
      schedule_version: schedules.get(team)?.version ?? null,
      on_call: now.map((s) => named(s, who)),
      next: upcoming,
      next_primary: upcoming.find((x) => x.layer === "primary") ?? null,
    };
  });
}

/** Who holds each layer of a team's rotation at `at` (now by default), and who takes each over next. */
export async function onCall(at = Date.now(), team: string = PLATFORM_TEAM) {
  const [one] = await onCallOf([team], at);
  return one!;
}

/** A team's primary at `at`, if it has a schedule. */
export async function primaryAt(
  at: number,
  team: string = PLATFORM_TEAM,
): Promise<{ id: string; name: string } | null> {
  return (await onCall(at, team)).on_call.find((s) => s.layer === "primary")?.user ?? null;
}

const overrideView = (o: typeof oncallOverrides.$inferSelect, who: Map<string, string>) => ({
  id: o.id,
  team: o.team,
  layer: o.layer,
  user: { id: o.userId, name: who.get(o.userId) ?? o.userId },
  start: o.startsAt.toISOString(),
  end: o.endsAt.toISOString(),
  reason: o.reason,
  created_by: o.createdBy,
  created_at: o.createdAt.toISOString(),
});

/** Every layer's shifts of a team's rotation in [from, to), overrides cut in, and those overrides. */
export async function shifts(fromIso: string, toIso: string, team: string = PLATFORM_TEAM) {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (to <= from) throw badRequest("query.to", "must be after from");
  if (to - from > MAX_WINDOW_MS) throw badRequest("query.to", "the window is longer than 35 days");
  const rows = await overridesBetween(from, to, team);
  const who = await userNames(rows.map((o) => o.userId));
  return {
    shifts: await withNames(shiftsIn(await versions(team), rows.map(asOverride), from, to)),
    overrides: rows.map((o) => overrideView(o, who)),
  };
}

/** A start this close before now is taken as now (the form's "now" was a moment ago). */
const START_SLACK_MS = 5 * 60_000;

/**
 * Takes a layer of a team's rotation (the platform's by default) from now (or later) to `end`. Past shifts are the record of who was on call: only an
 * admin rewrites them, as a `correction` with a reason, on the audit record.
 */
export async function addOverride(
  actor: Actor,
  b: { layer: Layer; user_id: string; start: string; end: string; reason?: string; correction?: boolean },
  team: string = PLATFORM_TEAM,
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
        team,
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
  return {
    override: { ...overrideView(o, await userNames([o.userId])), ...(b.correction ? { correction: true } : {}) },
  };
}

/** Cancels an override of a team's rotation (another team's is not found). */
export async function cancelOverride(actor: Actor, id: string, team: string = PLATFORM_TEAM) {
  const rows = await db()
    .update(oncallOverrides)
    .set({ cancelledAt: sql`now()`, cancelledBy: actor.user.id })
    .where(and(eq(oncallOverrides.id, id), eq(oncallOverrides.team, team), isNull(oncallOverrides.cancelledAt)))
    .returning({ id: oncallOverrides.id });
  if (!rows.length) throw new ApiError("not_found", `No override '${id}' of team '${team}' in force.`);
  return { cancelled: true };
}

export async function getSchedule(team: string = PLATFORM_TEAM) {
  const s = await schedule(team);
  return { schedule: s ? scheduleView(s) : null };
}

/** The open Sev0/Sev1 incidents, as people name them ("INC-12 (SEV1)"). */
async function openMajor(): Promise<string[]> {
  const rows = await db()
    .select({ number: incidents.number, severity: incidents.severity })
    .from(incidents)
    .where(and(inArray(incidents.severity, [...MAJOR_SEVERITIES]), ne(incidents.status, "resolved")))
    .orderBy(incidents.number);
  return rows.map((r) => `${incidentRef(r.number)} (${r.severity.toUpperCase()})`);
}

/** What saving `layers` as a team's rotation now would do: who is on call now and for two weeks, what changes, what to heed. */
export async function schedulePreview(layers: RotationLayer[], now = Date.now(), team: string = PLATFORM_TEAM) {
  const problems = scheduleProblems(layers);
  if (problems.length) throw invalidFields(problems);
  await assertResponders(
    layers.flatMap((l) => l.people),
    (id) => `body.layers[${layers.findIndex((l) => l.people.includes(id))}].people`,
  );
  const horizon = now + PREVIEW_DAYS * 86_400_000;
  const [all, rows, major] = await Promise.all([versions(team), overridesBetween(now, horizon, team), openMajor()]);
  const overrides = rows.map(asOverride);
  const ids = [...layers.flatMap((l) => l.people), ...all.flatMap((v) => v.layers.flatMap((l) => l.people))];
  const names = await userNames([...ids, ...overrides.map((o) => o.user_id)]);
  const p = previewSchedule(all, overrides, layers, now, major, (id) => names.get(id) ?? id);
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? id } : null);
  const shiftViews = await withNames(p.shifts);
  return {
    preview: {
      at: new Date(now).toISOString(),
      now: p.now.map((h) => ({ layer: h.layer, before: person(h.before), after: person(h.after) })),
      shifts: shiftViews.map((s, i) => ({ ...s, changed: p.shifts[i]?.changed ?? true })),
      warnings: p.warnings,
    },
  };
}

/**
 * Saves `layers` as the team's next version, in force from now: the shifts before now stay as they were. One
 * person on two layers at once is refused (400 naming the layer's people) unless `confirm` says it is meant;
 * a shadow who is the primary at the same time is refused always.
 */
export async function replaceSchedule(
  actor: Actor,
  b: { layers: RotationLayer[]; confirm?: boolean },
  team: string = PLATFORM_TEAM,
) {
  const now = Date.now();
  const { preview } = await schedulePreview(b.layers, now, team);
  const field = (w: { field?: string }) => w.field ?? "body.layers";
  const self = preview.warnings.filter((w) => w.code === "shadow_self");
  if (self.length) throw invalidFields(self.map((w) => ({ field: field(w), message: w.message })));
  const twice = preview.warnings.filter((w) => w.code === "same_person");
  if (twice.length && !b.confirm)
    throw invalidFields(
      twice.map((w) => ({ field: field(w), message: `${w.message} Send confirm: true if it is meant.` })),
    );
  return db().transaction(async (tx) => {
    const [cur] = await tx
      .select({ v: sql<number>`coalesce(max(${oncallSchedules.version}), 0)::int` })
      .from(oncallSchedules)
      .where(eq(oncallSchedules.team, team));
    const s = returnedRow(
      await tx
        .insert(oncallSchedules)
        .values({
          team,
          version: (cur?.v ?? 0) + 1,
          layers: b.layers,
          createdBy: actor.user.id,
          createdAt: new Date(now),
        })
        .returning(),
      "Replacing the schedule",
    );
    return { schedule: scheduleView(s), warnings: preview.warnings };
  });
}

/**
 * A team's rotation over [from, to] read once — its versions and overrides — and who holds each layer at any
 * instant in it, worked out in memory: the escalation clock's lookup (no "next on call", no names).
 */
export async function rotaOf(team: string, from: number, to: number): Promise<(at: number) => Shift[]> {
  const [all, rows] = await Promise.all([versions(team), overridesBetween(from, to + 1, team)]);
  const overrides = rows.map(asOverride);
  return (at) => onCallIn(all, overrides, at);
}
