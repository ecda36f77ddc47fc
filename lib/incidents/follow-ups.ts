// Follow-up work from an incident — a postmortem's action items: who does what by when, of which kind, with its ticket.
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { followUps, users } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { isoOrNull, loadIncident } from "./rows";
import { incidentRef } from "./rules";
import { type Actor } from "@/lib/auth/permissions";
import type { ActionKind } from "@/lib/vocabulary";
import type { UpdateFollowUpBody } from "./schemas";

export function toFollowUp(r: typeof followUps.$inferSelect) {
  return {
    id: r.id,
    incident_id: r.incidentId,
    title: r.title,
    owner_id: r.ownerId,
    due: r.due,
    ticket_url: r.ticketUrl,
    kind: r.kind,
    status: r.status,
    created_at: r.createdAt.toISOString(),
    done_at: isoOrNull(r.doneAt),
  };
}

export async function listFollowUps(idOrRef: string) {
  const inc = await loadIncident(idOrRef);
  const rows = await db()
    .select()
    .from(followUps)
    .where(eq(followUps.incidentId, inc.id))
    .orderBy(asc(followUps.createdAt));
  return { follow_ups: rows.map(toFollowUp) };
}

export async function createFollowUp(
  actor: Actor,
  idOrRef: string,
  b: {
    title: string;
    owner_id?: string | null;
    due?: string | null;
    ticket_url?: string | null;
    kind?: ActionKind | null;
  },
) {
  const inc = await loadIncident(idOrRef);
  await assertOwner(b.owner_id);
  const row = returnedRow(
    await db()
      .insert(followUps)
      .values({
        id: newId("fu"),
        incidentId: inc.id,
        title: b.title,
        ownerId: b.owner_id ?? null,
        due: b.due ?? null,
        ticketUrl: b.ticket_url ?? null,
        kind: b.kind ?? null,
        createdBy: actor.user.id,
      })
      .returning(),
    "Adding a follow-up",
  );
  return { follow_up: toFollowUp(row) };
}

/** An owner must be a person the console knows. */
async function assertOwner(id: string | null | undefined) {
  if (!id) return;
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1);
  if (!u) throw badRequest("body.owner_id", `no user '${id}'`);
}

/** Ticks a follow-up done or open, or sets its owner, due date, ticket or kind (the postmortem's action items). */
export async function updateFollowUp(idOrRef: string, followUpId: string, b: UpdateFollowUpBody) {
  const inc = await loadIncident(idOrRef);
  await assertOwner(b.owner_id);
  const [row] = await db()
    .update(followUps)
    .set({
      ...(b.status ? { status: b.status, doneAt: b.status === "done" ? new Date() : null } : {}),
      ...(b.owner_id !== undefined ? { ownerId: b.owner_id } : {}),
      ...(b.due !== undefined ? { due: b.due } : {}),
      ...(b.ticket_url !== undefined ? { ticketUrl: b.ticket_url } : {}),
      ...(b.kind !== undefined ? { kind: b.kind } : {}),
    })
    .where(and(eq(followUps.id, followUpId), eq(followUps.incidentId, inc.id)))
    .returning();
  if (!row) throw new ApiError("not_found", `No follow-up '${followUpId}' on ${incidentRef(inc.number)}.`);
  return { follow_up: toFollowUp(row) };
}
