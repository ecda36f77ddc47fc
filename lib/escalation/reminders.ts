// Update reminders: an open incident's commander is reminded once when a customer update is overdue.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { incidents, timelineEntries, users } from "@/lib/db/schema";
import { withTimelineEntries } from "@/lib/incidents/timeline";
import { customerUpdateDue, incidentRef } from "@/lib/incidents/rules";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit";
import type { AlertSeverity, Severity } from "@/lib/vocabulary";
import { deliver } from "./delivery";

/** A reminder goes by the channels of the alert severity matching its incident's. */
export const REMINDER_SEVERITY: Record<Severity, AlertSeverity> = {
  sev0: "critical",
  sev1: "high",
  sev2: "medium",
  sev3: "low",
};

/**
 * Reminds each open incident's IC once when a customer update is overdue (per its severity's cadence):
 * an `update_reminder` entry in the timeline, and a notification. Once across replicas: each incident's
 * reminder is decided under a lock, against the reminders already in its timeline.
 */
export async function remindCustomerUpdates(origin = "", now = Date.now()): Promise<number> {
  const cadence = env().STATUS_UPDATE_CADENCE;
  const open = (
    await db()
      .select()
      .from(incidents)
      .where(inArray(incidents.status, ["investigating", "identified", "mitigated"]))
  ).flatMap((i) => (i.commanderId && cadence[i.severity] !== null ? [{ ...i, commanderId: i.commanderId }] : []));
  if (!open.length) return 0;
  // Each incident's last customer update in one query; only an incident whose update is due takes the lock.
  const lastRows = await db()
    .select({ incidentId: timelineEntries.incidentId, at: sql<string>`max(${timelineEntries.occurredAt})::text` })
    .from(timelineEntries)
    .where(
      and(
        inArray(
          timelineEntries.incidentId,
          open.map((i) => i.id),
        ),
        eq(timelineEntries.kind, "status_update"),
        sql`${timelineEntries.data}->>'audience' = 'customer'`,
      ),
    )
    .groupBy(timelineEntries.incidentId);
  const last = new Map(lastRows.map((r) => [r.incidentId, new Date(r.at).toISOString()]));
  let sent = 0;
  for (const inc of open) {
    const due = customerUpdateDue(
      { status: inc.status, declaredAt: inc.declaredAt.toISOString() },
      last.get(inc.id) ?? null,
      cadence[inc.severity],
    );
    if (!due || Date.parse(due.due_at) > now) continue;
    const text = `A customer update for ${incidentRef(inc.number)} was due at ${due.due_at.slice(11, 16)} UTC (${inc.severity.toUpperCase()}: every ${due.every_minutes} min).`;
    // Once per due time across replicas: decided under the incident's lock, against the reminders in its timeline.
    const written = await withTimelineEntries(async (tx, entry) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`update-reminder:${inc.id}`}))`);
      const [already] = await tx
        .select({ id: timelineEntries.id })
        .from(timelineEntries)
        .where(
          and(
            eq(timelineEntries.incidentId, inc.id),
            eq(timelineEntries.kind, "update_reminder"),
            sql`${timelineEntries.data}->>'due_at' = ${due.due_at}`,
          ),
        )
        .limit(1);
      if (already) return false;
      await entry(inc.id, {
        kind: "update_reminder",
        body: text,
        data: { due_at: due.due_at, every_minutes: due.every_minutes, to: inc.commanderId },
        authorId: null,
      });
      return true;
    });
    if (!written) continue;
    const [ic] = await db()
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, inc.commanderId))
      .limit(1);
    if (!ic) continue;
    const url = `${origin}/incidents/${incidentRef(inc.number)}`;
    const result = await deliver(ic, {
      kind: "reminder",
      severity: REMINDER_SEVERITY[inc.severity],
      subject: `[${inc.severity.toUpperCase()}] Customer update due: ${incidentRef(inc.number)}`,
      text: `${text} ${url}`,
      json: {
        type: "update_reminder",
        incident: { id: inc.id, ref: incidentRef(inc.number), url },
        due_at: due.due_at,
      },
      headers: { "X-Ops-Console-Incident": incidentRef(inc.number) },
    });
    await recordAudit({
      action: "incident.update_reminder",
      outcome: result.ok ? "success" : "failure",
      actorKind: "system",
      target: inc.id,
      details: {
        to: ic.id,
        channel: result.channel,
        attempts: result.attempts,
        detail: result.detail,
        due_at: due.due_at,
      },
    });
    sent++;
  }
  return sent;
}
