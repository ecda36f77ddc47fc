// Postmortem reminders: the IC when a draft is overdue or the review meeting is unscheduled near its
// deadline, an action item's owner when it is overdue — each once across replicas. The claim is a row keyed by
// (subject, reason, due), inserted before sending as escalation steps are: the replica whose insert lands sends.
import "server-only";
import { and, eq, gte, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { followUps, incidents, postmortemReminders, postmortems, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { recordAudit } from "@/lib/audit";
import { deliver } from "@/lib/escalation/delivery";
import { REMINDER_SEVERITY } from "@/lib/escalation/reminders";
import { incidentRef } from "@/lib/incidents/rules";
import type { ReminderReason, Severity } from "@/lib/vocabulary";
import { actionReminderDue, deadlines, owedReminders } from "./rules";

/** How far back resolved incidents are looked at for reminders. */
const LOOKBACK_MS = 60 * 86_400_000;

interface Owed {
  subject: string;
  reason: ReminderReason;
  dueAt: string;
  to: string;
  severity: Severity;
  ref: string;
  text: string;
  path: string;
}

/** Claims a reminder: true for the one replica whose insert lands. */
async function claim(o: Owed): Promise<string | null> {
  const [row] = await db()
    .insert(postmortemReminders)
    .values({
      id: newId("pmr"),
      subject: o.subject,
      reason: o.reason,
      dueAt: new Date(o.dueAt),
      userId: o.to,
      status: "sending",
    })
    .onConflictDoNothing()
    .returning({ id: postmortemReminders.id });
  return row?.id ?? null;
}

/** What reminders are owed at `now` (pure reads, no claims). */
export async function owed(now = Date.now()): Promise<Owed[]> {
  const out: Owed[] = [];
  const hours = env().POSTMORTEM_DRAFT_HOURS;
  const rows = await db()
    .select({
      inc: incidents,
      status: postmortems.status,
      ownerId: postmortems.ownerId,
      meeting: postmortems.reviewMeetingAt,
    })
    .from(incidents)
    .leftJoin(postmortems, eq(postmortems.incidentId, incidents.id))
    .where(
      and(
        eq(incidents.status, "resolved"),
        gte(incidents.resolvedAt, new Date(now - LOOKBACK_MS)),
        or(isNull(postmortems.status), inArray(postmortems.status, ["draft", "in_review"])),
      ),
    );
  for (const { inc, status, ownerId, meeting } of rows) {
    const to = ownerId ?? inc.commanderId;
    if (!to || !inc.resolvedAt) continue;
    const d = deadlines(inc.resolvedAt.getTime(), inc.severity, hours, env().POSTMORTEM_REVIEW_DAYS);
    const ref = incidentRef(inc.number);
    for (const r of owedReminders({ status: status ?? null, reviewMeetingAt: meeting?.getTime() ?? null }, d, now))
      out.push({
        subject: inc.id,
        reason: r.reason,
        dueAt: r.due_at,
        to,
        severity: inc.severity,
        ref,
        path: `/incidents/${ref}/postmortem`,
        text:
          r.reason === "draft_due"
            ? `The postmortem draft of ${ref} (${inc.title}) was due ${r.due_at.slice(0, 16).replace("T", " ")} UTC.`
            : `Schedule the postmortem review meeting of ${ref} (${inc.title}): it is held by ${r.due_at.slice(0, 10)}.`,
      });
  }
  const today = new Date(now).toISOString().slice(0, 10);
  const items = await db()
    .select({ f: followUps, number: incidents.number, severity: incidents.severity })
    .from(followUps)
    .innerJoin(incidents, eq(incidents.id, followUps.incidentId))
    .where(and(eq(followUps.status, "open"), isNotNull(followUps.ownerId), lt(followUps.due, today)));
  for (const { f, number, severity } of items) {
    const due = actionReminderDue({ status: f.status, due: f.due }, now);
    if (!due || !f.ownerId) continue;
    const ref = incidentRef(number);
    out.push({
      subject: f.id,
      reason: "action_due",
      dueAt: due,
      to: f.ownerId,
      severity,
      ref,
      path: `/incidents/${ref}/postmortem`,
      text: `Action item of ${ref} overdue since ${f.due}: ${f.title}`,
    });
  }
  return out;
}

/** Sends each owed reminder once across replicas; returns how many this process sent. */
export async function remindPostmortems(origin = "", now = Date.now()): Promise<number> {
  let sent = 0;
  const list = await owed(now);
  if (!list.length) return 0;
  // Those already claimed (by this replica or another) are skipped before trying: the sweep runs every tick.
  const taken = new Set(
    (
      await db()
        .select({ s: postmortemReminders.subject, r: postmortemReminders.reason, d: postmortemReminders.dueAt })
        .from(postmortemReminders)
        .where(inArray(postmortemReminders.subject, [...new Set(list.map((o) => o.subject))]))
    ).map((x) => `${x.s}|${x.r}|${x.d.toISOString()}`),
  );
  for (const o of list) {
    if (taken.has(`${o.subject}|${o.reason}|${new Date(o.dueAt).toISOString()}`)) continue;
    const id = await claim(o);
    if (!id) continue;
    const [person] = await db()
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, o.to))
      .limit(1);
    const url = `${origin}${o.path}`;
    const result = person
      ? await deliver(person, {
          kind: "reminder",
          severity: REMINDER_SEVERITY[o.severity],
          subject: `[${o.severity.toUpperCase()}] ${o.reason === "action_due" ? "Action item overdue" : "Postmortem due"}: ${o.ref}`,
          text: `${o.text} ${url}`,
          json: { type: `postmortem_${o.reason}`, incident: { ref: o.ref, url }, due_at: o.dueAt },
          headers: { "X-Ops-Console-Incident": o.ref },
        })
      : { ok: false, channel: null, attempts: 0, detail: "no such person" };
    await db()
      .update(postmortemReminders)
      .set({
        status: result.ok ? "delivered" : "failed",
        channel: result.channel,
        detail: result.detail.slice(0, 1000),
      })
      .where(eq(postmortemReminders.id, id));
    await recordAudit({
      action: `postmortem.${o.reason}_reminder`,
      outcome: result.ok ? "success" : "failure",
      actorKind: "system",
      target: o.subject,
      details: { to: o.to, channel: result.channel, detail: result.detail, due_at: o.dueAt },
    });
    sent++;
  }
  return sent;
}
