// The weekly review: reads a window's incidents (with their attached alerts' first firing and acknowledgement
// and their customer updates), action items and postmortems — grouped in the database so a year reads quickly —
// and pages (a day at a time, ./pages), and computes the figures with the rules in ./rules. Operator data: no tenant's logs are read.
import "server-only";
import { and, count, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { db, selectRows } from "@/lib/db/client";
import { alerts, followUps, incidents, postmortems, timelineEntries } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/http/errors";
import { parseInstant } from "@/lib/http/time";
import { MTTA_TARGET_S, MTTR_TARGET_S } from "@/lib/playbook";
import { deadlines, postmortemOverdue } from "@/lib/postmortems/rules";
import { untestedRunbooks } from "@/lib/runbooks/exercises";
import type { Insights, InsightsQuery } from "./contract";
import { sloFigures } from "./slo";
import { incidentRef } from "@/lib/incidents/rules";
import {
  actionSummary,
  alertQuality,
  byService,
  byWeek,
  cadenceSummary,
  clockStats,
  type IncidentFacts,
} from "./rules";
import { pageSummary } from "./pages";

const DAY = 86_400_000;
const MAX_RANGE_MS = 400 * DAY;

export function insightsWindow(q: Pick<InsightsQuery, "from" | "to">, now = Date.now()) {
  const to = q.to ? parseInstant(q.to, "query.to", now) : now;
  const from = q.from ? parseInstant(q.from, "query.from", now) : to - 28 * DAY;
  if (from >= to) throw badRequest("query.from", "must be before to");
  if (to - from > MAX_RANGE_MS) throw badRequest("query.from", "the range is longer than 400 days; narrow from/to");
  return { from, to };
}

/** Which incidents the review counts: declared in the window, of the severities and services asked for. */
function incidentWhere(from: Date, to: Date, q: InsightsQuery): SQL[] {
  const where: SQL[] = [gte(incidents.declaredAt, from), lt(incidents.declaredAt, to)];
  if (q.severity.length) where.push(inArray(incidents.severity, q.severity));
  if (q.service.length) where.push(sql`${incidents.services} && ${sql.param(q.service)}::text[]`);
  return where;
}

/** The incidents declared in the window (filtered), as the rules read them. */
async function incidentFacts(from: Date, to: Date, q: InsightsQuery, now: number) {
  const where = incidentWhere(from, to, q);
  // The three read through the same filter on incidents (a join, not a list of thousands of ids), at once;
  // customer updates come as their span while the incident was open (first, last, longest gap: what the cadence
  // reads), summed up in the database through the partial index that holds them alone, in its order.
  const [rows, firsts, updates] = await Promise.all([
    db()
      .select({
        id: incidents.id,
        severity: incidents.severity,
        services: incidents.services,
        declaredAt: incidents.declaredAt,
        impactStartedAt: incidents.impactStartedAt,
        mitigatedAt: incidents.mitigatedAt,
        resolvedAt: incidents.resolvedAt,
        regions: incidents.regions,
        number: incidents.number,
        pmStatus: postmortems.status,
      })
      .from(incidents)
      .leftJoin(postmortems, eq(postmortems.incidentId, incidents.id))
      .where(and(...where)),
    db()
      .select({
        id: alerts.incidentId,
        fired: sql<string>`min(${alerts.firedAt})::text`,
        acked: sql<string | null>`min(${alerts.ackedAt})::text`,
      })
      .from(alerts)
      .innerJoin(incidents, eq(incidents.id, alerts.incidentId))
      .where(and(...where))
      .groupBy(alerts.incidentId),
    selectRows<{ id: string; first: string; last: string; max_gap: string }>(
      db(),
      sql`select incident_id as id, (date_part('epoch', min(at)) * 1000)::bigint as first,
          (date_part('epoch', max(at)) * 1000)::bigint as last,
          coalesce(date_part('epoch', max(gap)) * 1000, 0)::bigint as max_gap
        from (select ${timelineEntries.incidentId} as incident_id, ${timelineEntries.occurredAt} as at,
                ${timelineEntries.occurredAt} - lag(${timelineEntries.occurredAt})
                  over (partition by ${timelineEntries.incidentId} order by ${timelineEntries.occurredAt}) as gap
              from ${timelineEntries} join ${incidents} on ${incidents.id} = ${timelineEntries.incidentId}
              where ${and(...where)}
                and ${timelineEntries.kind} = 'status_update' and ${timelineEntries.data}->>'audience' = 'customer'
                and ${timelineEntries.occurredAt} >= ${incidents.declaredAt}
                and ${timelineEntries.occurredAt} <= coalesce(${incidents.resolvedAt}, ${new Date(now)})) u
        group by incident_id`,
    ),
  ]);
  const first = new Map(firsts.map((f) => [f.id, f]));
  const told = new Map(
    updates.map((u) => [u.id, { first: Number(u.first), last: Number(u.last), maxGap: Number(u.max_gap) }]),
  );
  const facts: IncidentFacts[] = rows.map((r) => {
    const f = first.get(r.id);
    return {
      id: r.id,
      severity: r.severity,
      services: r.services,
      declaredAt: r.declaredAt.getTime(),
      impactStartedAt: r.impactStartedAt?.getTime() ?? null,
      mitigatedAt: r.mitigatedAt?.getTime() ?? null,
      resolvedAt: r.resolvedAt?.getTime() ?? null,
      firstAlertAt: f ? Date.parse(f.fired) : null,
      firstAckAt: f?.acked ? Date.parse(f.acked) : null,
      customerUpdates: told.get(r.id) ?? null,
    };
  });
  return { rows, facts };
}

export async function getInsights(q: InsightsQuery, now = Date.now()): Promise<Insights> {
  const w = insightsWindow(q, now);
  const from = new Date(w.from);
  const to = new Date(w.to);
  const [{ rows, facts }, pages, runbooks, items] = await Promise.all([
    incidentFacts(from, to, q, now),
    pageSummary(w.from, w.to, q.service),
    untestedRunbooks(now),
    db()
      .select({ status: followUps.status, due: followUps.due, n: count() })
      .from(followUps)
      .innerJoin(incidents, eq(incidents.id, followUps.incidentId))
      .where(and(...incidentWhere(from, to, q)))
      .groupBy(followUps.status, followUps.due),
  ]);
  const extra = new Map(rows.map((r) => [r.id, { regions: r.regions, ref: incidentRef(r.number) }]));
  const slo = await sloFigures(
    w.to,
    facts.map((f) => ({ ...f, ...(extra.get(f.id) ?? { regions: [], ref: f.id }) })),
  );
  const actions = actionSummary(
    items.flatMap((i) => Array.from({ length: Number(i.n) }, () => ({ status: i.status, due: i.due }))),
    now,
  );
  const e = env();
  let overdue = 0;
  for (const r of rows) {
    if (!r.resolvedAt) continue;
    const d = deadlines(r.resolvedAt.getTime(), r.severity, e.POSTMORTEM_DRAFT_HOURS, e.POSTMORTEM_REVIEW_DAYS);
    if (postmortemOverdue(r.pmStatus ?? null, d, now)) overdue++;
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    incidents: facts.length,
    by_week: byWeek(facts, w.from, w.to),
    by_service: byService(facts),
    clocks: clockStats(facts).map((c) => ({
      ...c,
      mtta_target_s: MTTA_TARGET_S[c.severity],
      mttr_target_s: MTTR_TARGET_S[c.severity],
    })),
    cadence: cadenceSummary(facts, e.STATUS_UPDATE_CADENCE, now),
    action_items: actions,
    postmortems: { published: rows.filter((r) => r.pmStatus === "published").length, overdue },
    alerts: alertQuality(pages, w.from, w.to),
    ...slo,
    runbooks_untested: runbooks,
  };
}
