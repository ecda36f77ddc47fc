// The tenant ClickHouse table's sort key, measured: the same generated lines of one org over seven days
// in two chDB tables, one sorted (org_id, ts, id) — the console's — and one (org_id, app_id, env_id, ts, id),
// read in turns through the store (ClickHouseLogTable, the SQL the API runs) in the shapes people ask:
// newest first over the org, scoped by app and env, errors of one app, text and request-id searches,
// a tail's batch by id, and a line's context.
//   npm run bench -- logsort [--lines 20000000] [--queries 30]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { reloadEnv } from "../../lib/env";
import type { LogStore, Selector } from "../../lib/kinds/store";
import { chdbLines, LOG_BENCH_ORG, measurePair, printTable, RARE_TOKEN, type Figures } from "./lib";

const { values: opt } = parseArgs({
  args: process.argv.slice(3),
  options: { lines: { type: "string", default: "20000000" }, queries: { type: "string", default: "30" } },
});
const LINES = Number(opt.lines);
const QUERIES = Number(opt.queries);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const KEYS = ["(org_id, ts, id)", "(org_id, app_id, env_id, ts, id)"] as const;

export default async function logsortBench() {
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-bench-logsort-"));
  process.env.LOG_STORE = "chdb";
  process.env.CHDB_PATH = dir;
  reloadEnv();
  const { clickhouseTarget } = await import("../../lib/kinds/clickhouse/target");
  const { ClickHouseLogTable } = await import("../../lib/kinds/clickhouse/table");
  const { tenantLogs } = await import("../../lib/logs/kind");
  const base = clickhouseTarget()!;
  try {
    const now = Date.now();
    const start = now - 7 * DAY + HOUR;
    const span = 7 * DAY - 2 * HOUR;
    const stores: LogStore[] = [];
    for (const [k, orderBy] of KEYS.entries()) {
      const target = { ...base, database: `bench_sort_${k}` };
      const store = new ClickHouseLogTable(
        { ...tenantLogs, clickhouse: { ...tenantLogs.clickhouse, orderBy } },
        target,
      );
      await store.migrate();
      const lines = chdbLines(target);
      const t = Date.now();
      await lines.load(start, span, LINES, 0, LINES, 1);
      const size = await lines.size();
      console.log(
        `${orderBy}: ${LINES.toLocaleString()} lines in ${((Date.now() - t) / 1000).toFixed(0)} s, ${(size.bytes / 2 ** 20).toFixed(0)} MiB`,
      );
      stores.push(store);
    }

    type Sel = { apps?: string[]; envs?: string[]; requestIds?: string[]; levels?: Selector["levels"]; q?: string };
    const sel = (s: Sel = {}): Selector => ({
      scope: LOG_BENCH_ORG,
      lists: { app: s.apps ?? [], env: s.envs ?? [], request_id: s.requestIds ?? [] },
      levels: s.levels ?? null,
      q: s.q,
    });
    let i = 0;
    const hour = () => {
      const end = start + HOUR + (((i++ * 7919) % 1000) / 1000) * (span - HOUR);
      return { start: new Date(end - HOUR), end: new Date(end) };
    };
    const week = { start: new Date(now - 7 * DAY + 60_000), end: new Date(now) };
    const newest = { order: "desc" as const, limit: 500 };
    const [line] = await stores[0]!.range(sel(), { ...hour(), ...newest, limit: 1 });
    const shapes: [string, (s: (typeof stores)[number]) => Promise<unknown>][] = [
      ["the org over 1 h, newest 500", (s) => s.range(sel(), { ...hour(), ...newest })],
      [
        "app + env over 1 h, newest 500",
        (s) => s.range(sel({ apps: ["web"], envs: ["production"] }), { ...hour(), ...newest }),
      ],
      [
        "errors of one app over 7 d, newest 500",
        (s) => s.range(sel({ apps: ["web"], levels: ["error"] }), { ...week, ...newest }),
      ],
      ["the org over 7 d, newest 500", (s) => s.range(sel(), { ...week, ...newest })],
      ["a rare token over 7 d, newest 500", (s) => s.range(sel({ q: RARE_TOKEN }), { ...week, ...newest })],
      ["a common word over 7 d, newest 500", (s) => s.range(sel({ q: "timeout" }), { ...week, ...newest })],
      ["a request id over 7 d", (s) => s.range(sel({ requestIds: ["0123456789abcdef"] }), { ...week, ...newest })],
      [
        "a tail's batch by id (10,000 ids, app=web)",
        (s) => s.byId(sel({ apps: ["web"] }), { min: LINES - 500_000, max: LINES - 490_000 }, 20_000),
      ],
      ["a line's context (25 + 25)", (s) => s.around(LOG_BENCH_ORG, line!, 25, 25)],
    ];
    const rows: Figures[] = [];
    console.log(`\n== ${LINES.toLocaleString()} lines, p50 / p95 through the store, the two tables in turns`);
    for (const [label, f] of shapes) {
      const [a, b] = await measurePair(
        [`${KEYS[0]}: ${label}`, `${KEYS[1]}: ${label}`],
        QUERIES,
        [() => f(stores[0]!), () => f(stores[1]!)],
        2,
      );
      rows.push(a, b);
      console.log(
        `  ${label}: ${a.p50Ms.toFixed(1)} / ${a.p95Ms.toFixed(1)} ms against ${b.p50Ms.toFixed(1)} / ${b.p95Ms.toFixed(1)} ms — ${(b.p50Ms / a.p50Ms).toFixed(1)}× at p50`,
      );
    }
    console.log();
    printTable(rows);
  } finally {
    await base.transport.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
