// Alerts: Alertmanager's webhook kept by fingerprint (repeats count, resolutions close), page or ticket
// by the rules in ./rules, and what on-call does with them: acknowledge, resolve, declare an incident.
import "server-only";
import { isService } from "@/lib/metrics/services";
import { metricsRegions } from "@/lib/metrics/known-regions";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alerts, pipelineHeartbeats } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { decodeOffset, encodeOffset } from "@/lib/http/cursor";
import { newId } from "@/lib/ids";
import { declareIncident } from "@/lib/incidents/lifecycle";
import { recordAutoEntry } from "@/lib/incidents/timeline";
import { loadIncident } from "@/lib/incidents/rows";
import { incidentRef } from "@/lib/incidents/rules";
import { SLOS } from "@/lib/metrics/slo";
import type { Alert, AlertmanagerWebhook } from "./contract";
import { alertScope, classify, recentFlaps, refire, WATCHDOG } from "./rules";
import { runbookLinkProblem } from "@/lib/runbooks";
import { type Severity, isOpen } from "@/lib/vocabulary";
import { type Actor } from "@/lib/auth/permissions";

/** The pipeline a Watchdog comes through: the Alertmanager that sent it (its external URL), each watched on its own. */
export const pipelineSource = (payload: Pick<AlertmanagerWebhook, "externalURL">) => (payload.externalURL?.trim() || "alertmanager").slice(0, 300);

const sloService = (slo: string) => SLOS.find((s) => s.id === slo)?.service;

/** The service and region an alert is about: its labels, or the SLO it burns. */
export const scopeOf = (labels: Record<string, string>) => alertScope(labels, sloService);

type Row = typeof alerts.$inferSelect;

function toAlert(r: Row): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    name: r.name,
    kind: r.kind,
    pager_eligible: r.pagerEligible,
    not_eligible_reason: r.notEligibleReason,
    status: r.status,
    count: r.count,
    labels: r.labels,
    annotations: r.annotations,
    first_seen: r.firstSeen.toISOString(),
    fired_at: r.firedAt.toISOString(),
    last_seen: r.lastSeen.toISOString(),
    acked_by: r.ackedBy,
    acked_at: r.ackedAt?.toISOString() ?? null,
    resolved_at: r.resolvedAt?.toISOString() ?? null,
    resolved_by: r.resolvedBy,
    incident_id: r.incidentId,
    scope: scopeOf(r.labels),
    flaps_last_hour: recentFlaps(r.flaps),
    grouped_with: r.groupedWith,
  };
}

/** An attached alert's resolution (or return) is part of its incident's story: written into its timeline. */
async function tellIncident(r: Pick<Row, "id" | "name" | "incidentId">, what: "resolved" | "firing again", by: string) {
  if (!r.incidentId) return;
  await recordAutoEntry(r.incidentId, { kind: "alert", body: `Alert ${r.name} ${what}${by === "alertmanager" ? " (Alertmanager)" : ""}`, data: { alert_id: r.id, status: what === "resolved" ? "resolved" : "firing" }, authorId: by === "alertmanager" ? null : by });
}

/** Alertmanager sends 0001-01-01T00:00:00Z for "not ended". */
function time(v: string | undefined): Date | null {
  if (!v || v.startsWith("0001-")) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
}

type AlertWrite = typeof alerts.$inferInsert;

/** Columns a delivery may change on a known alert (never its id, fingerprint, first sighting or incident). */
const WRITABLE = ["name", "kind", "pagerEligible", "notEligibleReason", "status", "labels", "annotations", "startsAt", "endsAt", "ackedBy", "ackedAt", "resolvedAt", "resolvedBy", "firedAt", "flaps"] as const;

/** The Watchdog's arrival: proof the pipeline that sent it works (the dead man's switch). Never an alert row. */
async function heartbeat(source: string) {
  await db()
    .insert(pipelineHeartbeats)
    .values({ source })
    .onConflictDoUpdate({ target: pipelineHeartbeats.source, set: { lastAt: sql`now()`, count: sql`${pipelineHeartbeats.count} + 1` } });
}

