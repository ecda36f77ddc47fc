// Alertmanager's webhook kept by fingerprint: repeats count, resolutions close, a flap is the same
// episode, page or ticket by the rules in ./rules; the Watchdog is the pipeline's heartbeat, never an alert.
import "server-only";
import { inArray, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alerts, pipelineHeartbeats } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { AlertmanagerWebhook } from "./contract";
import { classify, recentFlaps, refire, WATCHDOG } from "./rules";
import { runbookLinkProblem } from "@/lib/runbooks";
import { scopeOf, tellIncident } from "./index";
import { alertSeverity } from "@/lib/escalation/rules";
import { catalogEntries } from "@/lib/catalog";
import { ownerOf } from "@/lib/catalog/rules";

/** The pipeline a Watchdog comes through: the Alertmanager that sent it (its external URL), each watched on its own. */
export const pipelineSource = (payload: Pick<AlertmanagerWebhook, "externalURL">) =>
  (payload.externalURL?.trim() || "alertmanager").slice(0, 300);

/** Alertmanager sends 0001-01-01T00:00:00Z for "not ended". */
function time(v: string | undefined): Date | null {
  if (!v || v.startsWith("0001-")) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
}

type AlertWrite = typeof alerts.$inferInsert;

/** Columns a delivery may change on a known alert (never its id, fingerprint, first sighting or incident). */
const WRITABLE = [
  "name",
  "kind",
  "pagerEligible",
  "notEligibleReason",
  "status",
  "labels",
  "annotations",
  "startsAt",
  "endsAt",
  "ackedBy",
  "ackedAt",
  "resolvedAt",
  "resolvedBy",
  "firedAt",
  "flaps",
  "severity",
  "team",
  "ownerGap",
  "nextDueAt",
  "heldBy",
  "clockFrom",
] as const;

/** The Watchdog's arrival: proof the pipeline that sent it works (the dead man's switch). Never an alert row. */
async function heartbeat(source: string) {
  await db()
    .insert(pipelineHeartbeats)
    .values({ source })
    .onConflictDoUpdate({
      target: pipelineHeartbeats.source,
      set: { lastAt: sql`now()`, count: sql`${pipelineHeartbeats.count} + 1` },
    });
}

