// The escalation clock: every console process looks every ESCALATION_TICK_MS for open, unacknowledged
// alerts — pages and tickets — with something due (alerts.next_due_at), claims each step once across
// replicas (a unique row per alert firing, step and recipient), notifies whoever the owning team's rotation
// names for that step (and the rotation's shadow, with a marked copy), and records how it went — in the
// alert's history and the audit log. Acknowledging (or resolving) stops the clock; an alert inside a
// maintenance window notifies nobody until the window ends; a step a dead process left "sending" is taken
// up again, so a restart loses none.
import "server-only";
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertEscalations, alerts, incidents, teams, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { recordAudit } from "@/lib/audit";
import { ApiError, logError } from "@/lib/http/errors";
import { rotaOf } from "@/lib/oncall";
import { scopeOf } from "@/lib/alerts";
import { checkPipeline } from "@/lib/alerts/pipeline";
import { catalogEntries } from "@/lib/catalog";
import { ownerOf } from "@/lib/catalog/rules";
import { windowsAt } from "@/lib/maintenance";
import { holdingWindow } from "@/lib/maintenance/rules";
import {
  GROUP_WINDOW_MS,
  dueSteps,
  groupLeader,
  groupMembers,
  ladderLength,
  nextDueAt,
  stepDueAt,
  stepLayer,
} from "./rules";
import { notify, type AlertRow, type Person } from "./delivery";
import { nextWorkingStart } from "./channels";
import { remindCustomerUpdates } from "./reminders";
import { remindPostmortems } from "@/lib/postmortems/reminders";
import { escalationsOf, policyFor } from "./history";

export { escalationsOf, policyFor };
import { ESCALATION_LAYERS, type Recipient } from "@/lib/vocabulary";

const STALE_SENDING_MS = 60_000;
/** Alerts looked at in one pass at most; the rest stay due for the next. */
const PASS_LIMIT = 500;

/**
 * Who a step reaches at an instant — the owning team's layer holder (or its shadow), the engineering manager
 * or the executive — with each team's rotation and each person read once per pass.
 */
function recipients(now: number) {
  const DAY = 86_400_000;
  const rotas = new Map<string, Promise<(at: number) => { layer: string; user_id: string }[]>>();
  const people = new Map<string, Promise<Person | null>>();
  const person = (id: string) => {
    if (!people.has(id))
      people.set(
        id,
        db()
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(eq(users.id, id))
          .limit(1)
          .then(([u]) => u ?? null),
      );
    return people.get(id)!;
  };
  // Steps due within the last day are looked up in one read of the rotation; older ones (a long outage) alone.
  const rota = async (team: string, at: number) => {
    if (at < now - DAY) return (await rotaOf(team, at, at))(at);
    if (!rotas.has(team)) rotas.set(team, rotaOf(team, now - DAY, now));
    return (await rotas.get(team)!)(at);
  };
  return async (step: number, at: number, team: string, who: Recipient): Promise<Person | null> => {
    const layer = who === "shadow" ? "shadow" : stepLayer(step);
    const id =
      layer === "manager"
        ? (env().ESCALATION_MANAGER ?? null)
        : layer === "executive"
          ? (env().ESCALATION_EXECUTIVE ?? null)
          : ((await rota(team, at)).find((s) => s.layer === layer)?.user_id ?? null);
    return id ? person(id) : null;
  };
}
type Recipients = ReturnType<typeof recipients>;

/** An open alert in the shape the grouping rule reads. */
const groupable = (a: AlertRow) => ({ ...a, firedAt: a.firedAt.getTime(), ...scopeOf(a.labels) });

type Claim = { id: string; step: number; dueAt: Date; recipient: Recipient };

const nobody = (step: number, who: Recipient) => {
  const layer = stepLayer(step);
  if (who === "shadow") return "the rotation has no shadow now";
  if (layer === "manager") return "no engineering manager configured (ESCALATION_MANAGER)";
  if (layer === "executive") return "no executive configured (ESCALATION_EXECUTIVE)";
  return `nobody holds the ${layer} layer`;
};

