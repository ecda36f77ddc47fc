// The weekly review over a year, on a Postgres server of the bench's own: 5,000 incidents (their clocks,
// services, postmortems), 2,000,000 timeline entries (one in twenty a customer update), 200,000 alerts (one in
// forty attached to an incident, two in three pages) and 10,000 action items, loaded in bulk. Measured:
// GET /api/v1/insights for the whole year through the route handler, p95 (the target: ≤ 300 ms); the
// baseline, in the same run and in turns with it: the default four-week window.
import { sql } from "drizzle-orm";
import { openDb } from "../../lib/db/client";
import { benchCookie, benchDatabase, benchPostgres, measurePair, printTable } from "./lib";

const INCIDENTS = 5_000;
const ENTRIES = 2_000_000;
const ALERTS = 200_000;
const ITEMS = 10_000;
/** A number written into the statement (generate_series takes no untyped parameters). */
const num = (x: number) => sql.raw(String(x));

export default async function insightsBench(args: string[]) {
  const n = Number(args[0] ?? 30);
  const step = (what: string) => console.log(`   … ${what} (${new Date().toISOString().slice(11, 19)})`);
  const pg = await benchPostgres();
  step("Postgres started");
  try {
    const handle = await benchDatabase(openDb({ databaseUrl: pg.url, poolSize: 8 }));
    step("migrated and seeded");
    const { db } = await import("../../lib/db/client");
    const year = "365 days";
    // Incidents spread over the last year: impact 10 min before declaring, mitigated 30 min and resolved 60 min after.
    await db().execute(sql`
      insert into incidents (id, title, severity, status, commander_id, services, regions, declared_by, declared_at,
                             impact_started_at, mitigated_at, resolved_at)
      select 'bi_' || g, 'bench incident ' || g, (array['sev0','sev1','sev2','sev3'])[1 + g % 4], 'resolved', 'usr_ic',
             array[(array['edge','scheduler','control-plane','projector'])[1 + g % 4]], array['eu-west'], 'usr_ic', d,
             d - interval '10 minutes', d + interval '30 minutes', d + (g % 7 + 1) * interval '20 minutes'
      from generate_series(1, ${num(INCIDENTS)}) g, lateral (select now() - (g::float / ${num(INCIDENTS)}) * interval ${sql.raw(`'${year}'`)} as d) t`);
    step(`${INCIDENTS} incidents`);
    for (let done = 0; done < ENTRIES; done += 500_000) {
      await db().execute(sql`
        insert into timeline_entries (incident_id, kind, body, data, occurred_at, author_id)
        select 'bi_' || (1 + g % ${num(INCIDENTS)}),
               case when g % 20 = 0 then 'status_update' else 'note' end, 'bench entry',
               case when g % 20 = 0 then '{"audience":"customer"}'::jsonb else '{}'::jsonb end,
               now() - ((1 + g % ${num(INCIDENTS)})::float / ${num(INCIDENTS)}) * interval ${sql.raw(`'${year}'`)} + (g / ${num(INCIDENTS)}) * interval '1 minute',
               null
        from generate_series(${num(done + 1)}, ${num(done + 500_000)}) g`);
      step(`${done + 500_000} timeline entries`);
    }
    await db().execute(sql`
      insert into alerts (id, fingerprint, name, kind, pager_eligible, status, labels, annotations, fired_at, acked_at,
                          acked_by, resolved_at, resolved_by, incident_id, severity, flaps)
      select 'ba_' || g, 'bfp_' || g, 'BenchRule' || (g % 60), case when g % 3 = 0 then 'ticket' else 'page' end,
             g % 3 <> 0, 'resolved',
             jsonb_build_object('service', (array['edge','scheduler','control-plane','projector'])[1 + g % 4]), '{}'::jsonb,
             f, case when g % 2 = 0 then f + (g % 20) * interval '1 minute' end, case when g % 2 = 0 then 'usr_oncall' end,
             f + interval '25 minutes', case when g % 5 = 0 then 'usr_oncall' else 'alertmanager' end,
             case when g % 40 = 0 then 'bi_' || (1 + g % ${num(INCIDENTS)}) end,
             (array['critical','high','medium','low'])[1 + g % 4],
             case when g % 50 = 0 then '["x","y"]'::jsonb else '[]'::jsonb end
      from generate_series(1, ${num(ALERTS)}) g, lateral (select now() - (g::float / ${num(ALERTS)}) * interval ${sql.raw(`'${year}'`)} as f) t`);
    step(`${ALERTS} alerts`);
    await db().execute(sql`
      insert into follow_ups (id, incident_id, title, owner_id, due, status, kind, created_by)
      select 'bf_' || g, 'bi_' || (1 + g % ${num(INCIDENTS)}), 'bench item ' || g, 'usr_oncall',
             to_char(now() - (g % 60) * interval '1 day', 'YYYY-MM-DD'), case when g % 3 = 0 then 'done' else 'open' end,
             'prevent', 'usr_ic'
      from generate_series(1, ${num(ITEMS)}) g`);
    await db().execute(sql`
      insert into postmortems (id, incident_id, status, owner_id)
      select 'bp_' || g, 'bi_' || g, case when g % 2 = 0 then 'published' else 'draft' end, 'usr_ic'
      from generate_series(1, ${num(INCIDENTS)}, 3) g`);
    // A database in service has its visibility map kept by autovacuum (the timeline is append-only); a bulk
    // load has none until vacuumed, and every index read would go to the table.
    await db().execute(sql`vacuum analyze`);
    step(`${ITEMS} action items, postmortems; analyzed`);

    const { GET } = await import("../../app/api/v1/insights/route");
    const cookie = await benchCookie("usr_oncall");
    const ctx = { params: Promise.resolve({}) };
    const now = Date.now();
    const get = (days: number) => async () => {
      const from = new Date(now - days * 86_400_000).toISOString();
      const res = await GET(
        new Request(`http://bench/api/v1/insights?from=${encodeURIComponent(from)}`, { headers: { cookie } }),
        ctx,
      );
      if (res.status !== 200) throw new Error(`insights ${res.status}: ${await res.text()}`);
      return res.json();
    };
    // The first read of the year sums each day's pages and stores them (as in service, where past days are
    // summed once and again only when a page of theirs changes); the measured reads find them stored.
    await get(28)(); // the route's modules loaded and warm
    const cold = performance.now();
    const year1 = (await get(366)()) as { incidents: number; alerts: { pages: number } };
    console.log(
      `   the year's review: ${year1.incidents} incidents, ${year1.alerts.pages} pages; first read (every day summed) ${(performance.now() - cold).toFixed(0)} ms`,
    );
    const [baseline, whole] = await measurePair(
      ["baseline: GET /api/v1/insights, the default 28 days", "GET /api/v1/insights over 366 days"],
      n,
      [get(28), get(366)],
      3,
    );
    console.log(
      `\nThe weekly review on Postgres (${INCIDENTS} incidents, ${ENTRIES} timeline entries, ${ALERTS} alerts, n=${n}):`,
    );
    printTable([baseline, whole]);
    console.log(
      `   target: p95 ≤ 300 ms over a year — ${whole.p95Ms <= 300 ? "met" : "NOT met"} (${whole.p95Ms.toFixed(0)} ms)`,
    );
    await handle.close();
  } finally {
    pg.stop();
  }
}
