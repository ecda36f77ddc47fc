// An alert's clock as the console shows it: its severity's policy (over the playbook, ESCALATION_POLICY and
// its service's own in the catalog) and the notifications sent for it.
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertEscalations, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { CatalogEntry } from "@/lib/db/schema/routing";
import { DEFAULT_POLICIES, type Policy } from "@/lib/playbook";
import type { AlertSeverity } from "@/lib/vocabulary";
import type { EscalationStep } from "./contract";

/** A severity's clock: the playbook's, over it ESCALATION_POLICY, over that the service's own in the catalog. */
export function policyFor(severity: AlertSeverity, entry: CatalogEntry | null = null): Policy {
  return {
    ...DEFAULT_POLICIES[severity],
    ...env().ESCALATION_POLICY[severity],
    ...entry?.escalation_policy?.[severity],
  };
}

type EscalationRow = { e: typeof alertEscalations.$inferSelect; name: string | null };

const stepView = ({ e, name }: EscalationRow): EscalationStep => ({
  step: e.step,
  layer: e.layer,
  recipient: e.recipient,
  fired_at: e.firedAt.toISOString(),
  due_at: e.dueAt.toISOString(),
  user: e.userId ? { id: e.userId, name: name ?? e.userId } : null,
  channel: e.channel,
  status: e.status,
  attempts: e.attempts,
  detail: e.detail,
  finished_at: e.finishedAt?.toISOString() ?? null,
});

const withName = () =>
  db()
    .select({ e: alertEscalations, name: users.name })
    .from(alertEscalations)
    .leftJoin(users, eq(users.id, alertEscalations.userId));

/** An alert's escalation steps, oldest first (its history). */
export async function escalationsOf(alertId: string): Promise<EscalationStep[]> {
  const rows = await withName()
    .where(eq(alertEscalations.alertId, alertId))
    .orderBy(alertEscalations.firedAt, alertEscalations.step, alertEscalations.recipient);
  return rows.map(stepView);
}

/** The notifications of each alert's current firing, in one read (a list's clocks). */
export async function currentSteps(list: { id: string; firedAt: Date }[]): Promise<Map<string, EscalationStep[]>> {
  const out = new Map<string, EscalationStep[]>(list.map((a) => [a.id, []]));
  if (!list.length) return out;
  const rows = await withName()
    .where(
      and(
        inArray(
          alertEscalations.alertId,
          list.map((a) => a.id),
        ),
      ),
    )
    .orderBy(alertEscalations.step, alertEscalations.recipient);
  const fired = new Map(list.map((a) => [a.id, a.firedAt.getTime()]));
  for (const r of rows) if (fired.get(r.e.alertId) === r.e.firedAt.getTime()) out.get(r.e.alertId)?.push(stepView(r));
  return out;
}
