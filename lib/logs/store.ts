// LogStore: where tenant log lines live. Every method takes the org first and every query is
// scoped by it. The Postgres implementation (PGlite embedded, a Postgres server in production)
// is below; a Loki implementation (LogQL, X-Scope-OrgID = org) can stand beside it.
import "server-only";
import { and, asc, between, desc, eq, gt, gte, inArray, lt, sql, Param, type SQL } from "drizzle-orm";
import { db, dbHandle, type Db } from "@/lib/db/client";
import { logLines, logStreams } from "@/lib/db/schema";
import type { LogLevel } from "@/lib/logs/levels";
import type { LogEntry, LogLine } from "./contract";

export interface LogSelector {
  org: string;
  apps: string[];
  envs: string[];
  processes: string[];
  instances: string[];
  levels: LogLevel[] | null;
  q?: string;
}

export interface LogPosition {
  ts: string;
  id: number;
}

export interface LogRange extends LogSelector {
  start: Date;
  end: Date;
  order: "asc" | "desc";
  limit: number;
  after?: LogPosition;
}

export interface IngestResult {
  accepted: number;
  /** Per org: the id range the batch wrote, for live tails. */
  orgs: { org: string; min: number; max: number; n: number }[];
}

export interface LogFacets {
  apps: string[];
  envs: string[];
  processes: string[];
  instances: string[];
}

