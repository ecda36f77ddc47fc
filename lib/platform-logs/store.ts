// Where platform log lines live: their own partitioned table, apart from tenant logs, on the shared log
// machinery (lib/logs/partitioned.ts). Reads are platform-wide (no scope); the neighbours of a line are
// the lines of the same node.
import "server-only";
import { and, eq, gte, inArray, lt, Param, sql, type SQL } from "drizzle-orm";
import { dbHandle, type Db } from "@/lib/db/client";
import { platformLogLines, platformLogSources } from "@/lib/db/schema";
import type { LogLevel } from "@/lib/logs/levels";
import { likePattern, PartitionedLogTable, sourceSpans, tsText, type LogStore, type TableSpec, type Window } from "@/lib/logs/partitioned";
import { ClickHouseLogTable, type ClickHouseSpec } from "@/lib/logs/clickhouse/table";
import { clickhouseTarget } from "@/lib/logs/clickhouse/target";
import { platformLogLimits } from "@/lib/logs/limits";
import type { PlatformLogEntry, PlatformLogLine } from "./contract";

export interface PlatformSelector {
  components: string[];
  regions: string[];
  nodes: string[];
  hosts: string[];
  orgs: string[];
  requestIds: string[];
  traceIds: string[];
  errorClasses: string[];
  levels: LogLevel[] | null;
  q?: string;
}

export type PlatformLogStore = LogStore<PlatformSelector, PlatformLogLine, PlatformLogEntry>;

const t = platformLogLines;
const text = (v: unknown) => (v as string | null) ?? null;

/** Records where platform lines come from (component, region, node, host) and when, from rows with those columns and ts. */
const upsertSources = (from: SQL) => sql`
  INSERT INTO platform_log_sources (component, region, node_id, host_id, first_seen, last_seen)
  SELECT component, region, node_id, coalesce(host_id, ''), min(ts), max(ts) FROM ${from}
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (component, region, node_id, host_id) DO UPDATE
    SET first_seen = least(platform_log_sources.first_seen, excluded.first_seen), last_seen = greatest(platform_log_sources.last_seen, excluded.last_seen)`;