/** Keeps an Alertmanager delivery: each alert by fingerprint, its repeats counted and its resolution closing it. */
export async function intakeAlertmanager(payload: AlertmanagerWebhook, consoleOrigin = "") {
  let firing = 0;
  let resolved = 0;
  const watchdogs = payload.alerts.filter((a) => ({ ...payload.commonLabels, ...a.labels }).alertname === WATCHDOG);
  if (watchdogs.some((a) => a.status === "firing")) await heartbeat(pipelineSource(payload));
  if (watchdogs.length) payload = { ...payload, alerts: payload.alerts.filter((a) => !watchdogs.includes(a)) };
  const { ALERT_FLAP_MINUTES: flapMinutes, ALERT_FLAP_LIMIT: flapLimit } = env();
  // Each distinct runbook link read once, before the transaction.
  const links = [
    ...new Set(
      payload.alerts
        .map((a) => ({ ...payload.commonAnnotations, ...a.annotations }).runbook_url?.trim())
        .filter((u): u is string => Boolean(u)),
    ),
  ];
  const [runbookProblem, catalog] = await Promise.all([
    Promise.all(links.map(async (u) => [u, await runbookLinkProblem(u, consoleOrigin)] as const)).then(
      (pairs) => new Map(pairs),
    ),
    catalogEntries(),
  ]);
  const told: { row: AlertWrite; what: "resolved" | "firing again" }[] = [];
  await db().transaction(async (tx) => {
    const list = [...payload.alerts].sort((x, y) => x.fingerprint.localeCompare(y.fingerprint));
    // One locked read for the whole payload (in fingerprint order, so concurrent deliveries cannot deadlock).
    const current = list.length
      ? await tx
          .select()
          .from(alerts)
          .where(inArray(alerts.fingerprint, [...new Set(list.map((a) => a.fingerprint))]))
          .orderBy(alerts.fingerprint)
          .for("update")
      : [];
    // Each fingerprint's row after this payload, worked out in memory (a fingerprint may come twice).
    const rows = new Map<string, AlertWrite>(current.map((r) => [r.fingerprint, { ...r }]));
    const changed = new Map<string, AlertWrite>();
    const now = new Date();
    for (const a of list) {
      const annotations = { ...payload.commonAnnotations, ...a.annotations };
      const labels = { ...payload.commonLabels, ...a.labels };
      const c = classify(labels, annotations, runbookProblem.get(annotations.runbook_url?.trim() ?? "") ?? null);
      const cur = rows.get(a.fingerprint);
      // The webhook's schema refuses an alert without an alertname.
      const name = labels.alertname;
      if (!name) throw new Error(`Alert ${a.fingerprint} came without an alertname past the webhook's schema.`);
      // Its owner: the team the catalog names for its service, else the platform team (an ownership gap).
      const owner = ownerOf(scopeOf(labels).service, catalog);
      const fields = {
        name,
        severity: alertSeverity(labels),
        team: owner.team,
        ownerGap: owner.gap,
        kind: c.kind,
        pagerEligible: c.pagerEligible,
        notEligibleReason: c.reason,
        labels,
        annotations,
        startsAt: time(a.startsAt),
      };
      // An alert that flaps past the limit pages no more: a ticket to fix its rule.
      const flapping = (flaps: string[]) =>
        recentFlaps(flaps, now.getTime()) > flapLimit
          ? {
              kind: "ticket" as const,
              pagerEligible: false,
              notEligibleReason: `flapped ${recentFlaps(flaps, now.getTime())} times in the last hour: fix its rule (it pages no more until it settles)`,
            }
          : {};
      let row: AlertWrite;
      if (a.status === "resolved") {
        resolved++;
        if (!cur)
          rows.set(
            a.fingerprint,
            (row = {
              id: newId("alr"),
              fingerprint: a.fingerprint,
              status: "resolved",
              ...fields,
              lastSeen: now,
              endsAt: time(a.endsAt) ?? now,
              resolvedAt: now,
              resolvedBy: "alertmanager",
            }),
          );
        else if (cur.status !== "resolved") {
          row = Object.assign(cur, {
            status: "resolved" as const,
            resolvedAt: now,
            resolvedBy: "alertmanager",
            endsAt: time(a.endsAt) ?? now,
            lastSeen: now,
          });
          if (cur.incidentId) told.push({ row: cur, what: "resolved" });
        } else continue;
      } else {
        firing++;
        if (!cur)
          rows.set(
            a.fingerprint,
            (row = {
              id: newId("alr"),
              fingerprint: a.fingerprint,
              status: "firing",
              count: 1,
              ...fields,
              lastSeen: now,
              firedAt: now,
              nextDueAt: now,
            }),
          );
        else {
          const reopened = cur.status === "resolved";
          const again = reopened
            ? refire({ flaps: cur.flaps ?? [], resolvedAt: cur.resolvedAt ?? null, now, flapMinutes, flapLimit })
            : null;
          // A flap (fired again within ALERT_FLAP_MINUTES of resolving) is the same episode: its clock and
          // its acknowledgement stand, and nobody is notified again. Anything later is a new firing.
          const back = !again
            ? {}
            : again.flap
              ? { status: cur.ackedAt ? ("acknowledged" as const) : ("firing" as const), flaps: again.flaps }
              : {
                  status: "firing" as const,
                  ackedBy: null,
                  ackedAt: null,
                  firedAt: now,
                  flaps: again.flaps,
                  // A new firing: its clock starts now, the primary is notified on the next pass.
                  nextDueAt: now,
                  heldBy: null,
                  clockFrom: null,
                };
          Object.assign(
            cur,
            fields,
            { count: (cur.count ?? 1) + 1, lastSeen: now },
            reopened ? { resolvedAt: null, resolvedBy: null, endsAt: null, ...back } : {},
            flapping(again?.flaps ?? cur.flaps ?? []),
          );
          row = cur;
          if (reopened && cur.incidentId) told.push({ row: cur, what: "firing again" });
        }
      }
      changed.set(a.fingerprint, row);
    }
    if (!changed.size) return;
    // Every change in one statement. A row read above is rewritten as worked out (same id); a new
    // fingerprint another delivery inserted meanwhile (different id) adds its sightings to that one.
    const mine = sql`${alerts.id} = excluded.id`;
    const set: Record<string, unknown> = {
      count: sql`case when ${mine} then excluded.count else ${alerts.count} + excluded.count end`,
      lastSeen: sql`excluded.last_seen`,
    };
    for (const col of WRITABLE)
      set[col] = sql`case when ${mine} then excluded.${sql.identifier(alerts[col].name)} else ${alerts[col]} end`;
    await tx
      .insert(alerts)
      .values([...changed.values()])
      .onConflictDoUpdate({ target: alerts.fingerprint, set });
  });
  // After commit: the last word per alert (a payload may resolve and reopen one).
  for (const t of new Map(told.map((t) => [t.row.id, t])).values()) await tellIncident(t.row, t.what, "alertmanager");
  return { accepted: payload.alerts.length, firing, resolved };
}