export interface LogStore {
  insert(entries: LogEntry[]): Promise<IngestResult>;
  range(r: LogRange): Promise<(LogLine & { pos: LogPosition })[]>;
  /** One page of a range as NDJSON text (built by the database), with where the next page starts. */
  exportPage(r: LogRange): Promise<{ text: string; count: number; last: LogPosition | null }>;
  get(org: string, id: number): Promise<(LogLine & { pos: LogPosition }) | null>;
  around(org: string, line: LogLine & { pos: LogPosition }, before: number, after: number): Promise<{ before: LogLine[]; after: LogLine[] }>;
  /** Lines with ids in [min, max] (a committed batch) or above `after` (and at or after `since`), oldest first. */
  byId(sel: LogSelector, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number): Promise<LogLine[]>;
  facets(org: string, start: Date, end: Date): Promise<LogFacets>;
  dropBefore(day: Date): Promise<string[]>;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const columns = {
  id: logLines.id,
  tsText: sql<string>`to_char(${logLines.ts} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  orgId: logLines.orgId,
  appId: logLines.appId,
  envId: logLines.envId,
  processType: logLines.processType,
  instanceId: logLines.instanceId,
  releaseId: logLines.releaseId,
  level: logLines.level,
  message: logLines.message,
  requestId: logLines.requestId,
  traceId: logLines.traceId,
  attrs: logLines.attrs,
};

type Row = { [K in keyof typeof columns]: unknown } & { id: number; tsText: string };

function toLine(r: Row): LogLine & { pos: LogPosition } {
  return {
    id: String(r.id),
    ts: r.tsText,
    org_id: r.orgId as string,
    app_id: r.appId as string,
    env_id: r.envId as string,
    process_type: r.processType as string,
    instance_id: r.instanceId as string,
    release_id: (r.releaseId as string | null) ?? null,
    level: r.level as LogLevel,
    message: r.message as string,
    request_id: (r.requestId as string | null) ?? null,
    trace_id: (r.traceId as string | null) ?? null,
    attrs: (r.attrs as Record<string, unknown> | null) ?? null,
    pos: { ts: r.tsText, id: Number(r.id) },
  };
}

function strip(l: LogLine & { pos: LogPosition }): LogLine {
  const { pos: _pos, ...line } = l;
  return line;
}

function selectorWhere(s: LogSelector): SQL[] {
  const where: SQL[] = [eq(logLines.orgId, s.org)];
  if (s.apps.length) where.push(inArray(logLines.appId, s.apps));
  if (s.envs.length) where.push(inArray(logLines.envId, s.envs));
  if (s.processes.length) where.push(inArray(logLines.processType, s.processes));
  if (s.instances.length) where.push(inArray(logLines.instanceId, s.instances));
  if (s.levels) where.push(inArray(logLines.level, s.levels));
  if (s.q) where.push(sql`${logLines.message} ilike ${likePattern(s.q)}`);
  return where;
}

/**
 * Time order as the indexes hold it: they are (…, ts DESC NULLS LAST, id DESC NULLS LAST), so newest
 * first reads them forwards and oldest first backwards — but only when the ORDER BY names the same NULLS
 * placement (Postgres does not infer it from NOT NULL). Without it every page sorts the whole window.
 */
function timeOrder(order: "asc" | "desc"): SQL[] {
  return order === "desc"
    ? [sql`${logLines.ts} desc nulls last`, sql`${logLines.id} desc nulls last`]
    : [sql`${logLines.ts} asc nulls first`, sql`${logLines.id} asc nulls first`];
}

const DAY_MS = 86_400_000;

export function partitionName(day: Date): string {
  return `log_lines_p${day.toISOString().slice(0, 10).replace(/-/g, "")}`;
}

export class PostgresLogStore implements LogStore {
  private known = new Set<string>();
  constructor(private readonly database: () => Db = db) {}

  /** Creates the daily partitions a batch needs (idempotent, safe across replicas; no DDL right needed, see migration 0007). */
  async ensurePartitions(days: Iterable<number>): Promise<void> {
    for (const dayMs of days) {
      const day = new Date(dayMs);
      const name = partitionName(day);
      if (this.known.has(name)) continue;
      try {
        await this.database().execute(sql`select ops_console_log_partition('log_lines', ${day.toISOString().slice(0, 10)}::date)`);
      } catch (err) {
        // Another writer (or replica) created it between our check and our create.
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.code !== "42P07" && cause?.code !== "23505" && !/already exists/.test(`${cause?.message ?? ""} ${(err as Error).message}`)) throw err;
      }
      this.known.add(name);
    }
  }

  async insert(entries: LogEntry[]): Promise<IngestResult> {
    if (!entries.length) return { accepted: 0, orgs: [] };
    const days = new Set(entries.map((e) => Math.floor(Date.parse(e.ts) / DAY_MS) * DAY_MS));
    await this.ensurePartitions(days);
    const col = <T>(f: (e: LogEntry) => T) => new Param(entries.map(f));
    const orgIds = [...new Set(entries.map((e) => e.org_id))].sort();
    // Per org, batches take their ids and commit one at a time (the lock is held until commit), so an
    // org's ids grow in commit order and a tail that resumes after id N never skips a batch that
    // committed later with lower ids. Orgs are locked in one order: no deadlocks.
    const result = await this.database().transaction(async (tx) => {
      for (const o of orgIds) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`log_lines:${o}`}))`);
      return tx.execute<{ org: string; min: string; max: string; n: string }>(sql`
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
      streams AS (
        INSERT INTO log_streams (org_id, app_id, env_id, process_type, instance_id, first_seen, last_seen)
        SELECT org_id, app_id, env_id, process_type, instance_id, min(ts), max(ts) FROM ins
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, app_id, env_id, process_type, instance_id) DO UPDATE
          SET first_seen = least(log_streams.first_seen, excluded.first_seen), last_seen = greatest(log_streams.last_seen, excluded.last_seen)
      ),
      per_org AS (SELECT org_id AS org, min(id) AS min, max(id) AS max, count(*) AS n FROM ins GROUP BY org_id)
      SELECT org, min::text, max::text, n::text FROM per_org
    `);
    });
    const rows = (result as unknown as { rows: { org: string; min: string; max: string; n: string }[] }).rows;
    const orgs = rows.map((r) => ({ org: r.org, min: Number(r.min), max: Number(r.max), n: Number(r.n) }));
    return { accepted: orgs.reduce((a, o) => a + o.n, 0), orgs };
  }

  async range(r: LogRange) {
    const where = [...selectorWhere(r), gte(logLines.ts, r.start), lt(logLines.ts, r.end)];
    if (r.after) {
      const op = r.order === "desc" ? sql`<` : sql`>`;
      where.push(sql`(${logLines.ts}, ${logLines.id}) ${op} (${r.after.ts}::timestamptz, ${r.after.id}::bigint)`);
    }
    const rows = await this.database()
      .select(columns)
      .from(logLines)
      .where(and(...where))
      .orderBy(...timeOrder(r.order))
      .limit(r.limit);
    return (rows as Row[]).map(toLine);
  }

  async exportPage(r: LogRange) {
    const where = [...selectorWhere(r), gte(logLines.ts, r.start), lt(logLines.ts, r.end)];
    if (r.after) {
      const op = r.order === "desc" ? sql`<` : sql`>`;
      where.push(sql`(${logLines.ts}, ${logLines.id}) ${op} (${r.after.ts}::timestamptz, ${r.after.id}::bigint)`);
    }
    // The API's line shape, key for key: the database writes each line's JSON, so no row crosses into
    // JavaScript objects on the way to the client.
    const page = this.database()
      .select({
        id: sql`${logLines.id}::text`.as("id"),
        ts: sql`${columns.tsText}`.as("ts"),
        org_id: logLines.orgId,
        app_id: logLines.appId,
        env_id: logLines.envId,
        process_type: logLines.processType,
        instance_id: logLines.instanceId,
        release_id: logLines.releaseId,
        level: logLines.level,
        message: logLines.message,
        request_id: logLines.requestId,
        trace_id: logLines.traceId,
        attrs: logLines.attrs,
      })
      .from(logLines)
      .where(and(...where))
      .orderBy(...timeOrder(r.order))
      .limit(r.limit)
      .as("p");
    const way = r.order === "desc" ? sql`desc` : sql`asc`;
    const back = r.order === "desc" ? sql`asc` : sql`desc`;
    const res = await this.database().execute<{ text: string | null; n: number; last: string | null }>(sql`
      select string_agg(to_json(p)::text, E'\n' order by p.ts ${way}, p.id::bigint ${way}) as text, count(*)::int as n,
             (array_agg(p.ts || '|' || p.id order by p.ts ${back}, p.id::bigint ${back}))[1] as last
      from ${page}`);
    const row = (res as unknown as { rows: { text: string | null; n: number; last: string | null }[] }).rows[0];
    const [ts, id] = row?.last ? (row.last.split("|") as [string, string]) : [];
    return { text: row?.text ?? "", count: Number(row?.n ?? 0), last: ts && id ? { ts, id: Number(id) } : null };
  }

  async get(org: string, id: number) {
    const [row] = await this.database().select(columns).from(logLines).where(and(eq(logLines.orgId, org), eq(logLines.id, id))).limit(1);
    return row ? toLine(row as Row) : null;
  }

  async around(org: string, line: LogLine & { pos: LogPosition }, before: number, after: number) {
    const same = and(eq(logLines.orgId, org), eq(logLines.instanceId, line.instance_id));
    const at = sql`(${line.pos.ts}::timestamptz, ${line.pos.id}::bigint)`;
    const [b, a] = await Promise.all([
      before
        ? this.database().select(columns).from(logLines).where(and(same, sql`(${logLines.ts}, ${logLines.id}) < ${at}`)).orderBy(desc(logLines.ts), desc(logLines.id)).limit(before)
        : [],
      after
        ? this.database().select(columns).from(logLines).where(and(same, sql`(${logLines.ts}, ${logLines.id}) > ${at}`)).orderBy(asc(logLines.ts), asc(logLines.id)).limit(after)
        : [],
    ]);
    return { before: (b as Row[]).map(toLine).reverse().map(strip), after: (a as Row[]).map(toLine).map(strip) };
  }

  async byId(sel: LogSelector, ids: { min?: number; max?: number; after?: number; since?: Date }, limit: number) {
    const where = selectorWhere(sel);
    if (ids.min !== undefined && ids.max !== undefined) where.push(between(logLines.id, ids.min, ids.max));
    if (ids.after !== undefined) where.push(gt(logLines.id, ids.after));
    if (ids.since) where.push(gte(logLines.ts, ids.since));
    const rows = await this.database().select(columns).from(logLines).where(and(...where)).orderBy(asc(logLines.id)).limit(limit);
    return (rows as Row[]).map(toLine).map(strip);
  }

  async facets(org: string, start: Date, end: Date): Promise<LogFacets> {
    const rows = await this.database()
      .select({ app: logStreams.appId, env: logStreams.envId, process: logStreams.processType, instance: logStreams.instanceId })
      .from(logStreams)
      .where(and(eq(logStreams.orgId, org), gte(logStreams.lastSeen, start), lt(logStreams.firstSeen, end)))
      .limit(20_000);
    const uniq = (k: "app" | "env" | "process" | "instance") => [...new Set(rows.map((r) => r[k]))].sort();
    return { apps: uniq("app"), envs: uniq("env"), processes: uniq("process"), instances: uniq("instance") };
  }

  /** Retention: drops whole daily partitions that end on or before `day`. */
  async dropBefore(day: Date): Promise<string[]> {
    const res = await this.database().execute<{ name: string }>(sql`select ops_console_drop_log_partitions('log_lines', ${day.toISOString().slice(0, 10)}::date) as name`);
    const old = (res as unknown as { rows: { name: string }[] }).rows.map((r) => r.name);
    old.forEach((n) => this.known.delete(n));
    // Streams not seen since the cutoff have no lines left.
    await this.database().delete(logStreams).where(lt(logStreams.lastSeen, day));
    return old;
  }
}

const g = globalThis as unknown as { __opsConsoleLogStore?: { handle: unknown; store: LogStore } };

/** The process's log store (rebuilt when the database handle changes, e.g. between test files). */
export function logStore(): LogStore {
  const handle = dbHandle();
  if (!g.__opsConsoleLogStore || g.__opsConsoleLogStore.handle !== handle) {
    g.__opsConsoleLogStore = { handle, store: new PostgresLogStore() };
  }
  return g.__opsConsoleLogStore.store;
}

export { strip as withoutPosition };