export const platformSpec: TableSpec<PlatformSelector, PlatformLogLine, PlatformLogEntry> = {
  table: t,
  parent: "platform_log_lines",
  sequence: "platform_log_lines_id_seq",
  ts: t.ts,
  id: t.id,
  columns: {
    id: t.id,
    tsText: tsText(t.ts),
    component: t.component,
    region: t.region,
    nodeId: t.nodeId,
    hostId: t.hostId,
    level: t.level,
    message: t.message,
    requestId: t.requestId,
    traceId: t.traceId,
    errorClass: t.errorClass,
    orgId: t.orgId,
    appId: t.appId,
    envId: t.envId,
    instanceId: t.instanceId,
    routeId: t.routeId,
    releaseId: t.releaseId,
    attrs: t.attrs,
  },
  toLine: (r) => ({
    id: String(r.id),
    ts: r.tsText as string,
    component: r.component as string,
    region: r.region as string,
    node_id: r.nodeId as string,
    host_id: text(r.hostId),
    level: r.level as LogLevel,
    message: r.message as string,
    request_id: text(r.requestId),
    trace_id: text(r.traceId),
    error_class: text(r.errorClass),
    org_id: text(r.orgId),
    app_id: text(r.appId),
    env_id: text(r.envId),
    instance_id: text(r.instanceId),
    route_id: text(r.routeId),
    release_id: text(r.releaseId),
    attrs: (r.attrs as Record<string, unknown> | null) ?? null,
  }),
  json: {
    id: sql<string>`${t.id}::text`.as("id"),
    ts: sql<string>`${tsText(t.ts)}`.as("ts"),
    component: sql`${t.component}`.as("component"),
    region: sql`${t.region}`.as("region"),
    node_id: sql`${t.nodeId}`.as("node_id"),
    host_id: sql`${t.hostId}`.as("host_id"),
    level: sql`${t.level}`.as("level"),
    message: sql`${t.message}`.as("message"),
    request_id: sql`${t.requestId}`.as("request_id"),
    trace_id: sql`${t.traceId}`.as("trace_id"),
    error_class: sql`${t.errorClass}`.as("error_class"),
    org_id: sql`${t.orgId}`.as("org_id"),
    app_id: sql`${t.appId}`.as("app_id"),
    env_id: sql`${t.envId}`.as("env_id"),
    instance_id: sql`${t.instanceId}`.as("instance_id"),
    route_id: sql`${t.routeId}`.as("route_id"),
    release_id: sql`${t.releaseId}`.as("release_id"),
    attrs: sql`${t.attrs}`.as("attrs"),
  },
  where(s) {
    const where: SQL[] = [];
    if (s.components.length) where.push(inArray(t.component, s.components));
    if (s.regions.length) where.push(inArray(t.region, s.regions));
    if (s.nodes.length) where.push(inArray(t.nodeId, s.nodes));
    if (s.hosts.length) where.push(inArray(t.hostId, s.hosts));
    if (s.orgs.length) where.push(inArray(t.orgId, s.orgs));
    if (s.requestIds.length) where.push(inArray(t.requestId, s.requestIds));
    if (s.traceIds.length) where.push(inArray(t.traceId, s.traceIds));
    if (s.errorClasses.length) where.push(inArray(t.errorClass, s.errorClasses));
    if (s.levels) where.push(inArray(t.level, s.levels));
    if (s.q) where.push(sql`${t.message} ilike ${likePattern(s.q)}`);
    return where;
  },
  scope: () => [],
  near: (line) => [eq(t.nodeId, line.node_id)],
  // One writer at a time for the whole table: platform ids grow in commit order for tails and resumes.
  lockKeys: () => ["platform_log_lines"],
  entryTs: (e) => e.ts,
  async insert(tx, entries) {
    const col = <T,>(f: (e: PlatformLogEntry) => T) => new Param(entries.map(f));
    const opt = (f: (e: PlatformLogEntry) => string | null | undefined) => col((e) => f(e) ?? null);
    const result = await tx.execute<{ min: string; max: string; n: string }>(sql`
      WITH ins AS (
        INSERT INTO platform_log_lines (ts, component, region, node_id, host_id, level, message, request_id, trace_id, error_class, org_id, app_id, env_id, instance_id, route_id, release_id, attrs)
        SELECT * FROM unnest(
          ${col((e) => e.ts)}::timestamptz[], ${col((e) => e.component)}::text[], ${col((e) => e.region)}::text[], ${col((e) => e.node_id)}::text[],
          ${opt((e) => e.host_id)}::text[], ${col((e) => e.level)}::text[], ${col((e) => e.message)}::text[], ${opt((e) => e.request_id)}::text[],
          ${opt((e) => e.trace_id)}::text[], ${opt((e) => e.error_class)}::text[], ${opt((e) => e.org_id)}::text[], ${opt((e) => e.app_id)}::text[],
          ${opt((e) => e.env_id)}::text[], ${opt((e) => e.instance_id)}::text[], ${opt((e) => e.route_id)}::text[], ${opt((e) => e.release_id)}::text[],
          ${col((e) => (e.attrs ? JSON.stringify(e.attrs) : null))}::jsonb[])
        RETURNING id, ts, component, region, node_id, host_id
      ),
      sources AS (${upsertSources(sql`ins`)})
      SELECT min(id)::text AS min, max(id)::text AS max, count(*)::text AS n FROM ins`);
    const row = (result as unknown as { rows: { min: string; max: string; n: string }[] }).rows[0]!;
    return [{ scope: null, min: Number(row.min), max: Number(row.max), n: Number(row.n) }];
  },
  async upsertSources(tx, entries) {
    const spans = sourceSpans(entries, (e) => [e.component, e.region, e.node_id, e.host_id ?? null], (e) => e.ts);
    const [component, region, node, host] = spans.keys.map((k) => new Param(k));
    await tx.execute(sql`
      WITH src AS (
        SELECT * FROM unnest(${new Param(spans.ts)}::timestamptz[], ${component}::text[], ${region}::text[], ${node}::text[], ${host}::text[])
          AS s(ts, component, region, node_id, host_id)
      )
      ${upsertSources(sql`src`)}`);
  },
  async facets(database: Db, _scope, w: Window) {
    const rows = await database
      .select({ component: platformLogSources.component, region: platformLogSources.region, node: platformLogSources.nodeId, host: platformLogSources.hostId })
      .from(platformLogSources)
      .where(and(gte(platformLogSources.lastSeen, w.start), lt(platformLogSources.firstSeen, w.end)))
      .limit(20_000);
    const uniq = (k: "component" | "region" | "node" | "host") => [...new Set(rows.map((r) => r[k]).filter(Boolean))].sort();
    return { components: uniq("component"), regions: uniq("region"), nodes: uniq("node"), hosts: uniq("host") };
  },
  async dropSources(database, day) {
    await database.delete(platformLogSources).where(lt(platformLogSources.lastSeen, day));
  },
};

