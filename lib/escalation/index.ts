// The escalation clock: every console process looks every ESCALATION_TICK_MS for open, unacknowledged
// pages with a step due, claims each step once across replicas (a unique row per alert firing and step),
// notifies whoever the rotation names for that step, and records how it went — in the alert's history
// and the audit log. Acknowledging (or resolving) stops the clock; a step a dead process left "sending"
// is taken up again, so a restart loses none.
import "server-only";
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertEscalations, alerts, contacts, incidents, timelineEntries, users, type Contact } from "@/lib/db/schema";
import { withTimelineEntries } from "@/lib/incidents/timeline";
import { customerUpdateDue, incidentRef } from "@/lib/incidents/rules";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { recordAudit } from "@/lib/audit";
import { ApiError, badRequest, logError } from "@/lib/http/errors";
import { postJson, type Outcome } from "@/lib/http/outbound";
import { targetProblem } from "@/lib/http/outbound-rules";
import { onCall } from "@/lib/oncall";
import { scopeOf } from "@/lib/alerts";
import { checkPipeline } from "@/lib/alerts/pipeline";
import { dueSteps, escalationSeverity, groupLeader, groupMembers, notificationText, stepDueAt } from "./rules";
import { STEPS } from "@/lib/vocabulary";
import { DEFAULT_POLICIES, type Policy } from "@/lib/playbook";
import { type Actor } from "@/lib/auth/permissions";

/** Retries after a failed notification, in units of ESCALATION_RETRY_MS. */
const RETRY_STEPS = [0, 1, 4];
const STALE_SENDING_MS = 60_000;

export function policyFor(labels: Record<string, string>): Policy {
  const severity = escalationSeverity(labels);
  return { ...DEFAULT_POLICIES[severity], ...env().ESCALATION_POLICY[severity] };
}

type AlertRow = typeof alerts.$inferSelect;

/** Who a step reaches at an instant: the layer's holder, or the engineering manager. */
async function recipient(step: number, at: number): Promise<{ id: string; name: string; email: string } | null> {
  const layer = STEPS[step]!;
  const id = layer === "manager" ? (env().ESCALATION_MANAGER ?? null) : ((await onCall(at)).on_call.find((s) => s.layer === layer)?.user.id ?? null);
  if (!id) return null;
  const [u] = await db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}

type Person = { id: string; name: string; email: string };

/**
 * Reaches a person by their contact (JSON webhook, else Slack, else the platform's paging webhook), with
 * retries; the channel it went by and how it ended. `json` is the webhook body; Slack gets `{text}`.
 */
async function deliver(to: Person, json: Record<string, unknown>, text: string) {
  const [c] = await db().select({ contact: contacts.contact }).from(contacts).where(eq(contacts.userId, to.id)).limit(1);
  const contact: Contact = c?.contact ?? {};
  const channel = contact.webhook_url ? "webhook" : contact.slack_webhook_url ? "slack" : env().PAGING_WEBHOOK_URL ? "paging_webhook" : null;
  if (!channel) return { channel: null, ok: false, attempts: 0, detail: "no contact (set one on the On call page, or PAGING_WEBHOOK_URL)" };
  const target = channel === "webhook" ? contact.webhook_url! : channel === "slack" ? contact.slack_webhook_url! : env().PAGING_WEBHOOK_URL!;
  const body = channel === "slack" ? { text } : { ...json, to: { id: to.id, name: to.name, email: to.email }, message: text };
  let last: Outcome = { ok: false, detail: "" };
  let attempts = 0;
  for (const units of RETRY_STEPS) {
    if (units) await new Promise((r) => setTimeout(r, units * env().ESCALATION_RETRY_MS));
    attempts++;
    last = await postJson(target, body);
    if (last.ok || last.refused) break;
  }
  return { channel, ok: last.ok, attempts, detail: last.detail };
}

/** Pages one step's person about an alert, and the alerts grouped with it. */
function notify(to: Person, a: AlertRow, step: number, origin: string, group: AlertRow[] = []) {
  const scope = scopeOf(a.labels);
  const url = `${origin}/alerts?name=${encodeURIComponent(a.name)}`;
  const text = notificationText({ name: a.name, summary: a.annotations.summary, region: scope.region ?? undefined, service: scope.service ?? undefined, url, with: group.map((g) => g.name) }, STEPS[step]!, a.firedAt.toISOString());
  const brief = (x: AlertRow) => ({ id: x.id, name: x.name, labels: x.labels, summary: x.annotations.summary ?? null, fired_at: x.firedAt.toISOString() });
  return deliver(to, { type: "page", step: STEPS[step], alert: { ...brief(a), url }, ...(group.length ? { grouped: group.map(brief) } : {}) }, text);
}

