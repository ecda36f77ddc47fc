// Alerts: Alertmanager's webhook kept by fingerprint (repeats count, resolutions close), page or ticket
// by the rules in ./rules, and what on-call does with them: acknowledge, resolve, declare an incident.
import { consoleRunbookSlug } from "@/lib/runbooks/standard";
import { untestedRunbooks } from "@/lib/runbooks/exercises";
import "server-only";
import { isService } from "@/lib/metrics/services";
import { metricsRegions } from "@/lib/metrics/known-regions";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alerts } from "@/lib/db/schema";
import { teamRows } from "@/lib/teams";
import { currentSteps, policyFor } from "@/lib/escalation/history";
import { catalogEntries } from "@/lib/catalog";
import { ownerOf } from "@/lib/catalog/rules";
import { ApiError } from "@/lib/http/errors";
import { decodeOffset, encodeOffset } from "@/lib/http/cursor";
import { declareIncident } from "@/lib/incidents/lifecycle";
import { recordAutoEntry } from "@/lib/incidents/timeline";
import { loadIncident } from "@/lib/incidents/rows";
import { incidentRef } from "@/lib/incidents/rules";
import { SLOS } from "@/lib/metrics/slo";
import type { Alert } from "./contract";
import { alertScope, recentFlaps } from "./rules";
import { SEVERITY_PRIORITY, type AlertKind, type AlertStatus, type Severity, isOpen } from "@/lib/vocabulary";
import { type Actor } from "@/lib/auth/permissions";
import { windowRefs } from "@/lib/maintenance";
import type { MaintenanceRef } from "@/lib/maintenance/contract";

const sloService = (slo: string) => SLOS.find((s) => s.id === slo)?.service;

/** The service and region an alert is about: its labels, or the SLO it burns. */
export const scopeOf = (labels: Record<string, string>) => alertScope(labels, sloService);

type Row = typeof alerts.$inferSelect;

/** The teams' names, by id (a handful of rows). */
const teamNames = async () => new Map((await teamRows()).map((t) => [t.id, t.name]));

/** What an alert's view names besides its row: teams, and the maintenance windows holding alerts. */
type Names = {
  teams: ReadonlyMap<string, string>;
  windows: ReadonlyMap<string, MaintenanceRef>;
  /** The console's runbooks not exercised for RUNBOOK_TEST_DAYS (a list's alerts say so of their runbook). */
  untested?: ReadonlySet<string>;
};

const runbookUntested = (r: Row, untested?: ReadonlySet<string>) => {
  const slug = r.annotations.runbook_url ? consoleRunbookSlug(r.annotations.runbook_url) : null;
  return !!slug && !!untested?.has(slug);
};

function toAlert(r: Row, names: Names, clock?: Alert["clock"]): Alert {
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
    severity: r.severity,
    priority: SEVERITY_PRIORITY[r.severity],
    team: { id: r.team, name: names.teams.get(r.team) ?? r.team },
    owner_gap: r.ownerGap,
    held_by: r.heldBy ? (names.windows.get(r.heldBy) ?? null) : null,
    ...(runbookUntested(r, names.untested) ? { runbook_untested: true } : {}),
    ...(clock ? { clock } : {}),
  };
}

/** One alert as the API shows it, with its team's name and the maintenance window holding it. */
const alertView = async (r: Row) => toAlert(r, { teams: await teamNames(), windows: await windowRefs([r.heldBy]) });

/** An attached alert's resolution (or return) is part of its incident's story: written into its timeline. */
export async function tellIncident(
  r: Pick<typeof alerts.$inferInsert, "id" | "name" | "incidentId">,
  what: "resolved" | "firing again",
  by: string,
) {
  if (!r.incidentId) return;
  await recordAutoEntry(r.incidentId, {
    kind: "alert",
    body: `Alert ${r.name} ${what}${by === "alertmanager" ? " (Alertmanager)" : ""}`,
    data: { alert_id: r.id, status: what === "resolved" ? "resolved" : "firing" },
    authorId: by === "alertmanager" ? null : by,
  });
}

/** Names shown with their counts in a list's totals (the rest are reachable by filtering). */
const TOP_NAMES = 12;

