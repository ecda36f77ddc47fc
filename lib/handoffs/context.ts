// The live context of a handoff — open incidents, alerts, follow-ups, SLOs burning — read when the
// handoff is read, never copied into it.
import "server-only";
import { desc, eq } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { followUps, incidents } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { listIncidents } from "@/lib/incidents/lifecycle";
import { incidentRef } from "@/lib/incidents/rules";
import { listAlerts } from "@/lib/alerts";
import { listSlos } from "@/lib/metrics/slo-report";
import { findChanges } from "@/lib/changes";
import { shiftMaintenance } from "@/lib/maintenance";
import { overduePostmortems } from "@/lib/postmortems";
import { isOverdue } from "@/lib/insights/rules";
import type { HandoffContext } from "./contract";
import { userNames } from "@/lib/auth/users";
import { isPage } from "@/lib/vocabulary";

/** The newest open alerts a handoff lists (pages first; the page shows 8, the export 50); `open_alerts` counts them all. */
const CONTEXT_ALERTS = 50;

const CONTEXT_CHANGES = 100;
/** Without a stated shift start, the outgoing shift is taken as the 12 hours before the handoff began. */
const DEFAULT_SHIFT_MS = 12 * 3_600_000;

/** The outgoing shift: its stated start (or 12 h before the handoff began) to its stated end, the submission, or now. */
export function outgoingShift(
  h: { shiftStart: Date | null; shiftEnd: Date | null; createdAt: Date; submittedAt: Date | null },
  now = Date.now(),
): { from: Date; to: Date } {
  const to = h.shiftEnd ?? h.submittedAt ?? new Date(now);
  const from = h.shiftStart ?? new Date(h.createdAt.getTime() - DEFAULT_SHIFT_MS);
  return { from: from < to ? from : new Date(to.getTime() - DEFAULT_SHIFT_MS), to };
}

/**
 * The incoming's shift, for the maintenance it must know of: from now to the end of a shift as long as the
 * outgoing's stated one (12 h when it is not stated), starting when the outgoing's ends.
 */
export function comingShift(
  h: { shiftStart: Date | null; shiftEnd: Date | null },
  now = Date.now(),
): { from: Date; to: Date } {
  const start = Math.max(now, h.shiftEnd?.getTime() ?? now);
  const length = h.shiftStart && h.shiftEnd ? h.shiftEnd.getTime() - h.shiftStart.getTime() : DEFAULT_SHIFT_MS;
  return { from: new Date(now), to: new Date(start + length) };
}

/** What the incoming needs to see now: it is read live, never copied into the handoff. */
export async function handoffContext(
  shift: { from: Date; to: Date },
  coming: { from: Date; to: Date },
  now = Date.now(),
): Promise<HandoffContext> {
  const [open, alerts, fus, changes, maintenance, postmortemsOverdue] = await Promise.all([
    listIncidents({ status: ["open"], severity: [], limit: 500 }),
    listAlerts({ state: ["open"], kind: [], limit: CONTEXT_ALERTS }),
    db()
      .select({
        id: followUps.id,
        incidentId: followUps.incidentId,
        number: incidents.number,
        title: followUps.title,
        ownerId: followUps.ownerId,
        due: followUps.due,
      })
      .from(followUps)
      .innerJoin(incidents, eq(incidents.id, followUps.incidentId))
      .where(eq(followUps.status, "open"))
      .orderBy(desc(followUps.createdAt))
      .limit(500),
    findChanges(shift, CONTEXT_CHANGES + 1),
    shiftMaintenance(coming.from, coming.to),
    overduePostmortems(now),
  ]);
  const who = await userNames(open.incidents.flatMap((i) => (i.commander_id ? [i.commander_id] : [])));
  let slos: HandoffContext["slos"] = [];
  let slosError: string | null = null;
  try {
    slos = (await listSlos({ history: false })).slos
      .filter((s) => s.alert_state !== "ok")
      .map((s) => ({ id: s.id, name: s.name, region: s.region, alert_state: s.alert_state }));
  } catch (err) {
    slosError = `SLO states are unavailable: ${err instanceof Error ? err.message : String(err)}`;
  }
  return {
    incidents: open.incidents.map((i) => ({
      ...i,
      commander_name: i.commander_id ? (who.get(i.commander_id) ?? null) : null,
    })),
    pages: alerts.alerts.filter(isPage),
    tickets: alerts.alerts.filter((a) => a.kind === "ticket"),
    open_alerts: { page: alerts.totals.page, ticket: alerts.totals.ticket },
    // Overdue action items first (by due date): the incoming should hear of them at handoff.
    follow_ups: fus
      .map((f) => ({
        id: f.id,
        incident_id: f.incidentId,
        incident_ref: incidentRef(f.number),
        title: f.title,
        owner_id: f.ownerId,
        due: f.due,
        overdue: isOverdue({ status: "open", due: f.due }, now),
      }))
      .sort(
        (a, b) => Number(b.overdue) - Number(a.overdue) || (a.overdue ? (a.due ?? "").localeCompare(b.due ?? "") : 0),
      ),
    postmortems_overdue: postmortemsOverdue,
    slos,
    slos_error: slosError,
    stale_after_minutes: env().HANDOFF_STALE_MINUTES,
    changes: {
      start: shift.from.toISOString(),
      end: shift.to.toISOString(),
      list: changes.slice(0, CONTEXT_CHANGES),
      truncated: changes.length > CONTEXT_CHANGES,
    },
    maintenance: { start: coming.from.toISOString(), end: coming.to.toISOString(), list: maintenance },
  };
}