/** Takes one claimed notification: finds the person, notifies them (with the alerts grouped with this one), records the outcome. */
async function take(
  claim: Claim,
  a: AlertRow,
  origin: string,
  recipient: Recipients,
  group: AlertRow[] = [],
  found?: Person | null,
) {
  const to = found !== undefined ? found : await recipient(claim.step, claim.dueAt.getTime(), a.team, claim.recipient);
  const layer = stepLayer(claim.step);
  const shadow = claim.recipient === "shadow";
  const result = to
    ? await notify(to, a, claim.step, origin, group, { severity: a.severity, kind: a.kind, shadow })
    : { channel: null, ok: false, attempts: 0, detail: nobody(claim.step, claim.recipient) };
  const status = !to ? "skipped" : result.ok ? "delivered" : "failed";
  await db().transaction(async (tx) => {
    await tx
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
    await recordAudit(
      {
        action: "alert.escalate",
        outcome: status === "delivered" ? "success" : "failure",
        actorKind: "system",
        target: a.id,
        details: {
          step: claim.step,
          layer,
          recipient: claim.recipient,
          team: a.team,
          severity: a.severity,
          kind: a.kind,
          user_id: to?.id ?? null,
          channel: result.channel,
          status,
          attempts: result.attempts,
          detail: result.detail,
          fired_at: a.firedAt.toISOString(),
        },
      },
      tx,
    );
  });
}

/** Claims one notification once across processes; null when another process has it. */
async function claim(
  a: AlertRow,
  step: number,
  dueAt: Date,
  who: Recipient,
  leader: { id: string; name: string } | null,
): Promise<Claim | null> {
  const [c] = await db()
    .insert(alertEscalations)
    .values({
      id: newId("esc"),
      alertId: a.id,
      firedAt: a.firedAt,
      step,
      layer: stepLayer(step),
      recipient: who,
      status: leader ? "grouped" : "sending",
      dueAt,
      ...(leader ? { detail: `sent with ${leader.name} (${leader.id})`, finishedAt: sql`now()` } : {}),
    })
    .onConflictDoNothing()
    .returning({
      id: alertEscalations.id,
      step: alertEscalations.step,
      dueAt: alertEscalations.dueAt,
      recipient: alertEscalations.recipient,
    });
  return c && !leader ? c : null;
}

/**
 * One pass of the clock: every open, unacknowledged alert with something due — its steps taken once, its
 * shadow copies sent, a maintenance window's hold noted or released — and the steps dead processes left.
 * Reads only what is due (next_due_at), so 10,000 quiet open alerts cost one index probe.
 */
export async function escalateDue(origin = "", now = Date.now()): Promise<number> {
  const due = await db()
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.status, "firing"),
        isNull(alerts.ackedAt),
        or(lte(alerts.nextDueAt, new Date(now)), isNotNull(alerts.heldBy)),
      ),
    )
    .orderBy(asc(alerts.firedAt), asc(alerts.id))
    .limit(PASS_LIMIT);
  let taken = 0;
  const recipient = recipients(now);
  if (due.length) taken = await pass(due, origin, now, recipient);
  await resumeStale(origin, now, recipient);
  return taken;
}