export async function intakeAlertmanager(payload: AlertmanagerWebhook, consoleOrigin = "") {
  let firing = 0;
  let resolved = 0;
  const watchdogs = payload.alerts.filter((a) => ({ ...payload.commonLabels, ...a.labels }).alertname === WATCHDOG);
  if (watchdogs.some((a) => a.status === "firing")) await heartbeat(pipelineSource(payload));
  if (watchdogs.length) payload = { ...payload, alerts: payload.alerts.filter((a) => !watchdogs.includes(a)) };
  const { ALERT_FLAP_MINUTES: flapMinutes, ALERT_FLAP_LIMIT: flapLimit } = env();
  // Each distinct runbook link read once, before the transaction.
  const links = [...new Set(payload.alerts.map((a) => ({ ...payload.commonAnnotations, ...a.annotations }).runbook_url?.trim()).filter((u): u is string => Boolean(u)))];
  const runbookProblem = new Map(await Promise.all(links.map(async (u) => [u, await runbookLinkProblem(u, consoleOrigin)] as const)));
  const told: { row: Row; what: "resolved" | "firing again" }[] = [];
  await db().transaction(async (tx) => {
    const list = [...payload.alerts].sort((x, y) => x.fingerprint.localeCompare(y.fingerprint));
    // One locked read for the whole payload (in fingerprint order, so concurrent deliveries cannot deadlock).
    const current = list.length
      ? await tx.select().from(alerts).where(inArray(alerts.fingerprint, [...new Set(list.map((a) => a.fingerprint))])).orderBy(alerts.fingerprint).for("update")
      : [];
    // Each fingerprint's row after this payload, worked out in memory (a fingerprint may come twice).
    const rows = new Map<string, AlertWrite>(current.map((r) => [r.fingerprint, { ...r }]));
    const changed = new Set<string>();
    const now = new Date();
    for (const a of list) {
      const annotations = { ...payload.commonAnnotations, ...a.annotations };
      const labels = { ...payload.commonLabels, ...a.labels };
      const c = classify(labels, annotations, runbookProblem.get(annotations.runbook_url?.trim() ?? "") ?? null);
      const cur = rows.get(a.fingerprint);
      const fields = { name: labels.alertname!, kind: c.kind, pagerEligible: c.pagerEligible, notEligibleReason: c.reason, labels, annotations, startsAt: time(a.startsAt) };
      // An alert that flaps past the limit pages no more: a ticket to fix its rule.
      const flapping = (flaps: string[]) => (recentFlaps(flaps, now.getTime()) > flapLimit ? { kind: "ticket" as const, pagerEligible: false, notEligibleReason: `flapped ${recentFlaps(flaps, now.getTime())} times in the last hour: fix its rule (it pages no more until it settles)` } : {});
      if (a.status === "resolved") {
        resolved++;
        if (!cur) rows.set(a.fingerprint, { id: newId("alr"), fingerprint: a.fingerprint, status: "resolved", ...fields, lastSeen: now, endsAt: time(a.endsAt) ?? now, resolvedAt: now, resolvedBy: "alertmanager" });
        else if (cur.status !== "resolved") {
          Object.assign(cur, { status: "resolved", resolvedAt: now, resolvedBy: "alertmanager", endsAt: time(a.endsAt) ?? now, lastSeen: now });
          if (cur.incidentId) told.push({ row: cur as Row, what: "resolved" });
        } else continue;
      } else {
        firing++;
        if (!cur) rows.set(a.fingerprint, { id: newId("alr"), fingerprint: a.fingerprint, status: "firing", count: 1, ...fields, lastSeen: now, firedAt: now });
        else {
          const reopened = cur.status === "resolved";
          const again = reopened ? refire({ flaps: cur.flaps ?? [], resolvedAt: cur.resolvedAt ?? null, now, flapMinutes, flapLimit }) : null;
          // A flap (fired again within ALERT_FLAP_MINUTES of resolving) is the same episode: its clock and
          // its acknowledgement stand, and nobody is notified again. Anything later is a new firing.
          const back = !again ? {} : again.flap ? { status: cur.ackedAt ? ("acknowledged" as const) : ("firing" as const), flaps: again.flaps } : { status: "firing" as const, ackedBy: null, ackedAt: null, firedAt: now, flaps: again.flaps };
          Object.assign(cur, fields, { count: (cur.count ?? 1) + 1, lastSeen: now }, reopened ? { resolvedAt: null, resolvedBy: null, endsAt: null, ...back } : {}, flapping((back as { flaps?: string[] }).flaps ?? cur.flaps ?? []));
          if (reopened && cur.incidentId) told.push({ row: cur as Row, what: "firing again" });
        }
      }
      changed.add(a.fingerprint);
    }
    if (!changed.size) return;
    // Every change in one statement. A row read above is rewritten as worked out (same id); a new
    // fingerprint another delivery inserted meanwhile (different id) adds its sightings to that one.
    const mine = sql`${alerts.id} = excluded.id`;
    const set: Record<string, unknown> = {
      count: sql`case when ${mine} then excluded.count else ${alerts.count} + excluded.count end`,
      lastSeen: sql`excluded.last_seen`,
    };
    for (const col of WRITABLE) set[col] = sql`case when ${mine} then excluded.${sql.identifier(alerts[col].name)} else ${alerts[col]} end`;
    await tx
      .insert(alerts)
      .values([...changed].map((fp) => rows.get(fp)!))
      .onConflictDoUpdate({ target: alerts.fingerprint, set });
  });
  // After commit: the last word per alert (a payload may resolve and reopen one).
  for (const t of new Map(told.map((t) => [t.row.id, t])).values()) await tellIncident(t.row, t.what, "alertmanager");
  return { accepted: payload.alerts.length, firing, resolved };
}

