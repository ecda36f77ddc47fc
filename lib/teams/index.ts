// Teams: each owns services (the catalog) and keeps its own rotation. `platform` always exists.
import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { teams } from "@/lib/db/schema";
import { ApiError, badRequest, invalidFields } from "@/lib/http/errors";
import type { Actor } from "@/lib/auth/permissions";
import { onCallOf } from "@/lib/oncall";
import { PLATFORM_TEAM } from "@/lib/vocabulary";
import { teamProblems, type TeamSettings } from "./rules";
import type { TeamView } from "./contract";

const view = (t: typeof teams.$inferSelect): TeamView => ({
  id: t.id,
  name: t.name,
  time_zone: t.timeZone,
  work_start_hour: t.workStartHour,
  work_end_hour: t.workEndHour,
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
});

/** Every team: the platform first, then by id. */
export async function teamRows(): Promise<TeamView[]> {
  return (
    await db()
      .select()
      .from(teams)
      .orderBy(sql`${teams.id} <> ${PLATFORM_TEAM}`, asc(teams.id))
  ).map(view);
}

/** The team a request names (`platform` when it names none); an unknown one is a 400 on `field`, listing the teams. */
export async function resolveTeam(team: string | undefined, field: string): Promise<string> {
  if (team === undefined || team === PLATFORM_TEAM) return PLATFORM_TEAM;
  const ids = (await db().select({ id: teams.id }).from(teams).orderBy(asc(teams.id))).map((t) => t.id);
  if (!ids.includes(team)) throw badRequest(field, `no team '${team.slice(0, 64)}' (teams: ${ids.join(", ")})`);
  return team;
}

/** Every team with who holds each layer of its rotation now, and who takes the primary next. */
export async function listTeams(at = Date.now()) {
  const rows = await teamRows();
  const now = await onCallOf(
    rows.map((t) => t.id),
    at,
  );
  return {
    teams: rows.map((t, i) => ({
      ...t,
      schedule_version: now[i]?.schedule_version ?? null,
      on_call: now[i]?.on_call ?? [],
      next_primary: now[i]?.next_primary ?? null,
    })),
  };
}

function checked(s: TeamSettings) {
  const problems = teamProblems(s);
  if (problems.length) throw invalidFields(problems);
  return s;
}

export async function createTeam(
  actor: Actor,
  b: { id: string; name: string; time_zone?: string; work_start_hour?: number; work_end_hour?: number },
) {
  const s = checked({
    time_zone: b.time_zone ?? "UTC",
    work_start_hour: b.work_start_hour ?? 9,
    work_end_hour: b.work_end_hour ?? 17,
  });
  const rows = await db()
    .insert(teams)
    .values({
      id: b.id,
      name: b.name,
      timeZone: s.time_zone,
      workStartHour: s.work_start_hour,
      workEndHour: s.work_end_hour,
      createdBy: actor.user.id,
    })
    .onConflictDoNothing()
    .returning();
  const t = rows[0];
  if (!t) throw new ApiError("conflict", `A team '${b.id}' exists already.`);
  return { team: view(t) };
}

export async function updateTeam(
  _actor: Actor,
  id: string,
  b: { name?: string; time_zone?: string; work_start_hour?: number; work_end_hour?: number },
) {
  return db().transaction(async (tx) => {
    const [cur] = await tx.select().from(teams).where(eq(teams.id, id)).for("update");
    if (!cur) throw new ApiError("not_found", `No team '${id}'.`);
    const s = checked({
      time_zone: b.time_zone ?? cur.timeZone,
      work_start_hour: b.work_start_hour ?? cur.workStartHour,
      work_end_hour: b.work_end_hour ?? cur.workEndHour,
    });
    const t = returnedRow(
      await tx
        .update(teams)
        .set({
          name: b.name ?? cur.name,
          timeZone: s.time_zone,
          workStartHour: s.work_start_hour,
          workEndHour: s.work_end_hour,
          updatedAt: sql`now()`,
        })
        .where(eq(teams.id, id))
        .returning(),
      "Updating a team",
    );
    return { team: view(t) };
  });
}
