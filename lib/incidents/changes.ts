// How every incident change is written: in one transaction, with each timeline entry it adds, and
// announced to live viewers once it has committed (lib/realtime: publish after commit).
import "server-only";
import { db, returnedRow } from "@/lib/db/client";
import { timelineEntries, type TimelineEntryRow } from "@/lib/db/schema";
import { publish } from "@/lib/realtime/channel";
import { incidentChannel, type IncidentNotice } from "./channel";
import type { Tx } from "./rows";

const pending = new WeakMap<object, IncidentNotice[]>();

/** Queues a notice for when the transaction `tx` commits. */
export function notify(tx: Tx, incidentId: string, type: IncidentNotice["type"], id: string) {
  pending.get(tx)?.push({ incident: incidentId, type, id });
}

/** Runs a change in one transaction and announces it to live viewers after it commits. */
export async function change<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const notices: IncidentNotice[] = [];
  const result = await db().transaction(async (tx) => {
    pending.set(tx, notices);
    return fn(tx);
  });
  await publish(incidentChannel, notices);
  return result;
}

export interface NewEntry {
  kind: string;
  body?: string;
  data?: Record<string, unknown>;
  occurredAt?: Date;
  authorId: string | null;
  correctsId?: number | null;
}

/** Appends a timeline entry inside the change's transaction. */
export async function addEntry(tx: Tx, incidentId: string, e: NewEntry): Promise<TimelineEntryRow> {
  const row = returnedRow(
    await tx
      .insert(timelineEntries)
      .values({
        incidentId,
        kind: e.kind,
        body: e.body ?? "",
        data: e.data ?? {},
        occurredAt: e.occurredAt ?? new Date(),
        authorId: e.authorId,
        correctsId: e.correctsId ?? null,
      })
      .returning(),
    "Adding a timeline entry",
  );
  notify(tx, incidentId, "entry", String(row.id));
  return row;
}
