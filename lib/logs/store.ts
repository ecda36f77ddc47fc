// Where tenant log lines live. Every query is scoped by the org first, and every index leads with it.
// The Postgres table (PGlite embedded, a Postgres server in production) runs on the shared log
// machinery (./partitioned.ts); with LOG_STORE=chdb or clickhouse the lines live in ClickHouse
// (./clickhouse) behind the same LogStore, and the pickers' streams stay in Postgres.
import "server-only";
import { and, eq, gte, lt, Param, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { logLines, logStreams } from "@/lib/db/schema";
import type { LogEntry, LogLine } from "./contract";
import { sourceSpans, tsText, withoutPosition, type BatchRange, type LogStore, type TableSpec, type Window } from "./partitioned";
import { LOG_INDEXES, type ClickHouseSpec } from "./clickhouse/table";
import { logStoreFor } from "./clickhouse/target";
import { logLimits } from "./limits";
import { type LogLevel } from "@/lib/vocabulary";

export type { LogPosition, Positioned, IngestResult } from "./partitioned";
export { withoutPosition };

export interface LogSelector {
  org: string;
  apps: string[];
  envs: string[];
  processes: string[];
  instances: string[];
  hosts: string[];
  requestIds: string[];
  traceIds: string[];
  levels: LogLevel[] | null;
  q?: string;
}

export type TenantLogStore = LogStore<LogSelector, LogLine, LogEntry>;

const t = logLines;

/** Records streams (org, app, env, process, instance) and when they were seen, from rows with those columns and ts. */
const upsertStreams = (from: SQL) => sql`
  INSERT INTO log_streams (org_id, app_id, env_id, process_type, instance_id, first_seen, last_seen)
  SELECT org_id, app_id, env_id, process_type, instance_id, min(ts), max(ts) FROM ${from}
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, app_id, env_id, process_type, instance_id) DO UPDATE
    SET first_seen = least(log_streams.first_seen, excluded.first_seen), last_seen = greatest(log_streams.last_seen, excluded.last_seen)`;

export const tenantSpec: TableSpec<LogSelector, LogLine, LogEntry> = {
  table: t,
  parent: "log_lines",
  sequence: "log_lines_id_seq",
  ts: t.ts,
  id: t.id,
  columns: {
    id: t.id,
    tsText: tsText(t.ts),
    orgId: t.orgId,
    appId: t.appId,
    envId: t.envId,
    processType: t.processType,
    instanceId: t.instanceId,
    releaseId: t.releaseId,
    hostId: t.hostId,
    level: t.level,
    message: t.message,
    requestId: t.requestId,
    traceId: t.traceId,
    attrs: t.attrs,
  },
  toLine: (r) => ({
    id: String(r.id),
    ts: r.tsText as string,
    org_id: r.orgId as string,
    app_id: r.appId as string,
    env_id: r.envId as string,
    process_type: r.processType as string,
    instance_id: r.instanceId as string,
    release_id: (r.releaseId as string | null) ?? null,
    host_id: (r.hostId as string | null) ?? null,
    level: r.level as LogLevel,
    message: r.message as string,
    request_id: (r.requestId as string | null) ?? null,
    trace_id: (r.traceId as string | null) ?? null,
    attrs: (r.attrs as Record<string, unknown> | null) ?? null,
  }),
  json: {
    id: sql<string>`${t.id}::text`.as("id"),
    ts: sql<string>`${tsText(t.ts)}`.as("ts"),
    org_id: sql`${t.orgId}`.as("org_id"),
    app_id: sql`${t.appId}`.as("app_id"),
    env_id: sql`${t.envId}`.as("env_id"),
    process_type: sql`${t.processType}`.as("process_type"),
    instance_id: sql`${t.instanceId}`.as("instance_id"),
    release_id: sql`${t.releaseId}`.as("release_id"),
    host_id: sql`${t.hostId}`.as("host_id"),
    level: sql`${t.level}`.as("level"),
    message: sql`${t.message}`.as("message"),
    request_id: sql`${t.requestId}`.as("request_id"),
    trace_id: sql`${t.traceId}`.as("trace_id"),
    attrs: sql`${t.attrs}`.as("attrs"),
  },
  scopeColumn: t.orgId,
  selectorScope: (s) => s.org,
  lists: [
    ["apps", t.appId],
    ["envs", t.envId],
    ["processes", t.processType],
    ["instances", t.instanceId],
    ["hosts", t.hostId],
    ["requestIds", t.requestId],
    ["traceIds", t.traceId],
  ],
  nearColumn: t.instanceId,
  entryTs: (e) => e.ts,
  async insert(tx, entries) {
    const col = <T,>(f: (e: LogEntry) => T) => new Param(entries.map(f));
    const result = await tx.execute<{ org: string; min: string; max: string; n: string }>(sql`
      WITH ins AS (
        INSERT INTO log_lines (ts, org_id, app_id, env_id, process_type, instance_id, release_id, host_id, level, message, request_id, trace_id, attrs)
        SELECT * FROM unnest(
          ${col((e) => e.ts)}::timestamptz[], ${col((e) => e.org_id)}::text[], ${col((e) => e.app_id)}::text[],
          ${col((e) => e.env_id)}::text[], ${col((e) => e.process_type)}::text[], ${col((e) => e.instance_id)}::text[],
          ${col((e) => e.release_id ?? null)}::text[], ${col((e) => e.host_id ?? null)}::text[], ${col((e) => e.level)}::text[],
          ${col((e) => e.message)}::text[], ${col((e) => e.request_id ?? null)}::text[], ${col((e) => e.trace_id ?? null)}::text[],
          ${col((e) => (e.attrs ? JSON.stringify(e.attrs) : null))}::jsonb[])
        RETURNING id, ts, org_id, app_id, env_id, process_type, instance_id
      ),
      streams AS (${upsertStreams(sql`ins`)})
      SELECT org_id AS org, min(id)::text AS min, max(id)::text AS max, count(*)::text AS n FROM ins GROUP BY org_id`);
    const rows = (result as unknown as { rows: { org: string; min: string; max: string; n: string }[] }).rows;
    return rows.map((r): BatchRange => ({ scope: r.org, min: Number(r.min), max: Number(r.max), n: Number(r.n) }));
  },
  async upsertSources(tx, entries) {
    const spans = sourceSpans(entries, (e) => [e.org_id, e.app_id, e.env_id, e.process_type, e.instance_id], (e) => e.ts);
    const [org, app, env, proc, instance] = spans.keys.map((k) => new Param(k));
    await tx.execute(sql`
      WITH src AS (
        SELECT * FROM unnest(${new Param(spans.ts)}::timestamptz[], ${org}::text[], ${app}::text[], ${env}::text[], ${proc}::text[], ${instance}::text[])
          AS s(ts, org_id, app_id, env_id, process_type, instance_id)
      )
      ${upsertStreams(sql`src`)}`);
  },
  async facets(database: Db, org: string | null, w: Window) {
    const rows = await database
      .select({ app: logStreams.appId, env: logStreams.envId, process: logStreams.processType, instance: logStreams.instanceId })
      .from(logStreams)
      .where(and(eq(logStreams.orgId, org ?? ""), gte(logStreams.lastSeen, w.start), lt(logStreams.firstSeen, w.end)))
      .limit(20_000);
    const uniq = (k: "app" | "env" | "process" | "instance") => [...new Set(rows.map((r) => r[k]))].sort();
    return { apps: uniq("app"), envs: uniq("env"), processes: uniq("process"), instances: uniq("instance") };
  },
  async dropSources(database, day) {
    // Streams not seen since the cutoff have no lines left.
    await database.delete(logStreams).where(lt(logStreams.lastSeen, day));
  },
};

/**
 * The table in ClickHouse. Sorted by org then time: every read is one org's, newest first, so a query
 * reads one contiguous run of the key in order and stops at its page (app, env and process filters
 * are cheap LowCardinality comparisons inside that run). Text search reads only the granules whose
 * ngram filter can hold the string; request and trace ids have bloom filters; the id's min/max per
 * granule finds a line by id and a tail's batch. Against (org_id, app_id, env_id, ts, id), measured on
 * the same 20 M lines (`npm run bench -- logsort`): within 10% for app + env over an hour and for token
 * and request-id searches, 1.3–11× faster for the rest — the org's newest lines, one app's errors over a
 * week, a word search, a tail's batch, a line's context. See
 * docs/BENCHMARKS.md (logstore, logsort) for the measurements.
 */
export const tenantClickHouse: ClickHouseSpec<LogSelector, LogLine, LogEntry> = {
  pg: tenantSpec,
  table: "log_lines",
  columns: [
    ["org_id", "LowCardinality(String)"],
    ["app_id", "LowCardinality(String)"],
    ["env_id", "LowCardinality(String)"],
    ["process_type", "LowCardinality(String)"],
    ["instance_id", "LowCardinality(String)"],
    ["release_id", "LowCardinality(Nullable(String))"],
    ["host_id", "LowCardinality(Nullable(String))"],
    ["level", "LowCardinality(String)"],
    ["message", "String CODEC(ZSTD(3))"],
    ["request_id", "Nullable(String)"],
    ["trace_id", "Nullable(String)"],
    ["attrs", "String CODEC(ZSTD(3))"],
  ],
  orderBy: "(org_id, ts, id)",
  indexes: LOG_INDEXES,
  shardBy: "cityHash64(org_id)",
  retentionDays: (e) => logLimits(e).retention_days,
};

/** The process's tenant log store (rebuilt when the database handle or the log store changes, e.g. between test files). */
export const logStore = (): TenantLogStore => logStoreFor(tenantClickHouse);
