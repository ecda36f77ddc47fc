// Alerts and handoffs, in process on the embedded engine (PGlite, in memory):
// 1. Alertmanager webhook intake: payloads of 100 alerts (new fingerprints, then repeats) through the
//    route handler with a bearer token — alerts/s and p99 per payload; baseline: the same payload through
//    the handler's parsing only (a 400 for a missing field) in the same run;
// 2. the handoff page's API (GET /api/v1/handoffs/{id}) with 50 open incidents and 500 open tickets, p95;
// 3. a sustained 1,000 alerts a minute (a payload of 100 every 6 s, new, repeated and resolved) for a
//    minute: every payload's time, against the 6 s it has;
// 4. the dashboards list with every panel's state (no data included) and every alert rule's state now, on
//    the simulator with the demo's scenarios (run the same list on an older build for "today's" figure);
// 5. routing on a Postgres server of the bench's own: the escalation sweep with 10,000 open alerts across four
//    severities and 20 team rotations (a pass with nothing due as the baseline, and passes with 100 alerts due),
//    and Alertmanager webhooks of 100 alerts routed to their owners, p95.
//    `npm run bench -- alerts routing` runs this part only.
import { sql } from "drizzle-orm";
import { openDb } from "../../lib/db/client";
import { benchCookie, benchDatabase, benchPostgres, benchToken, measure, printTable, type Figures } from "./lib";