async function pass(due: AlertRow[], origin: string, now: number, recipient: Recipients): Promise<number> {
  const ids = due.map((a) => a.id);
  const firstFired = Math.min(...due.map((a) => a.firedAt.getTime()));
  const lastFired = Math.max(...due.map((a) => a.firedAt.getTime()));
  const incidentIds = [...new Set(due.map((a) => a.incidentId).filter((x): x is string => Boolean(x)))];
  const [done, neighbours, windows, entries, incidentRows, teamRows] = await Promise.all([
    db()
      .select({
        alertId: alertEscalations.alertId,
        firedAt: alertEscalations.firedAt,
        step: alertEscalations.step,
        recipient: alertEscalations.recipient,
      })
      .from(alertEscalations)
      .where(inArray(alertEscalations.alertId, ids)),
    // The open alerts a due one may be grouped with: fired within a minute of it.
    db()
      .select()
      .from(alerts)
      .where(
        and(
          eq(alerts.status, "firing"),
          gte(alerts.firedAt, new Date(firstFired - GROUP_WINDOW_MS)),
          lte(alerts.firedAt, new Date(lastFired + GROUP_WINDOW_MS)),
        ),
      ),
    windowsAt(now),
    catalogEntries(),
    incidentIds.length
      ? db()
          .select({ id: incidents.id, severity: incidents.severity })
          .from(incidents)
          .where(inArray(incidents.id, incidentIds))
      : Promise.resolve([]),
    db().select().from(teams),
  ]);
  const hours = new Map(teamRows.map((t) => [t.id, t]));
  const incidentSeverity = new Map(incidentRows.map((i) => [i.id, i.severity]));
  // Grouping looks only at alerts of the same service and region: bucketed once, so a pass stays linear.
  const buckets = new Map<string, ReturnType<typeof groupable>[]>();
  const rows = new Map(neighbours.map((r) => [r.id, r]));
  for (const shape of neighbours.map(groupable)) {
    const key = `${shape.service}\u0000${shape.region}`;
    buckets.set(key, [...(buckets.get(key) ?? []), shape]);
  }
  const bucketOf = (shape: ReturnType<typeof groupable>) =>
    buckets.get(`${shape.service}\u0000${shape.region}`) ?? [shape];
  // First in memory: what each due alert needs — a hold, a release, a wait for working hours, the steps now due
  // and when it is next due. Then the writes in few round trips: the claims in one statement, the alerts'
  // changes in one transaction, and each notification's outcome in one transaction of its own.
  type Want = { a: AlertRow; step: number; dueAt: Date; leader: { id: string; name: string } | null };
  const wants: Want[] = [];
  const changes: { a: AlertRow; set: Partial<typeof alerts.$inferInsert> }[] = [];
  const groups = new Map<string, AlertRow[]>();
  const shadowedOf = new Map<string, Set<number>>();
  for (const a of due) {
    const scope = scopeOf(a.labels);
    const own = groupable(a);
    const shapes = bucketOf(own);
    const shape = shapes.find((x) => x.id === a.id) ?? own;
    // Inside a maintenance window: nobody is notified; looked at again when the window (or its hold) ends.
    const hold = holdingWindow(scope, windows, now);
    if (hold) {
      const until = Math.min(hold.endsAt, hold.holdEndedAt ?? Infinity);
      if (a.heldBy !== hold.id || a.nextDueAt?.getTime() !== until)
        changes.push({ a, set: { heldBy: hold.id, nextDueAt: new Date(until) } });
      continue;
    }
    const set: Partial<typeof alerts.$inferInsert> = {};
    // Released: still firing when the window ended, so its clock starts now — the primary is notified at once.
    let start = (a.clockFrom ?? a.firedAt).getTime();
    if (a.heldBy) {
      start = now;
      Object.assign(set, { heldBy: null, clockFrom: new Date(now) });
    }
    const leader = groupLeader(shape, shapes);
    if (leader && a.groupedWith !== leader.id) set.groupedWith = leader.id;
    const mine = done.filter((d) => d.alertId === a.id && d.firedAt.getTime() === a.firedAt.getTime());
    const have = new Set(mine.filter((d) => d.recipient === "step").map((d) => d.step));
    shadowedOf.set(a.id, new Set(mine.filter((d) => d.recipient === "shadow").map((d) => d.step)));
    const policy = policyFor(a.severity, ownerOf(scope.service, entries).entry);
    const steps = ladderLength(a.severity, a.incidentId ? (incidentSeverity.get(a.incidentId) ?? null) : null);
    groups.set(
      a.id,
      groupMembers(shape, shapes).flatMap((m) => rows.get(m.id) ?? []),
    );
    const dueNow = dueSteps(start, policy, now, have, steps);
    // A severity sent within working hours only (low, by default): outside them, its due steps wait for the
    // owning team's next working hour — it emails then, and never wakes anyone.
    const team = hours.get(a.team);
    const waitUntil = env().NOTIFY_CHANNELS[a.severity].workingHours && team ? nextWorkingStart(now, team) : now;
    if (waitUntil > now && dueNow.length) {
      changes.push({ a, set: { ...set, nextDueAt: new Date(waitUntil) } });
      continue;
    }
    for (const step of dueNow) {
      wants.push({ a, step, dueAt: new Date(stepDueAt(start, policy, step)), leader });
      have.add(step);
    }
    const next = nextDueAt(start, policy, have, steps);
    changes.push({ a, set: { ...set, nextDueAt: next === null ? null : new Date(next) } });
  }
  // Each step claimed once across processes: a row per alert firing and step; a step another process
  // took, or that went with its leader's notification, is not sent here.
  const won = wants.length
    ? await db()
        .insert(alertEscalations)
        .values(
          wants.map((w) => ({
            id: newId("esc"),
            alertId: w.a.id,
            firedAt: w.a.firedAt,
            step: w.step,
            layer: stepLayer(w.step),
            recipient: "step" as const,
            status: w.leader ? ("grouped" as const) : ("sending" as const),
            dueAt: w.dueAt,
            ...(w.leader ? { detail: `sent with ${w.leader.name} (${w.leader.id})`, finishedAt: sql`now()` } : {}),
          })),
        )
        .onConflictDoNothing()
        .returning({
          id: alertEscalations.id,
          alertId: alertEscalations.alertId,
          step: alertEscalations.step,
          dueAt: alertEscalations.dueAt,
          recipient: alertEscalations.recipient,
          status: alertEscalations.status,
        })
    : [];
  if (changes.length)
    await db().transaction(async (tx) => {
      for (const { a, set } of changes)
        await tx
          .update(alerts)
          .set(set)
          .where(and(eq(alerts.id, a.id), eq(alerts.firedAt, a.firedAt)));
    });
  const claims = won.filter((c) => c.status === "sending").sort((x, y) => x.step - y.step);
  if (!claims.length) return 0;
  // Acknowledged meanwhile? Then the clock has stopped: the step is not sent.
  const fresh = new Map(
    (
      await db()
        .select()
        .from(alerts)
        .where(inArray(alerts.id, [...new Set(claims.map((c) => c.alertId))]))
    ).map((r) => [r.id, r]),
  );
  const firedAt = new Map(due.map((a) => [a.id, a.firedAt.getTime()]));
  let taken = 0;
  for (const c of claims) {
    const f = fresh.get(c.alertId);
    if (!f || f.status !== "firing" || f.ackedAt || f.firedAt.getTime() !== firedAt.get(c.alertId)) {
      await db()
        .update(alertEscalations)
        .set({ status: "skipped", detail: "acknowledged or resolved before this step", finishedAt: sql`now()` })
        .where(eq(alertEscalations.id, c.id));
      continue;
    }
    const group = groups.get(c.alertId) ?? [];
    await take(c, f, origin, recipient, group);
    taken++;
    // The rotation's shadow gets the same notification, marked; never a step of its own.
    const layer = stepLayer(c.step);
    const shadow =
      ESCALATION_LAYERS.some((l) => l === layer) && !shadowedOf.get(c.alertId)?.has(c.step)
        ? await recipient(c.step, c.dueAt.getTime(), f.team, "shadow")
        : null;
    const s = shadow ? await claim(f, c.step, c.dueAt, "shadow", null) : null;
    if (s) await take(s, f, origin, recipient, group, shadow);
  }
  return taken;
}

