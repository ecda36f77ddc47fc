// Handoff rows as the API shows them: the handoff with its items, summaries and people's names.
import "server-only";
import { eq } from "drizzle-orm";
import { userNames } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { handoffItems, handoffs, handoffSummaries } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { Handoff } from "./contract";

export type Row = typeof handoffs.$inferSelect;
export const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function load(id: string): Promise<Row> {
  const [row] = await db().select().from(handoffs).where(eq(handoffs.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", `No handoff '${id}'.`);
  return row;
}

/** A handoff's own fields, as its page and the list show them. */
export function handoffHead(row: Row, who: Map<string, string>) {
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
  };
}

export async function toHandoff(row: Row): Promise<Handoff> {
  const [items, summaries, who] = await Promise.all([
    db().select().from(handoffItems).where(eq(handoffItems.handoffId, row.id)).orderBy(handoffItems.position),
    db().select().from(handoffSummaries).where(eq(handoffSummaries.handoffId, row.id)),
    userNames([row.outgoingId, row.incomingId]),
  ]);
  return {
    ...handoffHead(row, who),
    items: items.map((i) => ({
      key: i.key,
      phase: i.phase,
      label: i.label,
      done: i.done,
      note: i.note,
      done_by: i.doneBy,
      done_at: iso(i.doneAt),
    })),
    summaries: Object.fromEntries(
      summaries.map((s) => [s.incidentId, { summary: s.summary, updated_at: s.updatedAt.toISOString() }]),
    ),
  };
}