/** Names shown with their counts in a list's totals (the rest are reachable by filtering). */
const TOP_NAMES = 12;

export async function listAlerts(q: { state: string[]; kind: string[]; name?: string[]; incident?: string; limit: number; cursor?: string }) {
  const names = q.name ?? [];
  const states = q.state.flatMap((s) => (s === "open" ? ["firing", "acknowledged"] : [s])) as Row["status"][];
  const offset = decodeOffset(q.cursor);
  const incidentId = q.incident ? (await loadIncident(q.incident)).id : undefined;
  const scope = and(states.length ? inArray(alerts.status, states) : undefined, q.kind.length ? inArray(alerts.kind, q.kind as Row["kind"][]) : undefined, incidentId ? eq(alerts.incidentId, incidentId) : undefined);
  const [rows, groups] = await Promise.all([
    db()
      .select()
      .from(alerts)
      .where(and(scope, names.length ? inArray(alerts.name, names) : undefined))
      .orderBy(sql`(${alerts.status} = 'resolved')`, sql`(${alerts.kind} = 'ticket')`, desc(alerts.lastSeen), alerts.id)
      .limit(q.limit + 1)
      .offset(offset),
    db().select({ name: alerts.name, kind: alerts.kind, n: sql`count(*)::int`.mapWith(Number) }).from(alerts).where(scope).groupBy(alerts.name, alerts.kind),
  ]);
  // By kind under every filter; by name under state and kind only, so the other names stay in reach.
  const byKind = { page: 0, ticket: 0 };
  const byName = new Map<string, number>();
  for (const g of groups) {
    if (!names.length || names.includes(g.name)) byKind[g.kind] += g.n;
    byName.set(g.name, (byName.get(g.name) ?? 0) + g.n);
  }
  return {
    alerts: rows.slice(0, q.limit).map(toAlert),
    next_cursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
    totals: {
      total: byKind.page + byKind.ticket,
      ...byKind,
      by_name: [...byName]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP_NAMES)
        .map(([name, count]) => ({ name, count })),
    },
  };
}

async function load(id: string): Promise<Row> {
  const [row] = await db().select().from(alerts).where(eq(alerts.id, id)).limit(1);
  if (!row) throw new ApiError("not_found", `No alert '${id}'.`);
  return row;
}