export default async function alertsBench(args: string[]) {
  if (args[0] === "routing") return routingBench();
  const n = Number(args[0] ?? 60);
  process.env.SIMULATOR_ANCHOR = new Date().toISOString();
  const handle = await benchDatabase();
  const { POST: intake } = await import("../../app/api/v1/alerts/alertmanager/route");
  const { GET: getHandoff } = await import("../../app/api/v1/handoffs/[id]/route");
  const { POST: declare } = await import("../../app/api/v1/incidents/route");
  const { actorFromSessionToken } = await import("../../lib/auth/actor");
  const { createHandoff } = await import("../../lib/handoffs/lifecycle");

  const cookie = await benchCookie("usr_oncall");
  const actor = (await actorFromSessionToken(cookie.split("=")[1]))!;
  const token = { secret: await benchToken("usr_oncall", ["alerts:write"], "alertmanager") };
  const auth = { authorization: `Bearer ${token.secret}`, "content-type": "application/json" };
  const ctx = { params: Promise.resolve({}) };
  let batch = 0;
  const payload = (fresh: boolean, broken = false) => ({
    version: "4",
    groupKey: '{}:{alertname="bench"}',
    status: "firing",
    receiver: "ops-console",
    groupLabels: {},
    commonLabels: { alertname: "BenchAlert" },
    commonAnnotations: {},
    alerts: Array.from({ length: 100 }, (_, i) => ({
      status: "firing",
      labels: { alertname: "BenchAlert", severity: i % 10 === 0 ? "page" : "warning", instance: `host-${i}` },
      annotations: { summary: `bench ${i}`, runbook_url: "/runbooks/host-down" },
      startsAt: new Date().toISOString(),
      endsAt: "0001-01-01T00:00:00Z",
      ...(broken && i === 99 ? {} : { fingerprint: fresh ? `b${batch}-${i}` : `repeat-${i}` }),
    })),
  });
  const send = async (body: unknown, expect: number) => {
    const res = await intake(
      new Request("http://bench/api/v1/alerts/alertmanager", {
        method: "POST",
        headers: auth,
        body: JSON.stringify(body),
      }),
      ctx,
    );
    if (res.status !== expect) throw new Error(`intake ${res.status}: ${await res.text()}`);
    await res.text();
  };
  const rows = [
    await measure(
      "baseline: 100-alert payload refused at validation (400)",
      n,
      () => send(payload(true, true), 400),
      5,
    ),
    await measure("intake: 100 new alerts per payload", n, () => (batch++, send(payload(true), 200)), 5),
    await measure("intake: 100 repeats per payload (count + last seen)", n, () => send(payload(false), 200), 5),
  ];
  console.log(`\n1. Alertmanager webhook intake, payloads of 100 alerts (n=${n}):`);
  printTable(rows);
  for (const r of rows.slice(1))
    console.log(`   ${r.name}: ${(r.opsPerSec * 100).toFixed(0)} alerts/s, p99 ${r.p99Ms.toFixed(1)} ms per payload`);

  // 50 open incidents and 500 open tickets.
  for (let i = 0; i < 50; i++) {
    const res = await declare(
      new Request("http://bench/api/v1/incidents", {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ title: `bench incident ${i}`, severity: i % 5 === 0 ? "sev1" : "sev3" }),
      }),
      ctx,
    );
    if (res.status !== 201) throw new Error(`declare ${res.status}`);
  }
  const { db } = await import("../../lib/db/client");
  const { alerts } = await import("../../lib/db/schema");
  const { eq } = await import("drizzle-orm");
  const { inArray } = await import("drizzle-orm");
  await db().update(alerts).set({ status: "resolved" });
  const tickets = await db().select({ id: alerts.id }).from(alerts).where(eq(alerts.kind, "ticket")).limit(500);
  await db()
    .update(alerts)
    .set({ status: "firing" })
    .where(
      inArray(
        alerts.id,
        tickets.map((t) => t.id),
      ),
    );
  const open = await db().$count(alerts, eq(alerts.status, "firing"));
  const { handoff } = await createHandoff(actor, { incoming_id: "usr_ic" });
  const params = { params: Promise.resolve({ id: handoff.id }) };
  const view = await measure(
    `GET /api/v1/handoffs/{id}: ${50 + 1} open incidents, ${open} open tickets`,
    Math.max(20, Math.floor(n / 2)),
    async () => {
      const res = await getHandoff(
        new Request(`http://bench/api/v1/handoffs/${handoff.id}`, { headers: { cookie } }),
        params,
      );
      if (res.status !== 200) throw new Error(`handoff ${res.status}`);
      await res.text();
    },
    3,
  );
  console.log("\n2. The handoff page's API:");
  printTable([view]);

  // 3. 1,000 alerts a minute for a minute: ten payloads of 100 (new, repeats, resolutions) every minute.
  const mixed = (k: number) => ({
    ...payload(false),
    alerts: Array.from({ length: 100 }, (_, i) => ({
      status: k % 3 === 2 && i % 2 ? "resolved" : "firing",
      labels: {
        alertname: `Sustained${i % 20}`,
        severity: i % 10 === 0 ? "page" : "warning",
        service: `svc-${i % 7}`,
        region: "eu-west",
        instance: `h-${i}`,
      },
      annotations: { summary: `sustained ${i}`, runbook_url: "/runbooks/host-down" },
      fingerprint: `sus-${k % 5}-${i}`,
    })),
  });
  const sustained: number[] = [];
  const started = performance.now();
  for (let k = 0; k < 10; k++) {
    const due = started + k * 6000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const t = performance.now();
    await send(mixed(k), 200);
    sustained.push(performance.now() - t);
  }
  sustained.sort((a, b) => a - b);
  console.log(
    `\n3. Sustained 1,000 alerts a minute (10 payloads of 100, one every 6 s): p50 ${sustained[5]!.toFixed(1)} ms, p95 ${sustained[9]!.toFixed(1)} ms per payload — ${(6000 / sustained[9]!).toFixed(0)}× headroom on the slowest`,
  );

  // 4. The dashboards list with states, and every rule's state.
  const { GET: listDashboards } = await import("../../app/api/v1/dashboards/route");
  const { GET: ruleStates } = await import("../../app/api/v1/alert-rules/state/route");
  const get = (route: typeof listDashboards, url: string) => async () => {
    const res = await route(new Request(url, { headers: { cookie } }), ctx);
    if (res.status !== 200) throw new Error(`${url} ${res.status}`);
    await res.text();
  };
  const states = [
    await measure(
      "GET /api/v1/dashboards?status=true (every panel's state, no data included)",
      30,
      get(listDashboards, "http://bench/api/v1/dashboards?status=true"),
      3,
    ),
    await measure(
      "GET /api/v1/alert-rules/state (every rule, on the simulator; cached a minute)",
      30,
      get(ruleStates, "http://bench/api/v1/alert-rules/state"),
      1,
    ),
  ];
  const { ruleStates: evaluateRules } = await import("../../lib/metrics/rule-state");
  const { metricsSource } = await import("../../lib/metrics/sources");
  const source = await metricsSource();
  let minute = Date.now();
  states.push(
    await measure(
      "rule states evaluated afresh (a new minute each time)",
      10,
      async () => evaluateRules(source, (minute += 60_000)),
      1,
    ),
  );
  console.log("\n4. States now, on the simulator with the demo's scenarios:");
  printTable(states);
  await handle.close();
  await routingBench();
}

