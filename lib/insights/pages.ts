// The review's pages over a window: whole UTC days from their stored summaries (alert_page_days, kept honest by
// the trigger of migration 0019), the partial days at the window's edges and any day whose summary is missing
// or stale from the pages themselves — grouped in the database by day, service, rule, hour and outcome, then
// summed by the rules. A recomputed day is stored for the next reader if its version has not moved since it was
// read: a page written meanwhile leaves the summary to be computed again, never stored stale.
import "server-only";
import { and, gte, lt, sql, type SQL } from "drizzle-orm";
import { db, selectRows } from "@/lib/db/client";
import { alertPageDays, alerts } from "@/lib/db/schema";
import { policyFor } from "@/lib/escalation/history";
import { logError } from "@/lib/http/errors";
import { ALERT_SEVERITIES } from "@/lib/vocabulary";
import { addGroup, addSummary, emptySummary, type PageGroup, type PageSummary } from "./rules";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A day's pages summed per service ("" for pages without one). */
type DaySummary = Record<string, PageSummary>;

/** Each severity's acknowledgement clock (s), as the escalation policy has it now. */
const clocks = () => ALERT_SEVERITIES.map((s) => [s, policyFor(s).ack_within_s] as const);
/** The clocks a summary is computed with: a changed policy makes stored summaries stale. */
const clockKey = () =>
  clocks()
    .map(([s, within]) => `${s}:${within}`)
    .join(",");

/** Pages where `where` holds, grouped by day, service, rule, hour of day and outcome. */
async function pageRows(where: SQL) {
  const clock = sql.join(
    clocks().map(([s, within]) => sql`when ${s} then ${within}::int`),
    sql` `,
  );
  const rows = await selectRows<{
    day: string;
    service: string;
    name: string;
    hour: number;
    pages: number;
    acked_within: number;
    incident: boolean;
    acked: boolean;
    resolved: boolean;
    by_person: boolean;
    flaps: number;
  }>(
    db(),
    sql`select to_char(${alerts.firedAt} at time zone 'UTC', 'YYYY-MM-DD') as day,
        coalesce(${alerts.labels}->>'service', '') as service,
        ${alerts.name} as name,
        date_part('hour', ${alerts.firedAt} at time zone 'UTC')::int as hour,
        count(*)::int as pages,
        count(*) filter (where ${alerts.ackedAt} <= ${alerts.firedAt} + (case ${alerts.severity} ${clock} end) * interval '1 second')::int as acked_within,
        (${alerts.incidentId} is not null) as incident,
        (${alerts.ackedAt} is not null) as acked,
        (${alerts.resolvedAt} is not null) as resolved,
        (${alerts.resolvedBy} is not null and ${alerts.resolvedBy} <> 'alertmanager') as by_person,
        coalesce(sum(jsonb_array_length(${alerts.flaps})), 0)::int as flaps
      from ${alerts}
      where ${alerts.kind} = 'page' and (${where})
      group by 1, 2, 3, 4, 7, 8, 9, 10`,
  );
  const days = new Map<string, DaySummary>();
  for (const r of rows) {
    const day = days.get(r.day) ?? {};
    days.set(r.day, day);
    const group: PageGroup = {
      name: r.name,
      hour: Number(r.hour),
      pages: Number(r.pages),
      ackedWithin: Number(r.acked_within),
      incident: r.incident,
      acked: r.acked,
      resolved: r.resolved,
      resolvedByPerson: r.by_person,
      flaps: Number(r.flaps),
    };
    addGroup((day[r.service] ??= emptySummary()), group);
  }
  return days;
}

/**
 * The pages fired in [from, to), of the services asked for (all when none), summed. Whole days come from their
 * stored summaries where those are current; the rest from the pages.
 */
export async function pageSummary(from: number, to: number, services: string[]): Promise<PageSummary> {
  const first = Math.ceil(from / DAY) * DAY;
  const last = Math.floor(to / DAY) * DAY;
  const key = clockKey();
  const stored =
    first < last
      ? await db()
          .select()
          .from(alertPageDays)
          .where(and(gte(alertPageDays.day, isoDay(first)), lt(alertPageDays.day, isoDay(last))))
      : [];
  const current = stored.filter((d) => d.summary !== null && d.summaryVersion === d.version && d.clockKey === key);
  const stale = stored.filter((d) => !current.includes(d));

  // The edges (or the whole window when it holds no whole day) and the stale days, from the pages: as ranges of
  // time, stale days that follow one another in one (the index reads each range; a year never summed is one).
  const runs: [number, number][] = [];
  for (const d of stale.map((r) => Date.parse(`${r.day}T00:00:00Z`)).sort((a, b) => a - b)) {
    const run = runs.at(-1);
    if (run && run[1] === d) run[1] = d + DAY;
    else runs.push([d, d + DAY]);
  }
  const edges: [number, number][] =
    first < last
      ? [
          [from, first],
          [last, to],
        ]
      : [[from, to]];
  const parts = [...edges, ...runs]
    .filter(([a, b]) => a < b)
    .map(([a, b]) => sql`(${alerts.firedAt} >= ${new Date(a)} and ${alerts.firedAt} < ${new Date(b)})`);
  const read = parts.length ? await pageRows(sql.join(parts, sql` or `)) : new Map<string, DaySummary>();

  if (stale.length) {
    await keepDays(
      stale.map((d) => ({ day: d.day, version: d.version, summary: read.get(d.day) ?? {} })),
      key,
    );
  }

  const total = emptySummary();
  const wanted = (service: string) => services.length === 0 || services.includes(service);
  const add = (day: DaySummary) => {
    for (const [service, s] of Object.entries(day)) if (wanted(service)) addSummary(total, s);
  };
  for (const d of current) add(d.summary as DaySummary);
  for (const day of read.values()) add(day);
  return total;
}

/** Stores recomputed days whose version is still the one read (a page written since leaves them to recompute). */
export async function keepDays(days: { day: string; version: number; summary: DaySummary }[], key: string) {
  try {
    await db().execute(sql`
      update ${alertPageDays} as d
      set summary = v.summary, summary_version = v.version, clock_key = ${key}
      from jsonb_to_recordset(${JSON.stringify(days)}::jsonb) as v(day date, version bigint, summary jsonb)
      where d.day = v.day and d.version = v.version`);
  } catch (err) {
    // The figures are right without it; the next reader computes these days again.
    logError(`insights: storing ${days.length} days' page summaries`, err);
  }
}