export async function ackAlert(actor: Actor, id: string) {
  const cur = await load(id);
  if (!isOpen(cur.status)) throw new ApiError("conflict", `${cur.name} is already resolved.`);
  const [row] = await db().update(alerts).set({ status: "acknowledged", ackedBy: actor.user.id, ackedAt: new Date() }).where(eq(alerts.id, id)).returning();
  return { alert: toAlert(row!) };
}

export async function resolveAlert(actor: Actor, id: string) {
  const cur = await load(id);
  if (!isOpen(cur.status)) throw new ApiError("conflict", `${cur.name} is already resolved.`);
  const [row] = await db().update(alerts).set({ status: "resolved", resolvedAt: new Date(), resolvedBy: actor.user.id }).where(eq(alerts.id, id)).returning();
  await tellIncident(row!, "resolved", actor.user.id);
  return { alert: toAlert(row!) };
}

/** The alert as an entry in an incident's timeline: what fired, how often, where its runbook is. */
const alertEntry = (cur: Row, verb: string, authorId: string) => ({
  kind: "alert" as const,
  body: `Alert ${cur.name} ${verb} (${cur.kind}, fired ${cur.count}×): ${cur.annotations.summary ?? ""}`.trim(),
  data: { alert_id: cur.id, fingerprint: cur.fingerprint, labels: cur.labels, runbook_url: cur.annotations.runbook_url ?? null, dashboard_url: cur.annotations.dashboard_url ?? null },
  authorId,
});

/** Attaches an alert to an open incident (the one it belongs to), instead of declaring a duplicate. */
export async function attachAlert(actor: Actor, id: string, b: { incident_id: string }) {
  const cur = await load(id);
  const inc = await loadIncident(b.incident_id).catch((err) => {
    if (err instanceof ApiError && err.code === "not_found") throw new ApiError("validation_failed", `No incident '${b.incident_id}'.`, { details: { fields: [{ field: "body.incident_id", message: "no such incident" }] } });
    throw err;
  });
  if (cur.incidentId === inc.id) throw new ApiError("conflict", `${cur.name} is already attached to ${incidentRef(inc.number)}.`);
  if (cur.incidentId) throw new ApiError("conflict", `${cur.name} already belongs to another incident.`);
  if (!isOpen(inc.status)) throw new ApiError("conflict", `${incidentRef(inc.number)} is resolved; reopen it or declare a new incident.`);
  const [row] = await db().update(alerts).set({ incidentId: inc.id }).where(and(eq(alerts.id, id), sql`${alerts.incidentId} is null`)).returning();
  if (!row) throw new ApiError("conflict", `${cur.name} was attached elsewhere meanwhile.`);
  await recordAutoEntry(inc.id, alertEntry(row, "attached", actor.user.id));
  return { alert: toAlert(row), incident: { id: inc.id, ref: incidentRef(inc.number) } };
}

export async function declareFromAlert(actor: Actor, id: string, b: { title?: string; severity?: Severity }) {
  const cur = await load(id);
  if (cur.incidentId) throw new ApiError("conflict", `${cur.name} already has incident ${cur.incidentId}.`);
  const { incident } = await declareIncident(actor, {
    title: b.title ?? (cur.annotations.summary || cur.name),
    severity: b.severity ?? (cur.kind === "page" ? "sev1" : "sev2"),
    summary: cur.annotations.description ?? undefined,
    // An alert's labels are Prometheus's: only a catalog service and a known region carry over.
    services: cur.labels.service && isService(cur.labels.service) ? [cur.labels.service] : undefined,
    regions: cur.labels.region && metricsRegions().includes(cur.labels.region) ? [cur.labels.region] : undefined,
  });
  await recordAutoEntry(incident.id, alertEntry(cur, "declared this incident", actor.user.id));
  const [row] = await db().update(alerts).set({ incidentId: incident.id }).where(eq(alerts.id, id)).returning();
  return { alert: toAlert(row!), incident: { id: incident.id, ref: incident.ref } };
}
