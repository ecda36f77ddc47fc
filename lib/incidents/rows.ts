// Incident and timeline rows as the API shows them, and loading an incident by id or INC-n.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { db, type Tx } from "@/lib/db/client";
import { incidents, timelineEntries, type IncidentRow, type TimelineEntryRow } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import { env } from "@/lib/env";
import type { Incident, TimelineEntry } from "./contract";
import { freezes, incidentRef, STALE_AFTER_MS } from "./rules";
import { isOpen } from "@/lib/vocabulary";

export type { Tx };

export const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;

export function toIncident(row: IncidentRow, lastEntryAt: Date | null, now = Date.now()): Incident {
  return {
    id: row.id,
    ref: incidentRef(row.number),
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
    customer_update_every_minutes: env().STATUS_UPDATE_CADENCE[row.severity] ?? null,
  };
}

export function toEntry(row: TimelineEntryRow, correctedBy: string[] = []): TimelineEntry {
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

/** An incident by its id or its INC-n reference (404 otherwise); `lock` holds the row until the transaction ends. */
export async function loadIncident(idOrRef: string, tx: Tx = db(), lock = false): Promise<IncidentRow> {
  const m = /^INC-(\d{1,12})$/i.exec(idOrRef);
  const where = m ? eq(incidents.number, Number(m[1])) : eq(incidents.id, idOrRef);
  const q = tx.select().from(incidents).where(where).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new ApiError("not_found", `No incident '${idOrRef}'.`);
  return row;
}

/** The incident with its last timeline update (for staleness). */
export async function incidentView(row: IncidentRow, tx: Tx = db()): Promise<Incident> {
  const [r] = await tx
    .select({ last: sql<string | null>`max(${timelineEntries.recordedAt})::text` })
    .from(timelineEntries)
    .where(eq(timelineEntries.incidentId, row.id));
  return toIncident(row, r?.last ? new Date(r.last) : null);
}