export async function listAlerts(q: {
  state: (AlertStatus | "open")[];
  kind: AlertKind[];
  name?: string[];
  incident?: string;
  limit: number;
  cursor?: string;
}) {
  const names = q.name ?? [];
  const states = q.state.flatMap((s): AlertStatus[] => (s === "open" ? ["firing", "acknowledged"] : [s]));
  const offset = decodeOffset(q.cursor);
  const incidentId = q.incident ? (await loadIncident(q.incident)).id : undefined;
  const scope = and(
    states.length ? inArray(alerts.status, states) : undefined,
    q.kind.length ? inArray(alerts.kind, q.kind) : undefined,
    incidentId ? eq(alerts.incidentId, incidentId) : undefined,
  );
  const [rows, groups] = await Promise.all([
    db()
      .select()
      .from(alerts)
      .where(and(scope, names.length ? inArray(alerts.name, names) : undefined))
      .orderBy(sql`(${alerts.status} = 'resolved')`, sql`(${alerts.kind} = 'ticket')`, desc(alerts.lastSeen), alerts.id)
      .limit(q.limit + 1)
      .offset(offset),
    db()
      .select({ name: alerts.name, kind: alerts.kind, n: sql`count(*)::int`.mapWith(Number) })
      .from(alerts)
      .where(scope)
      .groupBy(alerts.name, alerts.kind),
  ]);
  const held = await windowRefs(rows.map((r) => r.heldBy));
  // By kind under every filter; by name under state and kind only, so the other names stay in reach.
  const byKind = { page: 0, ticket: 0 };
  const byName = new Map<string, number>();
  for (const g of groups) {
    if (!names.length || names.includes(g.name)) byKind[g.kind] += g.n;
    byName.set(g.name, (byName.get(g.name) ?? 0) + g.n);
  }
  // Each open alert's clock and who has been notified, in one read for the page (not one request per row).
  const page = rows.slice(0, q.limit);
  const open = page.filter((r) => isOpen(r.status));
  const [teamName, steps, catalog, untested] = await Promise.all([
    teamNames(),
    currentSteps(open),
    catalogEntries(),
    untestedRunbooks(),
  ]);
  const clockOf = (r: Row): Alert["clock"] => {
    if (!isOpen(r.status)) return undefined;
    const p = policyFor(r.severity, ownerOf(scopeOf(r.labels).service, catalog).entry);
    return { ack_within_s: p.ack_within_s, escalate_after_s: p.escalate_after_s, steps: steps.get(r.id) ?? [] };
  };
  return {
    alerts: page.map((r) =>
      toAlert(r, { teams: teamName, windows: held, untested: new Set(untested.map((u) => u.slug)) }, clockOf(r)),
    ),
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
  return found(row, id);
}

/** The alert row a read or a write returned; gone meanwhile is not found. */
function found(row: Row | undefined, id: string): Row {
  if (!row) throw new ApiError("not_found", `No alert '${id}'.`);
  return row;
}

/** Writes `set` to an alert and returns the row written. */
async function update(id: string, set: Partial<typeof alerts.$inferInsert>): Promise<Row> {
  const [row] = await db().update(alerts).set(set).where(eq(alerts.id, id)).returning();
  return found(row, id);
}

export async function ackAlert(actor: Actor, id: string) {
  const cur = await load(id);
  if (!isOpen(cur.status)) throw new ApiError("conflict", `${cur.name} is already resolved.`);
  const row = await update(id, { status: "acknowledged", ackedBy: actor.user.id, ackedAt: new Date() });
  return { alert: await alertView(row) };
}

export async function resolveAlert(actor: Actor, id: string) {
  const cur = await load(id);
  if (!isOpen(cur.status)) throw new ApiError("conflict", `${cur.name} is already resolved.`);
  const row = await update(id, { status: "resolved", resolvedAt: new Date(), resolvedBy: actor.user.id });
  await tellIncident(row, "resolved", actor.user.id);
  return { alert: await alertView(row) };
}

/** The alert as an entry in an incident's timeline: what fired, how often, where its runbook is. */
const alertEntry = (cur: Row, verb: string, authorId: string) => ({
  kind: "alert" as const,
  body: `Alert ${cur.name} ${verb} (${cur.kind}, fired ${cur.count}×): ${cur.annotations.summary ?? ""}`.trim(),
  data: {
    alert_id: cur.id,
    fingerprint: cur.fingerprint,
    labels: cur.labels,
    runbook_url: cur.annotations.runbook_url ?? null,
    dashboard_url: cur.annotations.dashboard_url ?? null,
  },
  authorId,
});

/** Attaches an alert to an open incident (the one it belongs to), instead of declaring a duplicate. */
export async function attachAlert(actor: Actor, id: string, b: { incident_id: string }) {
  const cur = await load(id);
  const inc = await loadIncident(b.incident_id).catch((err) => {
    if (err instanceof ApiError && err.code === "not_found")
      throw new ApiError("validation_failed", `No incident '${b.incident_id}'.`, {
        details: { fields: [{ field: "body.incident_id", message: "no such incident" }] },
      });
    throw err;
  });
  if (cur.incidentId === inc.id)
    throw new ApiError("conflict", `${cur.name} is already attached to ${incidentRef(inc.number)}.`);
  if (cur.incidentId) throw new ApiError("conflict", `${cur.name} already belongs to another incident.`);
  if (!isOpen(inc.status))
    throw new ApiError("conflict", `${incidentRef(inc.number)} is resolved; reopen it or declare a new incident.`);
  const [row] = await db()
    .update(alerts)
    .set({ incidentId: inc.id })
    .where(and(eq(alerts.id, id), sql`${alerts.incidentId} is null`))
    .returning();
  if (!row) throw new ApiError("conflict", `${cur.name} was attached elsewhere meanwhile.`);
  await recordAutoEntry(inc.id, alertEntry(row, "attached", actor.user.id));
  return { alert: await alertView(row), incident: { id: inc.id, ref: incidentRef(inc.number) } };
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
  const row = await update(id, { incidentId: incident.id });
  return { alert: await alertView(row), incident: { id: incident.id, ref: incident.ref } };
}