/** Steps a process claimed and never finished (it died): taken up again, once. */
async function resumeStale(origin: string, now: number, recipient: Recipients) {
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
      recipient: alertEscalations.recipient,
    });
  for (const s of stale) {
    const [a] = await db().select().from(alerts).where(eq(alerts.id, s.alertId)).limit(1);
    if (a) await take(s, a, origin, recipient);
  }
}

/** Starts the clock in this process. */
export function scheduleEscalation(origin: string) {
  // The dead man's switch has a loop of its own: a slow delivery holding up the clock never delays it.
  loop("alerting pipeline check", () => checkPipeline(origin));
  loop("escalation", async () => {
    await escalateDue(origin);
    await remindCustomerUpdates(origin);
    await remindPostmortems(origin);
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

export async function escalationHistory(alertId: string) {
  const [a] = await db()
    .select({ labels: alerts.labels, severity: alerts.severity })
    .from(alerts)
    .where(eq(alerts.id, alertId))
    .limit(1);
  if (!a) throw new ApiError("not_found", `No alert '${alertId}'.`);
  const entry = ownerOf(scopeOf(a.labels).service, await catalogEntries()).entry;
  return {
    escalations: await escalationsOf(alertId),
    policy: { severity: a.severity, ...policyFor(a.severity, entry) },
  };
}
