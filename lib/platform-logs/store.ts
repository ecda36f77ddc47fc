// Where platform log lines live: their own partitioned table, apart from tenant logs, on the shared log
// machinery (lib/logs/partitioned.ts). Reads are platform-wide (no scope); the neighbours of a line are
// the lines of the same node.
import "server-only";
import { and, gte, lt, Param, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { platformLogLines, platformLogSources } from "@/lib/db/schema";
import { sourceSpans, tsText, type LogStore, type TableSpec, type Window } from "@/lib/logs/partitioned";
import { LOG_INDEXES, type ClickHouseSpec } from "@/lib/logs/clickhouse/table";
import { logStoreFor } from "@/lib/logs/clickhouse/target";
import { platformLogLimits } from "@/lib/logs/limits";
import type { PlatformLogEntry, PlatformLogLine } from "./contract";
import { type LogLevel } from "@/lib/vocabulary";

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
  // No scope: one writer at a time for the whole table, so platform ids grow in commit order for tails and resumes.
  scopeColumn: null,
  selectorScope: () => null,
  lists: [
    ["components", t.component],
    ["regions", t.region],
    ["nodes", t.nodeId],
    ["hosts", t.hostId],
    ["orgs", t.orgId],
    ["requestIds", t.requestId],
    ["traceIds", t.traceId],
    ["errorClasses", t.errorClass],
  ],
  nearColumn: t.nodeId,
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
  indexes: LOG_INDEXES,
  shardBy: "rand()",
  retentionDays: (e) => platformLogLimits(e).retention_days,
};

/** The process's platform log store (rebuilt when the database handle or the log store changes). */
export const platformLogStore = (): PlatformLogStore => logStoreFor(platformClickHouse);