/** An open alert in the shape the grouping rule reads. */
const groupable = (a: AlertRow) => ({ ...a, firedAt: a.firedAt.getTime(), ...scopeOf(a.labels) });

/**
 * Reminds each open incident's IC once when a customer update is overdue (per its severity's cadence):
 * an `update_reminder` entry in the timeline, and a notification. Once across replicas: each incident's
 * reminder is decided under a lock, against the reminders already in its timeline.
 */
export async function remindCustomerUpdates(origin = "", now = Date.now()): Promise<number> {
  const cadence = env().STATUS_UPDATE_CADENCE;
  const open = (await db().select().from(incidents).where(inArray(incidents.status, ["investigating", "identified", "mitigated"]))).filter((i) => i.commanderId && cadence[i.severity] !== null);
  if (!open.length) return 0;
  // Each incident's last customer update in one query; only an incident whose update is due takes the lock.
  const lastRows = await db()
    .select({ incidentId: timelineEntries.incidentId, at: sql<string>`max(${timelineEntries.occurredAt})::text` })
    .from(timelineEntries)
    .where(and(inArray(timelineEntries.incidentId, open.map((i) => i.id)), eq(timelineEntries.kind, "status_update"), sql`${timelineEntries.data}->>'audience' = 'customer'`))
    .groupBy(timelineEntries.incidentId);
  const last = new Map(lastRows.map((r) => [r.incidentId, new Date(r.at).toISOString()]));
  let sent = 0;
  for (const inc of open) {
    const due = customerUpdateDue({ status: inc.status, declaredAt: inc.declaredAt.toISOString() }, last.get(inc.id) ?? null, cadence[inc.severity]);
    if (!due || Date.parse(due.due_at) > now) continue;
    const text = `A customer update for ${incidentRef(inc.number)} was due at ${due.due_at.slice(11, 16)} UTC (${inc.severity.toUpperCase()}: every ${due.every_minutes} min).`;
    // Once per due time across replicas: decided under the incident's lock, against the reminders in its timeline.
    const written = await withTimelineEntries(async (tx, entry) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`update-reminder:${inc.id}`}))`);
      const [already] = await tx.select({ id: timelineEntries.id }).from(timelineEntries).where(and(eq(timelineEntries.incidentId, inc.id), eq(timelineEntries.kind, "update_reminder"), sql`${timelineEntries.data}->>'due_at' = ${due.due_at}`)).limit(1);
      if (already) return false;
      await entry(inc.id, { kind: "update_reminder", body: text, data: { due_at: due.due_at, every_minutes: due.every_minutes, to: inc.commanderId }, authorId: null });
      return true;
    });
    if (!written) continue;
    const [ic] = await db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, inc.commanderId!)).limit(1);
    if (!ic) continue;
    const url = `${origin}/incidents/${incidentRef(inc.number)}`;
    const result = await deliver(ic, { type: "update_reminder", incident: { id: inc.id, ref: incidentRef(inc.number), url }, due_at: due.due_at }, `${text} ${url}`);
    await recordAudit({ action: "incident.update_reminder", outcome: result.ok ? "success" : "failure", actorKind: "system", target: inc.id, details: { to: ic.id, channel: result.channel, attempts: result.attempts, detail: result.detail, due_at: due.due_at } });
    sent++;
  }
  return sent;
}

/** Takes one claimed step: finds the person, notifies them (with the alerts grouped with this one), records the outcome. */
async function take(claim: { id: string; step: number; dueAt: Date }, a: AlertRow, origin: string, group: AlertRow[] = []) {
  const to = await recipient(claim.step, claim.dueAt.getTime());
  const layer = STEPS[claim.step]!;
  const result = to ? await notify(to, a, claim.step, origin, group) : { channel: null, ok: false, attempts: 0, detail: layer === "manager" ? "no engineering manager configured (ESCALATION_MANAGER)" : `nobody holds the ${layer} layer` };
  const status = !to ? "skipped" : result.ok ? "delivered" : "failed";
  await db().update(alertEscalations).set({ userId: to?.id ?? null, channel: result.channel, status, attempts: result.attempts, detail: result.detail, finishedAt: sql`now()` }).where(eq(alertEscalations.id, claim.id));
  await recordAudit({ action: "alert.escalate", outcome: status === "delivered" ? "success" : "failure", actorKind: "system", target: a.id, details: { step: claim.step, layer, user_id: to?.id ?? null, channel: result.channel, status, attempts: result.attempts, detail: result.detail, fired_at: a.firedAt.toISOString() } });
}

/** One pass of the clock: every due step of every open, unacknowledged page, each taken once. */
export async function escalateDue(origin = "", now = Date.now()): Promise<number> {
  const open = await db().select().from(alerts).where(and(eq(alerts.kind, "page"), eq(alerts.status, "firing"), isNull(alerts.ackedAt)));
  if (!open.length) return 0;
  const done = await db()
    .select({ alertId: alertEscalations.alertId, firedAt: alertEscalations.firedAt, step: alertEscalations.step })
    .from(alertEscalations)
    .where(inArray(alertEscalations.alertId, open.map((a) => a.id)));
  let taken = 0;
  // Leaders first: an alert that fires within a minute of another for the same service and region goes with its notifications.
  const shapes = open.map(groupable).sort((x, y) => x.firedAt - y.firedAt || x.id.localeCompare(y.id));
  for (const shape of shapes) {
    const a = open.find((x) => x.id === shape.id)!;
    const leader = groupLeader(shape, shapes);
    if (leader && a.groupedWith !== leader.id) await db().update(alerts).set({ groupedWith: leader.id }).where(eq(alerts.id, a.id));
    const have = new Set(done.filter((d) => d.alertId === a.id && d.firedAt.getTime() === a.firedAt.getTime()).map((d) => d.step));
    const policy = policyFor(a.labels);
    for (const step of dueSteps(a.firedAt.getTime(), policy, now, have)) {
      const dueAt = new Date(stepDueAt(a.firedAt.getTime(), policy, step));
      const [claim] = await db()
        .insert(alertEscalations)
        .values({ id: newId("esc"), alertId: a.id, firedAt: a.firedAt, step, layer: STEPS[step]!, status: leader ? "grouped" : "sending", dueAt, ...(leader ? { detail: `sent with ${leader.name} (${leader.id})`, finishedAt: sql`now()` } : {}) })
        .onConflictDoNothing()
        .returning({ id: alertEscalations.id, step: alertEscalations.step, dueAt: alertEscalations.dueAt });
      if (!claim || leader) continue; // another process took it, or it went with its leader's
      // Acknowledged meanwhile? Then the clock has stopped: the step is not sent.
      const [fresh] = await db().select().from(alerts).where(eq(alerts.id, a.id)).limit(1);
      if (!fresh || fresh.status !== "firing" || fresh.ackedAt || fresh.firedAt.getTime() !== a.firedAt.getTime()) {
        await db().update(alertEscalations).set({ status: "skipped", detail: "acknowledged or resolved before this step", finishedAt: sql`now()` }).where(eq(alertEscalations.id, claim.id));
        continue;
      }
      await take(claim, fresh, origin, open.filter((x) => groupMembers(shape, shapes).some((m) => m.id === x.id)));
      taken++;
    }
  }
  // Steps a process claimed and never finished (it died): taken up again, once.
  const stale = await db()
    .update(alertEscalations)
    .set({ claimedAt: sql`now()` })
    .where(and(eq(alertEscalations.status, "sending"), lt(alertEscalations.claimedAt, new Date(now - STALE_SENDING_MS))))
    .returning({ id: alertEscalations.id, step: alertEscalations.step, dueAt: alertEscalations.dueAt, alertId: alertEscalations.alertId });
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
  const rows = await db().select({ e: alertEscalations, name: users.name }).from(alertEscalations).leftJoin(users, eq(users.id, alertEscalations.userId)).where(eq(alertEscalations.alertId, alertId)).orderBy(alertEscalations.firedAt, alertEscalations.step);
  return rows.map(({ e, name }) => ({ step: e.step, layer: e.layer, fired_at: e.firedAt.toISOString(), due_at: e.dueAt.toISOString(), user: e.userId ? { id: e.userId, name: name ?? e.userId } : null, channel: e.channel, status: e.status, attempts: e.attempts, detail: e.detail, finished_at: e.finishedAt?.toISOString() ?? null }));
}

export async function escalationHistory(alertId: string) {
  const [a] = await db().select({ labels: alerts.labels }).from(alerts).where(eq(alerts.id, alertId)).limit(1);
  if (!a) throw new ApiError("not_found", `No alert '${alertId}'.`);
  return { escalations: await escalationsOf(alertId), policy: { severity: escalationSeverity(a.labels), ...policyFor(a.labels) } };
}

export async function getContact(actor: Actor) {
  const [c] = await db().select({ contact: contacts.contact }).from(contacts).where(eq(contacts.userId, actor.user.id)).limit(1);
  return { contact: c?.contact ?? {} };
}

export async function putContact(actor: Actor, contact: Contact) {
  for (const key of ["webhook_url", "slack_webhook_url"] as const) {
    const problem = contact[key] ? targetProblem(contact[key], env().OUTBOUND_ALLOW) : null;
    if (problem) throw badRequest(`body.${key}`, problem);
  }
  await db().insert(contacts).values({ userId: actor.user.id, contact }).onConflictDoUpdate({ target: contacts.userId, set: { contact, updatedAt: sql`now()` } });
  return { contact };
}
