// Where kept spans live, whatever the engine: the SpanStore a trace read, a search, the services and the
// dependency graph go through, and its Postgres/PGlite table (trace_spans, partitioned by day through the
// kinds' partition functions, lib/kinds/postgres). Spans are not log lines — no id sequence, no live tail,
// no sources table, a duration and nested events and links — so they have this small store of their own
// beside lib/kinds', sharing its partitions, ClickHouse target and retention job.
import "server-only";
import { Param, sql, type SQL } from "drizzle-orm";
import { db, dbHandle, selectRows, type Db, type Tx } from "@/lib/db/client";
import { clickhouseTarget } from "@/lib/kinds/clickhouse/target";
import { DAY_MS, type Window } from "@/lib/kinds/store";
import { dropDayPartitions, ensureDayPartitions } from "@/lib/kinds/postgres";
import type { Span } from "./contract";
import { ClickHouseSpanStore } from "./clickhouse";

export const SPANS_TABLE = "trace_spans";

export type { SearchAfter, SpanFilter, SpanStore, SummarySpan } from "./span-store";
import type { SearchAfter, SpanFilter, SpanStore, SummarySpan } from "./span-store";

/** Operations listed per service at most. */
export const MAX_OPERATIONS = 200;

const array = (values: unknown[]) => new Param(values);
const TS_TEXT = sql`to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const SPAN_COLUMNS = sql`trace_id, span_id, parent_span_id, name, kind, service, component, region, node_id,
  ${TS_TEXT} as start, duration_ms, status, status_message, attributes, coalesce(events, '[]'::jsonb) as events,
  coalesce(links, '[]'::jsonb) as links, request_id, org_id`;

export class PostgresSpanStore implements SpanStore {
  private known = new Set<string>();
  constructor(private readonly database: () => Db = db) {}

  prepare(starts: string[]) {
    const days = new Set(starts.map((s) => Math.floor(Date.parse(s) / DAY_MS) * DAY_MS));
    return ensureDayPartitions(this.database(), SPANS_TABLE, this.known, days);
  }

  async insert(spans: Span[], tx?: Tx): Promise<void> {
    if (!spans.length) return;
    if (!tx) await this.prepare(spans.map((s) => s.start));
    const text = (f: (s: Span) => string | null) => sql`${array(spans.map(f))}::text[]`;
    // Most spans have no events or links: those are stored as null, not as an empty array to parse.
    const json = (f: (s: Span) => unknown[] | Record<string, unknown>) =>
      sql`${array(
        spans.map((s) => {
          const v = f(s);
          return Array.isArray(v) && !v.length ? null : JSON.stringify(v);
        }),
      )}::jsonb[]`;
    await (tx ?? this.database()).execute(
      sql`insert into trace_spans (trace_id, span_id, parent_span_id, name, kind, service, component, region, node_id,
          ts, duration_ms, status, status_message, attributes, events, links, request_id, org_id)
        select * from unnest(${text((s) => s.trace_id)}, ${text((s) => s.span_id)}, ${text((s) => s.parent_span_id)},
          ${text((s) => s.name)}, ${text((s) => s.kind)}, ${text((s) => s.service)}, ${text((s) => s.component)},
          ${text((s) => s.region)}, ${text((s) => s.node_id)}, ${text((s) => s.start)}::timestamptz[],
          ${array(spans.map((s) => s.duration_ms))}::float8[], ${text((s) => s.status)}, ${text((s) => s.status_message)},
          ${json((s) => s.attributes)}, ${json((s) => s.events)}, ${json((s) => s.links)},
          ${text((s) => s.request_id)}, ${text((s) => s.org_id)})
        on conflict (trace_id, span_id, ts) do nothing`,
    );
  }

  async trace(traceId: string, max: number): Promise<Span[]> {
    return selectRows<Span>(
      this.database(),
      sql`select ${SPAN_COLUMNS} from trace_spans where trace_id = ${traceId} order by ts, span_id limit ${max}`,
    );
  }

  private where(f: SpanFilter, w: Window, alias = sql``): SQL[] {
    const c = (name: string) => sql`${alias}${sql.identifier(name)}`;
    const where = [
      sql`${c("ts")} >= ${w.start.toISOString()}::timestamptz`,
      sql`${c("ts")} < ${w.end.toISOString()}::timestamptz`,
    ];
    if (f.service) where.push(sql`${c("service")} = ${f.service}`);
    if (f.operation) where.push(sql`${c("name")} = ${f.operation}`);
    if (f.status === "error") where.push(sql`${c("status")} = 'error'`);
    if (f.minDurationMs !== undefined) where.push(sql`${c("duration_ms")} >= ${f.minDurationMs}`);
    if (f.region) where.push(sql`${c("region")} = ${f.region}`);
    if (f.org) where.push(sql`${c("org_id")} = ${f.org}`);
    return where;
  }

  async search(f: SpanFilter, w: Window, after: SearchAfter | null, limit: number) {
    const where = this.where(f, w, sql`s.`);
    // Without an error: no span of the trace failed (its spans are found by the trace index).
    if (f.status === "ok")
      where.push(sql`not exists (select 1 from trace_spans e where e.trace_id = s.trace_id and e.status = 'error')`);
    const having = after ? sql`having (max(s.ts), s.trace_id) < (${after.ts}::timestamptz, ${after.traceId})` : sql``;
    return selectRows<{ trace_id: string; at: string }>(
      this.database(),
      sql`select s.trace_id, to_char(max(s.ts) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
        from trace_spans s where ${sql.join(where, sql` and `)}
        group by s.trace_id ${having} order by max(s.ts) desc, s.trace_id desc limit ${limit}`,
    );
  }

  async summaries(traceIds: string[]): Promise<SummarySpan[]> {
    if (!traceIds.length) return [];
    const rows = await selectRows<Omit<SummarySpan, "start_ms"> & { start: string }>(
      this.database(),
      sql`select trace_id, ${TS_TEXT} as start, duration_ms, service, name, status, parent_span_id is null as root
        from trace_spans where trace_id = any(${array(traceIds)}::text[])`,
    );
    return rows.map(({ start, ...r }) => ({ ...r, start_ms: Date.parse(start), duration_ms: Number(r.duration_ms) }));
  }

  async services(w: Window) {
    return selectRows<{ service: string; operations: string[] }>(
      this.database(),
      sql`select service, (array_agg(distinct name order by name))[1:${sql.raw(String(MAX_OPERATIONS))}] as operations
        from trace_spans where ${sql.join(this.where({}, w), sql` and `)} group by service order by service`,
    );
  }

  async dependencies(w: Window) {
    const rows = await selectRows<{ parent: string; child: string; calls: string; errors: string }>(
      this.database(),
      sql`select p.service as parent, c.service as child, count(*)::text as calls,
          count(*) filter (where c.status = 'error')::text as errors
        from trace_spans c join trace_spans p on p.trace_id = c.trace_id and p.span_id = c.parent_span_id
        where ${sql.join(this.where({}, w, sql`c.`), sql` and `)} and c.parent_span_id is not null
          and p.service <> c.service
        group by 1, 2 order by 1, 2`,
    );
    return rows.map((r) => ({ ...r, calls: Number(r.calls), errors: Number(r.errors) }));
  }

  dropBefore(day: Date) {
    return dropDayPartitions(this.database(), SPANS_TABLE, this.known, day);
  }
}

declare global {
  var __opsConsoleSpanStore: { key: unknown; store: SpanStore } | undefined;
}

/**
 * The process's span store: in ClickHouse when the log store is, else the console's database. On a
 * ClickHouse cluster spans stay in the console's database for now (no Distributed spans table yet).
 */
export function spanStore(): SpanStore {
  const ch = clickhouseTarget();
  const target = ch?.cluster ? null : ch;
  const key = target ?? dbHandle();
  const hit = globalThis.__opsConsoleSpanStore;
  if (hit?.key === key) return hit.store;
  const store = target ? new ClickHouseSpanStore(target) : new PostgresSpanStore();
  globalThis.__opsConsoleSpanStore = { key, store };
  return store;
}
