// The append-only timeline: reading it, appending a person's entry, and the automatic entries other
// domains write (alerts, handoffs) in their own transaction with their own rows.
import "server-only";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { timelineEntries } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import type { AppendEntryBody, TimelineEntry } from "./contract";
import { addEntry, change } from "./changes";
import { loadIncident, toEntry, type Tx } from "./rows";
import { entryProblems, incidentRef } from "./rules";
import { type Actor } from "@/lib/auth/permissions";

export async function listTimeline(idOrRef: string) {
  const inc = await loadIncident(idOrRef);
  const rows = await db()
    .select()
    .from(timelineEntries)
    .where(eq(timelineEntries.incidentId, inc.id))
    .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
  const correctedBy = new Map<number, string[]>();
  for (const r of rows)
    if (r.correctsId !== null) correctedBy.set(r.correctsId, [...(correctedBy.get(r.correctsId) ?? []), String(r.id)]);
  return { entries: rows.map((r) => toEntry(r, correctedBy.get(r.id))) };
}

export async function appendEntry(actor: Actor, idOrRef: string, body: AppendEntryBody) {
  const problems = entryProblems({ kind: body.kind, body: body.body, data: body.data, occurred_at: body.occurred_at });
  const fields = Object.entries(problems).map(([field, message]) => ({ field: `body.${field}`, message }));
  if (fields.length)
    throw new ApiError(
      "validation_failed",
      `Invalid entry: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`,
      { details: { fields } },
    );
  return change(async (tx) => {
    const inc = await loadIncident(idOrRef, tx);
    let correctsId: number | null = null;
    if (body.corrects) {
      const [orig] = await tx
        .select({ id: timelineEntries.id })
        .from(timelineEntries)
        .where(and(eq(timelineEntries.id, Number(body.corrects)), eq(timelineEntries.incidentId, inc.id)))
        .limit(1);
      if (!orig) throw badRequest("body.corrects", `no entry ${body.corrects} in ${incidentRef(inc.number)}`);
      correctsId = orig.id;
    }
    // A status update records what it is about and where the incident stood: the public page shows it so.
    const data =
      body.kind === "status_update"
        ? {
            ...body.data,
            services: body.data?.services ?? inc.services,
            regions: body.data?.regions ?? inc.regions,
            status: inc.status,
          }
        : (body.data ?? {});
    const row = await addEntry(tx, inc.id, {
      kind: body.kind,
      body: body.body,
      data,
      occurredAt: body.occurred_at ? new Date(body.occurred_at) : undefined,
      authorId: actor.user.id,
      correctsId,
    });
    return { entry: toEntry(row) };
  });
}

/**
 * The entries a live viewer may not have: after `afterId` (all, when null, of those recorded in the
 * window), and any recorded in the last `overlapSeconds` — ids are taken before commit, so an entry
 * committed later than one with a higher id is still found. Oldest first, at most 1000.
 */
export async function entriesSince(
  incidentId: string,
  afterId: number | null,
  overlapSeconds: number,
): Promise<TimelineEntry[]> {
  const recent = sql`${timelineEntries.recordedAt} > now() - make_interval(secs => ${overlapSeconds})`;
  const rows = await db()
    .select()
    .from(timelineEntries)
    .where(
      and(
        eq(timelineEntries.incidentId, incidentId),
        afterId === null ? recent : or(sql`${timelineEntries.id} > ${afterId}`, recent),
      ),
    )
    .orderBy(asc(timelineEntries.id))
    .limit(1000);
  return rows.map((r) => toEntry(r));
}

/**
 * Runs `fn` in one incident transaction; `entry` appends an automatic timeline entry inside it. Live
 * viewers hear of the entries after the commit. For other domains that must write their own rows and
 * timeline entries together (a handoff's submit).
 */
export type AutoEntry = {
  kind: "alert" | "handoff" | "freeze_violation" | "update_reminder" | "maintenance";
  body: string;
  data: Record<string, unknown>;
  authorId: string | null;
};

export function withTimelineEntries<T>(
  fn: (tx: Tx, entry: (incidentId: string, e: AutoEntry) => Promise<TimelineEntry>) => Promise<T>,
): Promise<T> {
  return change((tx) => fn(tx, async (incidentId, e) => toEntry(await addEntry(tx, incidentId, e))));
}

/** One automatic entry (an alert resolved, …), announced after it commits. */
export async function recordAutoEntry(incidentId: string, e: AutoEntry) {
  return change(async (tx) => toEntry(await addEntry(tx, incidentId, e)));
}
