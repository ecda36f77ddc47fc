// The escalation clock: every console process looks every ESCALATION_TICK_MS for open, unacknowledged
// pages with a step due, claims each step once across replicas (a unique row per alert firing and step),
// notifies whoever the rotation names for that step, and records how it went — in the alert's history
// and the audit log. Acknowledging (or resolving) stops the clock; a step a dead process left "sending"
// is taken up again, so a restart loses none.
import "server-only";
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertEscalations, alerts, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { recordAudit } from "@/lib/audit";
import { ApiError, logError } from "@/lib/http/errors";
import { onCall } from "@/lib/oncall";
import { scopeOf } from "@/lib/alerts";
import { checkPipeline } from "@/lib/alerts/pipeline";
import { dueSteps, escalationSeverity, groupLeader, groupMembers, stepDueAt, stepLayer } from "./rules";
import { notify, type AlertRow, type Person } from "./delivery";
import { remindCustomerUpdates } from "./reminders";
import { DEFAULT_POLICIES, type Policy } from "@/lib/playbook";

const STALE_SENDING_MS = 60_000;

export function policyFor(labels: Record<string, string>): Policy {
  const severity = escalationSeverity(labels);
  return { ...DEFAULT_POLICIES[severity], ...env().ESCALATION_POLICY[severity] };
}

/** Who a step reaches at an instant: the layer's holder, or the engineering manager. */
async function recipient(step: number, at: number): Promise<Person | null> {
  const layer = stepLayer(step);
  const id =
    layer === "manager"
      ? (env().ESCALATION_MANAGER ?? null)
      : ((await onCall(at)).on_call.find((s) => s.layer === layer)?.user.id ?? null);
  if (!id) return null;
  const [u] = await db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return u ?? null;
}

/** An open alert in the shape the grouping rule reads. */
const groupable = (a: AlertRow) => ({ ...a, firedAt: a.firedAt.getTime(), ...scopeOf(a.labels) });

/** Takes one claimed step: finds the person, notifies them (with the alerts grouped with this one), records the outcome. */
async function take(
  claim: { id: string; step: number; dueAt: Date },
  a: AlertRow,
  origin: string,
  group: AlertRow[] = [],
) {
  const to = await recipient(claim.step, claim.dueAt.getTime());
  const layer = stepLayer(claim.step);
  const result = to
    ? await notify(to, a, claim.step, origin, group)
    : {
        channel: null,
        ok: false,
        attempts: 0,
        detail:
          layer === "manager"
            ? "no engineering manager configured (ESCALATION_MANAGER)"
            : `nobody holds the ${layer} layer`,
      };
  const status = !to ? "skipped" : result.ok ? "delivered" : "failed";
  await db()
    .update(alertEscalations)
    .set({
      userId: to?.id ?? null,
      channel: result.channel,
      status,
      attempts: result.attempts,
      detail: result.detail,
      finishedAt: sql`now()`,
    })
    .where(eq(alertEscalations.id, claim.id));
  await recordAudit({
    action: "alert.escalate",
    outcome: status === "delivered" ? "success" : "failure",
    actorKind: "system",
    target: a.id,
    details: {
      step: claim.step,
      layer,
      user_id: to?.id ?? null,
      channel: result.channel,
      status,
      attempts: result.attempts,
      detail: result.detail,
      fired_at: a.firedAt.toISOString(),
    },
  });
}