/** The table in ClickHouse: platform-wide reads, so sorted by time; components, regions and nodes are few. */
export const platformClickHouse: ClickHouseSpec<PlatformSelector, PlatformLogLine, PlatformLogEntry> = {
  pg: platformSpec,
  table: "platform_log_lines",
  columns: [
    ["component", "LowCardinality(String)"],
    ["region", "LowCardinality(String)"],
    ["node_id", "LowCardinality(String)"],
    ["host_id", "LowCardinality(Nullable(String))"],
    ["level", "LowCardinality(String)"],
    ["message", "String CODEC(ZSTD(3))"],
    ["request_id", "Nullable(String)"],
    ["trace_id", "Nullable(String)"],
    ["error_class", "LowCardinality(Nullable(String))"],
    ["org_id", "LowCardinality(Nullable(String))"],
    ["app_id", "LowCardinality(Nullable(String))"],
    ["env_id", "LowCardinality(Nullable(String))"],
    ["instance_id", "Nullable(String)"],
    ["route_id", "LowCardinality(Nullable(String))"],
    ["release_id", "LowCardinality(Nullable(String))"],
    ["attrs", "String CODEC(ZSTD(3))"],
  ],
  orderBy: "(ts, id)",
  indexes: [
    "message_ngrams lowerUTF8(message) TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1",
    "request_ids request_id TYPE bloom_filter(0.01) GRANULARITY 1",
    "trace_ids trace_id TYPE bloom_filter(0.01) GRANULARITY 1",
    "ids id TYPE minmax GRANULARITY 1",
  ],
  shardBy: "rand()",
  retentionDays: (e) => platformLogLimits(e).retention_days,
  scopeOf: () => null,
  row: (e) => ({
    component: e.component,
    region: e.region,
    node_id: e.node_id,
    host_id: e.host_id ?? null,
    level: e.level,
    message: e.message,
    request_id: e.request_id ?? null,
    trace_id: e.trace_id ?? null,
    error_class: e.error_class ?? null,
    org_id: e.org_id ?? null,
    app_id: e.app_id ?? null,
    env_id: e.env_id ?? null,
    instance_id: e.instance_id ?? null,
    route_id: e.route_id ?? null,
    release_id: e.release_id ?? null,
    attrs: e.attrs ? JSON.stringify(e.attrs) : "",
  }),
  where(s, b) {
    const where: string[] = [];
    b.anyOf(where, "component", s.components);
    b.anyOf(where, "region", s.regions);
    b.anyOf(where, "node_id", s.nodes);
    b.anyOf(where, "host_id", s.hosts);
    b.anyOf(where, "org_id", s.orgs);
    b.anyOf(where, "request_id", s.requestIds);
    b.anyOf(where, "trace_id", s.traceIds);
    b.anyOf(where, "error_class", s.errorClasses);
    if (s.levels) where.push(`level IN ${b.bind(s.levels, "Array(String)")}`);
    b.contains(where, s.q);
    return where.length ? where : ["1"];
  },
  scope: () => ["1"],
  near: (line, b) => [`node_id = ${b.bind(line.node_id, "String")}`],
};

const g = globalThis as unknown as { __opsConsolePlatformLogStore?: { handle: unknown; target: unknown; store: PlatformLogStore } };

/** The process's platform log store (rebuilt when the database handle or the log store changes). */
export function platformLogStore(): PlatformLogStore {
  const handle = dbHandle();
  const target = clickhouseTarget();
  if (!g.__opsConsolePlatformLogStore || g.__opsConsolePlatformLogStore.handle !== handle || g.__opsConsolePlatformLogStore.target !== target) {
    g.__opsConsolePlatformLogStore = { handle, target, store: target ? new ClickHouseLogTable(platformClickHouse, target) : new PartitionedLogTable(platformSpec) };
  }
  return g.__opsConsolePlatformLogStore.store;
}