/** Figures from samples timed by hand (work between samples not timed). */
function timed(name: string, samples: number[]): Figures {
  const xs = [...samples].sort((a, b) => a - b);
  const pct = (p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const total = xs.reduce((a, b) => a + b, 0);
  return {
    name,
    n: xs.length,
    opsPerSec: (xs.length * 1000) / total,
    p50Ms: pct(0.5),
    p95Ms: pct(0.95),
    p99Ms: pct(0.99),
  };
}

/** 5. The escalation sweep and owner routing on Postgres, at 10,000 open alerts and 20 rotations. */
async function routingBench() {
  const TEAMS = 20;
  const OPEN = 10_000;
  const DUE = 100;
  const PASSES = 20;
  const step = (what: string) => console.log(`   … ${what} (${new Date().toISOString().slice(11, 19)})`);
  const pg = await benchPostgres();
  step("Postgres started");
  try {
    const handle = await benchDatabase(openDb({ databaseUrl: pg.url, poolSize: 8 }));
    step("migrated and seeded");
    const { db } = await import("../../lib/db/client");
    const { alerts, oncallSchedules, serviceCatalog, teams, users } = await import("../../lib/db/schema");
    const { escalateDue } = await import("../../lib/escalation");
    const { POST: intake } = await import("../../app/api/v1/alerts/alertmanager/route");
    const { ALERT_SEVERITIES } = await import("../../lib/vocabulary");
    // 20 teams, each with a three-layer rotation of its own people and a service of its own in the catalog.
    const people = Array.from({ length: TEAMS * 3 }, (_, i) => ({
      id: `usr_bench_${i}`,
      email: `bench${i}@bench.local`,
      name: `Bench ${i}`,
      role: "operator" as const,
    }));
    await db().insert(users).values(people);
    const team = (t: number) => `team-${t}`;
    await db()
      .insert(teams)
      .values(Array.from({ length: TEAMS }, (_, t) => ({ id: team(t), name: `Team ${t}` })));
    await db()
      .insert(oncallSchedules)
      .values(
        Array.from({ length: TEAMS }, (_, t) => ({
          team: team(t),
          version: 1,
          layers: (["primary", "secondary", "tertiary"] as const).map((layer, k) => ({
            layer,
            rotation: "weekly" as const,
            start_date: "2026-01-05",
            handoff_time: "09:00",
            time_zone: "UTC",
            people: [people[t * 3 + k]!.id],
          })),
        })),
      );
    await db()
      .insert(serviceCatalog)
      .values({
        version: 100, // over the demo's catalog
        entries: Array.from({ length: TEAMS }, (_, t) => ({
          service: `svc-${t}`,
          team: team(t),
          runbooks: [],
          dashboards: [],
          slos: [],
        })),
      });
    // 10,000 open alerts across four severities and 20 owners, none due: their next steps lie ahead.
    const now = Date.now();
    for (let b = 0; b < OPEN / 1000; b++)
      await db()
        .insert(alerts)
        .values(
          Array.from({ length: 1000 }, (_, j) => {
            const i = b * 1000 + j;
            return {
              id: `alr_bench_${i}`,
              fingerprint: `bench-open-${i}`,
              name: `BenchOpen${i % 50}`,
              kind: i % 4 === 0 ? ("page" as const) : ("ticket" as const),
              pagerEligible: i % 4 === 0,
              status: "firing" as const,
              labels: { alertname: `BenchOpen${i % 50}`, service: `svc-${i % TEAMS}`, region: `r${i % 7}` },
              annotations: { summary: `bench ${i}` },
              severity: ALERT_SEVERITIES[i % 4]!,
              team: team(i % TEAMS),
              firedAt: new Date(now - 60_000 - i * 1000),
              nextDueAt: new Date(now + 3_600_000),
            };
          }),
        );
    step(`${OPEN} open alerts loaded`);
    const passes = async (due: number) => {
      const out: number[] = [];
      for (let p = 0; p < PASSES; p++) {
        if (due)
          await db().execute(
            sql`update alerts set next_due_at = now() - interval '1 second' where id in (select id from alerts where fingerprint like 'bench-open-%' and next_due_at > now() order by id limit ${due})`,
          );
        const t = performance.now();
        await escalateDue("https://bench", Date.now());
        out.push(performance.now() - t);
      }
      step(`${PASSES} passes with ${due} due`);
      return out;
    };
    const rows = [
      timed(`baseline: a pass with ${OPEN.toLocaleString()} open alerts, none due`, await passes(0)),
      timed(
        `a pass with ${OPEN.toLocaleString()} open alerts, 10 due (each claimed, notified, audited)`,
        await passes(10),
      ),
      timed(`a pass with ${OPEN.toLocaleString()} open alerts, ${DUE} due`, await passes(DUE)),
    ];
    // Webhooks of 100 new alerts for 20 services with owners (and some without), routed at intake.
    const token = await benchToken("usr_oncall", ["alerts:write"], "alertmanager-routing");
    let k = 0;
    const routeBatch = async () => {
      const body = {
        version: "4",
        groupKey: "routing",
        status: "firing",
        receiver: "ops-console",
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        alerts: Array.from({ length: 100 }, (_, i) => ({
          status: "firing",
          labels: {
            alertname: `Routed${i % 10}`,
            severity: ["page", "error", "warning", "info"][i % 4]!,
            service: i % 10 === 9 ? `unowned-${i}` : `svc-${i % TEAMS}`,
            region: `r${i % 7}`,
          },
          annotations: { summary: `routed ${i}` },
          startsAt: new Date().toISOString(),
          endsAt: "0001-01-01T00:00:00Z",
          fingerprint: `route-${k}-${i}`,
        })),
      };
      k++;
      const res = await intake(
        new Request("http://bench/api/v1/alerts/alertmanager", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );
      if (res.status !== 200) throw new Error(`intake ${res.status}: ${await res.text()}`);
      await res.text();
    };
    rows.push(await measure("Alertmanager webhook of 100 alerts routed to owners (20 teams)", 60, routeBatch, 5));
    const [owned] = await db()
      .execute<{ teams: number; gaps: number }>(
        sql`select count(distinct team)::int as teams, count(*) filter (where owner_gap)::int as gaps from alerts where fingerprint like 'route-%'`,
      )
      .then((r) => (r as unknown as { rows: { teams: number; gaps: number }[] }).rows);
    console.log(`\n5. Routing on Postgres: ${OPEN.toLocaleString()} open alerts, ${TEAMS} team rotations`);
    printTable(rows);
    console.log(
      `   sweep p95 ${rows[0]!.p95Ms.toFixed(1)} ms with none due, ${rows[1]!.p95Ms.toFixed(1)} ms with 10, ${rows[2]!.p95Ms.toFixed(1)} ms with ${DUE} (target ≤ 200); routing p95 ${rows[3]!.p95Ms.toFixed(1)} ms per 100 (target ≤ 100); routed to ${owned?.teams} teams, ${owned?.gaps} ownership gaps`,
    );
    await handle.close();
  } finally {
    pg.stop();
  }
}