/** One pass of the clock: every due step of every open, unacknowledged page, each taken once. */
export async function escalateDue(origin = "", now = Date.now()): Promise<number> {
  const open = await db()
    .select()
    .from(alerts)
    .where(and(eq(alerts.kind, "page"), eq(alerts.status, "firing"), isNull(alerts.ackedAt)));
  if (!open.length) return 0;
  const done = await db()
    .select({ alertId: alertEscalations.alertId, firedAt: alertEscalations.firedAt, step: alertEscalations.step })
    .from(alertEscalations)
    .where(
      inArray(
        alertEscalations.alertId,
        open.map((a) => a.id),
      ),
    );
  let taken = 0;
  // Leaders first: an alert that fires within a minute of another for the same service and region goes with its notifications.
  const pairs = open
    .map((row) => ({ row, shape: groupable(row) }))
    .sort((x, y) => x.shape.firedAt - y.shape.firedAt || x.shape.id.localeCompare(y.shape.id));
  const shapes = pairs.map((p) => p.shape);
  for (const { row: a, shape } of pairs) {
    const leader = groupLeader(shape, shapes);
    if (leader && a.groupedWith !== leader.id)
      await db().update(alerts).set({ groupedWith: leader.id }).where(eq(alerts.id, a.id));
    const have = new Set(
      done.filter((d) => d.alertId === a.id && d.firedAt.getTime() === a.firedAt.getTime()).map((d) => d.step),
    );
    const policy = policyFor(a.labels);
    for (const step of dueSteps(a.firedAt.getTime(), policy, now, have)) {
      const dueAt = new Date(stepDueAt(a.firedAt.getTime(), policy, step));
      const [claim] = await db()
        .insert(alertEscalations)
        .values({
          id: newId("esc"),
          alertId: a.id,
          firedAt: a.firedAt,
          step,
          layer: stepLayer(step),
          status: leader ? "grouped" : "sending",
          dueAt,
          ...(leader ? { detail: `sent with ${leader.name} (${leader.id})`, finishedAt: sql`now()` } : {}),
        })
        .onConflictDoNothing()
        .returning({ id: alertEscalations.id, step: alertEscalations.step, dueAt: alertEscalations.dueAt });
      if (!claim || leader) continue; // another process took it, or it went with its leader's
      // Acknowledged meanwhile? Then the clock has stopped: the step is not sent.
      const [fresh] = await db().select().from(alerts).where(eq(alerts.id, a.id)).limit(1);
      if (!fresh || fresh.status !== "firing" || fresh.ackedAt || fresh.firedAt.getTime() !== a.firedAt.getTime()) {
        await db()
          .update(alertEscalations)
          .set({ status: "skipped", detail: "acknowledged or resolved before this step", finishedAt: sql`now()` })
          .where(eq(alertEscalations.id, claim.id));
        continue;
      }
      await take(
        claim,
        fresh,
        origin,
        open.filter((x) => groupMembers(shape, shapes).some((m) => m.id === x.id)),
      );
      taken++;
    }
  }
  // Steps a process claimed and never finished (it died): taken up again, once.
  const stale = await db()
    .update(alertEscalations)
    .set({ claimedAt: sql`now()` })
    .where(
      and(eq(alertEscalations.status, "sending"), lt(alertEscalations.claimedAt, new Date(now - STALE_SENDING_MS))),
    )
    .returning({
      id: alertEscalations.id,
      step: alertEscalations.step,
      dueAt: alertEscalations.dueAt,
      alertId: alertEscalations.alertId,
    });
  for (const s of stale) {
    const [a] = await db().select().from(alerts).where(eq(alerts.id, s.alertId)).limit(1);
    if (a) await take(s, a, origin);
  }
  return taken;
}

/** Starts the clock in this process. */
export function scheduleEscalation(origin: string) {
  // The dead man's switch has a loop of its own: a slow delivery holding up the clock never delays it.
  loop("alerting pipeline check", () => checkPipeline(origin));
  loop("escalation", async () => {
    await escalateDue(origin);
    await remindCustomerUpdates(origin);
  });
}

/** Runs `work` every ESCALATION_TICK_MS, one run at a time. */
function loop(name: string, work: () => Promise<unknown>) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (e) {
      logError(`${name} failed`, e);
    } finally {
      running = false;
    }
  };
  setInterval(() => void tick(), env().ESCALATION_TICK_MS).unref();
}

/** An alert's escalation steps, oldest first (its history). */
export async function escalationsOf(alertId: string) {
  const rows = await db()
    .select({ e: alertEscalations, name: users.name })
    .from(alertEscalations)
    .leftJoin(users, eq(users.id, alertEscalations.userId))
    .where(eq(alertEscalations.alertId, alertId))
    .orderBy(alertEscalations.firedAt, alertEscalations.step);
  return rows.map(({ e, name }) => ({
    step: e.step,
    layer: e.layer,
    fired_at: e.firedAt.toISOString(),
    due_at: e.dueAt.toISOString(),
    user: e.userId ? { id: e.userId, name: name ?? e.userId } : null,
    channel: e.channel,
    status: e.status,
    attempts: e.attempts,
    detail: e.detail,
    finished_at: e.finishedAt?.toISOString() ?? null,
  }));
}

export async function escalationHistory(alertId: string) {
  const [a] = await db().select({ labels: alerts.labels }).from(alerts).where(eq(alerts.id, alertId)).limit(1);
  if (!a) throw new ApiError("not_found", `No alert '${alertId}'.`);
  return {
    escalations: await escalationsOf(alertId),
    policy: { severity: escalationSeverity(a.labels), ...policyFor(a.labels) },
  };
}
