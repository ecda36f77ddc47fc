// What a status or severity change must face before it is written: customers who were told about the
// incident are told again when what /status shows moves (or the IC says why not), and an incident whose
// alerts still fire is resolved only when the IC confirms it, naming them. The rules are in lib/status/rules.
import "server-only";
import { and, desc, eq, ne, notExists, sql } from "drizzle-orm";
import { alerts, timelineEntries } from "@/lib/db/schema";
import { alias } from "drizzle-orm/pg-core";
import { ApiError } from "@/lib/http/errors";
import { customerUpdateNeeded, PUBLIC_STATE_LABEL, successRateOf } from "@/lib/status/rules";
import type { Severity, Status } from "@/lib/vocabulary";
import type { Tx } from "./rows";

const correction = alias(timelineEntries, "correction");

/** Whether customers were told about an incident (a customer update stands), and the impact last measured for them. */
export async function publicFacts(
  tx: Tx,
  incidentId: string,
): Promise<{ published: boolean; successRate: number | null }> {
  const rows = await tx
    .select({ data: timelineEntries.data })
    .from(timelineEntries)
    .where(
      and(
        eq(timelineEntries.incidentId, incidentId),
        eq(timelineEntries.kind, "status_update"),
        sql`${timelineEntries.data}->>'audience' = 'customer'`,
        notExists(tx.select().from(correction).where(eq(correction.correctsId, timelineEntries.id))),
      ),
    )
    .orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id));
  const rate = rows.map((r) => successRateOf(r.data.success_rate)).find((x) => x !== null) ?? null;
  return { published: rows.length > 0, successRate: rate };
}

type Facts = { severity: Severity; status: Status };

/**
 * A change that moves what customers see of a published incident needs a customer update or a stated reason
 * to skip it. Returns the move (for the timeline), or null when customers see nothing change.
 */
export async function checkCustomerUpdate(
  tx: Tx,
  incidentId: string,
  before: Facts,
  after: Facts,
  body: { customer_update?: string; customer_update_skipped?: string; success_rate?: number },
): Promise<{ from: string; to: string } | null> {
  if (before.status === after.status && before.severity === after.severity) return null;
  const facts = await publicFacts(tx, incidentId);
  const move = customerUpdateNeeded(
    facts.published,
    before,
    after,
    facts.successRate,
    body.success_rate ?? facts.successRate,
  );
  if (!move || body.customer_update || body.customer_update_skipped) return move && label(move);
  const { from, to } = label(move);
  const message = `this moves what customers see on /status from ${from} to ${to}, and their last update says otherwise: post a customer update with the change, or say why not (customer_update_skipped)`;
  throw new ApiError("conflict", `customer_update: ${message}`, {
    details: { fields: [{ field: "body.customer_update", message }], public_state: move },
  });
}

const label = (m: { from: keyof typeof PUBLIC_STATE_LABEL; to: keyof typeof PUBLIC_STATE_LABEL }) => ({
  from: PUBLIC_STATE_LABEL[m.from],
  to: PUBLIC_STATE_LABEL[m.to],
});

/** The alerts attached to an incident that still fire (acknowledged ones fire too). */
export async function firingAlerts(tx: Tx, incidentId: string) {
  return tx
    .select({ id: alerts.id, name: alerts.name, kind: alerts.kind, status: alerts.status })
    .from(alerts)
    .where(and(eq(alerts.incidentId, incidentId), ne(alerts.status, "resolved")))
    .orderBy(alerts.name);
}

/** Resolving while attached alerts still fire is refused until the IC confirms it; returns their names for the timeline. */
export async function checkFiring(tx: Tx, incidentId: string, confirmed: boolean): Promise<string[]> {
  const firing = await firingAlerts(tx, incidentId);
  const names = firing.map((a) => `${a.name} (${a.kind}, ${a.status})`);
  if (!firing.length || confirmed) return names;
  const message = `${firing.length === 1 ? "an alert still fires" : `${firing.length} alerts still fire`}: ${names.join(", ")}; resolve anyway with confirm_firing: true, or wait until they resolve`;
  throw new ApiError("conflict", `confirm_firing: ${message}`, {
    details: { fields: [{ field: "body.confirm_firing", message }], firing_alerts: firing },
  });
}
