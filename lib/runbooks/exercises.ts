// Runbooks kept alive: each exercise (a drill in staging, or a use in an incident) with who ran it and the
// deviations noted; when each runbook was last exercised, and which are untested (RUNBOOK_TEST_DAYS).
import "server-only";
import { and, desc, eq, inArray, max, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { incidents, runbookExercises, timelineEntries } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ApiError, badRequest } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { type Actor } from "@/lib/auth/permissions";
import { incidentRef } from "@/lib/incidents/rules";
import { loadIncident } from "@/lib/incidents/rows";
import type { Tx } from "@/lib/db/client";
import { isUntested } from "./standard";
import { listRunbooks, loadRunbook } from "./index";
import type { RecordExerciseBody } from "./contract";

function toExercise(r: typeof runbookExercises.$inferSelect, ref: string | null) {
  return {
    id: r.id,
    runbook: r.runbook,
    setting: r.setting,
    incident: ref,
    by: r.byId,
    at: r.at.toISOString(),
    notes: r.notes,
  };
}

/** Records a drill (staging) or a use in an incident; the runbook must be one of the console's. */
export async function recordExercise(actor: Actor, slug: string, b: RecordExerciseBody, now = Date.now()) {
  if (!(await loadRunbook(slug))) throw new ApiError("not_found", `No runbook '${slug}'.`);
  const at = b.at ? Date.parse(b.at) : now;
  if (at > now + 60_000) throw badRequest("body.at", "must not be in the future");
  let incidentId: string | null = null;
  let ref: string | null = null;
  if (b.setting === "incident") {
    if (!b.incident) throw badRequest("body.incident", "name the incident it was used in (e.g. INC-42)");
    const inc = await loadIncident(b.incident).catch(() => {
      throw badRequest("body.incident", `no incident '${b.incident}'`);
    });
    incidentId = inc.id;
    ref = incidentRef(inc.number);
  }
  const row = returnedRow(
    await db()
      .insert(runbookExercises)
      .values({
        id: newId("rx"),
        runbook: slug,
        setting: b.setting,
        incidentId,
        byId: actor.user.id,
        at: new Date(at),
        notes: b.notes ?? "",
      })
      .returning(),
    "Recording the exercise",
  );
  return { exercise: toExercise(row, ref) };
}

/** Records, inside a resolving incident's transaction, that it used these runbooks (once per incident each). */
export async function recordIncidentUse(tx: Tx, incidentId: string, slugs: string[], byId: string) {
  const known = (await Promise.all(slugs.map(loadRunbook))).flatMap((r) => (r ? [r.slug] : []));
  if (!known.length) return;
  const already = new Set(
    (
      await tx
        .select({ runbook: runbookExercises.runbook })
        .from(runbookExercises)
        .where(and(eq(runbookExercises.incidentId, incidentId), inArray(runbookExercises.runbook, known)))
    ).map((r) => r.runbook),
  );
  const fresh = known.filter((s) => !already.has(s));
  if (fresh.length)
    await tx.insert(runbookExercises).values(
      fresh.map((runbook) => ({
        id: newId("rx"),
        runbook,
        setting: "incident" as const,
        incidentId,
        byId,
        at: new Date(),
      })),
    );
}

/** When each runbook was last exercised. */
export async function lastExercised(): Promise<Map<string, Date>> {
  const rows = await db()
    .select({ runbook: runbookExercises.runbook, at: max(runbookExercises.at) })
    .from(runbookExercises)
    .groupBy(runbookExercises.runbook);
  return new Map(rows.flatMap((r) => (r.at ? [[r.runbook, r.at] as const] : [])));
}

/** The console's runbooks not exercised for RUNBOOK_TEST_DAYS (never exercised first). */
export async function untestedRunbooks(now = Date.now()) {
  const [list, last] = await Promise.all([listRunbooks(), lastExercised()]);
  const days = env().RUNBOOK_TEST_DAYS;
  return list
    .filter((r) => isUntested(last.get(r.slug)?.getTime() ?? null, days, now))
    .map((r) => ({ slug: r.slug, title: r.title, last_exercised_at: last.get(r.slug)?.toISOString() ?? null }))
    .sort((a, b) => (a.last_exercised_at ?? "").localeCompare(b.last_exercised_at ?? ""));
}

/** A runbook's exercises, newest first, with the deviations incidents noted against it. */
export async function runbookHistory(slug: string, now = Date.now()) {
  if (!(await loadRunbook(slug))) throw new ApiError("not_found", `No runbook '${slug}'.`);
  const rows = await db()
    .select({ x: runbookExercises, number: incidents.number })
    .from(runbookExercises)
    .leftJoin(incidents, eq(incidents.id, runbookExercises.incidentId))
    .where(eq(runbookExercises.runbook, slug))
    .orderBy(desc(runbookExercises.at))
    .limit(200);
  const deviations = await db()
    .select({ e: timelineEntries, number: incidents.number })
    .from(timelineEntries)
    .innerJoin(incidents, eq(incidents.id, timelineEntries.incidentId))
    .where(
      and(
        eq(timelineEntries.kind, "runbook_deviation"),
        sql`(${timelineEntries.data}->>'runbook' = ${slug} or ${timelineEntries.data}->>'runbook' like ${`%/runbooks/${slug}`})`,
      ),
    )
    .orderBy(desc(timelineEntries.occurredAt))
    .limit(200);
  const last = rows[0]?.x.at.getTime() ?? null;
  const days = env().RUNBOOK_TEST_DAYS;
  return {
    last_exercised_at: rows[0]?.x.at.toISOString() ?? null,
    last_exercised_by: rows[0]?.x.byId ?? null,
    untested: isUntested(last, days, now),
    test_days: days,
    exercises: rows.map((r) => toExercise(r.x, r.number === null ? null : incidentRef(r.number))),
    deviations: deviations.map((d) => ({
      incident: incidentRef(d.number),
      at: d.e.occurredAt.toISOString(),
      by: d.e.authorId,
      body: d.e.body,
    })),
  };
}
