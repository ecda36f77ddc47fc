// The platform's events: stored once by their own event_id in an append-only log, and folded into small
// projections in the same transaction — each instance's state, its last health check, each process type's
// desired release, each route's binding, each edge node's apply, each consumer's cursor. A projection row
// is replaced only by a later event (./rules isLater), so a repeated, late or shuffled event leaves the
// state as a replay in order would; a late event still goes into the log. Live tails hear of each batch at
// its commit.
import "server-only";
import { getTableColumns, Param, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import { db, selectRows, type Tx } from "@/lib/db/client";
import {
  platformConsumers,
  platformDesired,
  platformEdge,
  platformEvents,
  platformHealth,
  platformInstances,
  platformRoutes,
  type PlatformEventRow,
} from "@/lib/db/schema";
import { defineChannel, publish } from "@/lib/realtime/channel";
import { env } from "@/lib/env";
import type { PlatformEvent, PlatformEventBody } from "./contract";
import { forTenant, latestBy, stateOf, type View } from "./rules";

/** Each committed batch's positions, for live tails on every console process. */
export const eventsChannel = defineChannel(
  "platform_events",
  z.object({ min: z.number().int(), max: z.number().int() }),
);

type NewEvent = typeof platformEvents.$inferInsert & { ts: Date; eventId: string };

/** The ids an event names are columns; everything else it carries is its details. */
const ID_KEYS = [
  "event_id",
  "ts",
  "kind",
  "region",
  "org_id",
  "app_id",
  "env_id",
  "process_type",
  "release_id",
  "instance_id",
  "host_id",
  "node_id",
  "route",
  "reason",
] as const;

function toRow(e: PlatformEventBody): NewEvent {
  const data = Object.fromEntries(
    Object.entries(e).filter(([k, v]) => !(ID_KEYS as readonly string[]).includes(k) && v !== undefined && v !== null),
  );
  return {
    eventId: e.event_id,
    // Kept to the millisecond, so that the database and ./rules order two events alike.
    ts: new Date(Date.parse(e.ts)),
    kind: e.kind,
    region: e.region,
    orgId: e.org_id ?? null,
    appId: e.app_id ?? null,
    envId: e.env_id ?? null,
    processType: e.process_type ?? null,
    releaseId: e.release_id ?? null,
    instanceId: e.instance_id ?? null,
    hostId: e.host_id ?? null,
    nodeId: e.node_id ?? null,
    route: e.route ?? null,
    reason: e.reason ?? null,
    data,
  };
}

/** An event as the API shows it: to an operator whole, to a tenant without the platform's internals. */
export function toEvent(r: PlatformEventRow, view: View = "operator"): PlatformEvent {
  const e = {
    position: String(r.seq),
    event_id: r.eventId,
    ts: r.ts.toISOString(),
    kind: r.kind,
    region: r.region,
    org_id: r.orgId,
    app_id: r.appId,
    env_id: r.envId,
    process_type: r.processType,
    release_id: r.releaseId,
    instance_id: r.instanceId,
    host_id: r.hostId,
    node_id: r.nodeId,
    route: r.route,
    reason: r.reason,
    details: r.data,
    received_at: r.receivedAt.toISOString(),
  };
  return view === "tenant" ? forTenant(e) : e;
}

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const version = (r: NewEvent) => ({ ts: r.ts.getTime(), event_id: r.eventId });
type Versioned = NewEvent & { v: { ts: number; event_id: string } };

/**
 * `rows` as a relation of `table`'s columns (those the rows set), each column bound as one array: a batch
 * of any size is a handful of parameters, not one per value, and the statement is planned as small.
 */
function unnested<T extends PgTable>(table: T, rows: T["$inferInsert"][]) {
  const given = Object.keys(rows[0] ?? {});
  const columns = Object.entries(getTableColumns(table)).filter(([prop]) => given.includes(prop)) as [
    string,
    PgColumn,
  ][];
  const names = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  const arrays = columns.map(([prop, c]) => {
    const type = c.getSQLType();
    const values = rows.map((r) => {
      const v = (r as Record<string, unknown>)[prop] ?? null;
      if (v === null) return null;
      if (v instanceof Date) return v.toISOString();
      return type === "jsonb" ? JSON.stringify(v) : v;
    });
    return sql`${new Param(values)}::${sql.raw(type)}[]`;
  });
  return { names, from: sql`unnest(${sql.join(arrays, sql`, `)}) as x(${names})` };
}

/**
 * Inserts `rows` into a projection, replacing a row only with a later event's: the newer (ts, event_id)
 * wins whatever the order of arrival. Rows are written in key order, so concurrent batches never deadlock.
 */
async function upsertLatest<T extends PgTable & { ts: PgColumn; eventId: PgColumn }>(
  tx: Tx,
  table: T,
  target: PgColumn[],
  rows: (T["$inferInsert"] & { key: string })[],
) {
  if (!rows.length) return;
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { names, from } = unnested(
    table,
    rows.map(({ key: _key, ...row }) => row as T["$inferInsert"]),
  );
  const set = Object.values(getTableColumns(table) as Record<string, PgColumn>)
    .filter((c) => !target.includes(c))
    .map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`);
  await tx.execute(sql`insert into ${table} (${names}) select * from ${from}
    on conflict (${sql.join(
      target.map((c) => sql.identifier(c.name)),
      sql`, `,
    )}) do update set ${sql.join(set, sql`, `)}
    where (excluded.ts, excluded.event_id) > (${table.ts}, ${table.eventId})`);
}

/** Folds new events into every projection. */
async function project(tx: Tx, fresh: NewEvent[]) {
  const events: Versioned[] = fresh.map((r) => ({ ...r, v: version(r) }));
  const of = (prefix: string) => events.filter((e) => e.kind.startsWith(prefix));
  const latest = (prefix: string, key: (e: Versioned) => string | null) => [
    ...latestBy(
      of(prefix).map((e) => ({ ...e.v, e })),
      (x) => key(x.e),
    ).entries(),
  ];
  const at = (e: Versioned) => ({ ts: e.ts, eventId: e.eventId });

  await upsertLatest(
    tx,
    platformInstances,
    [platformInstances.instanceId],
    latest("instance.", (e) => e.instanceId ?? null).map(([key, { e }]) => ({
      key,
      instanceId: key,
      orgId: e.orgId!,
      appId: e.appId!,
      envId: e.envId!,
      processType: e.processType!,
      releaseId: e.releaseId ?? null,
      hostId: e.hostId ?? null,
      region: e.region,
      state: stateOf(e.kind)!,
      reason: e.reason ?? null,
      exitCode: num(e.data?.exit_code),
      resources: (e.data?.resources as Record<string, number> | undefined) ?? null,
      ...at(e),
    })),
  );
  await upsertLatest(
    tx,
    platformHealth,
    [platformHealth.instanceId],
    latest("health_check.", (e) => e.instanceId ?? null).map(([key, { e }]) => ({
      key,
      instanceId: key,
      passed: e.kind === "health_check.passed",
      check: (e.data?.health_check as Record<string, unknown> | undefined) ?? null,
      ...at(e),
    })),
  );
  await upsertLatest(
    tx,
    platformDesired,
    [platformDesired.orgId, platformDesired.appId, platformDesired.envId, platformDesired.processType],
    latest("release.activated", (e) => JSON.stringify([e.orgId, e.appId, e.envId, e.processType])).map(
      ([key, { e }]) => ({
        key,
        orgId: e.orgId!,
        appId: e.appId!,
        envId: e.envId!,
        processType: e.processType!,
        releaseId: e.releaseId!,
        desiredInstances: num(e.data?.desired_instances),
        ...at(e),
      }),
    ),
  );
  await upsertLatest(
    tx,
    platformRoutes,
    [platformRoutes.route],
    latest("route.", (e) => e.route ?? null).map(([key, { e }]) => ({
      key,
      route: key,
      orgId: e.orgId!,
      appId: e.appId!,
      envId: e.envId!,
      region: e.region,
      bound: e.kind === "route.bound",
      backends:
        e.kind === "route.bound" ? ((e.data?.backends as { instance_id: string; address: string | null }[]) ?? []) : [],
      ...at(e),
    })),
  );
  await upsertLatest(
    tx,
    platformEdge,
    [platformEdge.route, platformEdge.nodeId],
    latest("edge.", (e) => JSON.stringify([e.route, e.nodeId])).map(([key, { e }]) => ({
      key,
      route: e.route!,
      nodeId: e.nodeId!,
      region: e.region,
      configVersion: num(e.data?.config_version) ?? 0,
      applied: e.kind === "edge.config_applied",
      error: typeof e.data?.error === "string" ? e.data.error : null,
      ...at(e),
    })),
  );
  await upsertLatest(
    tx,
    platformConsumers,
    [platformConsumers.consumer],
    latest("consumer.cursor", (e) => (e.data?.consumer as { name: string }).name).map(([key, { e }]) => {
      const c = e.data?.consumer as NonNullable<PlatformEventBody["consumer"]>;
      return {
        key,
        consumer: key,
        consumerKind: c.kind,
        region: e.region,
        appliedEventId: c.applied_event_id ?? null,
        appliedTs: c.applied_ts ? new Date(Date.parse(c.applied_ts)) : null,
        error: c.error ?? null,
        backoffSeconds: c.backoff_seconds ?? null,
        ...at(e),
      };
    }),
  );
}

/**
 * Records a batch, all or nothing: new events go into the log and the projections; an event already stored
 * (its event_id) changes nothing.
 */
export async function postEvents(events: PlatformEventBody[]): Promise<{ accepted: number; duplicates: number }> {
  const unique = [...new Map(events.map((e) => [e.event_id, toRow(e)])).values()];
  const accepted = await db().transaction(async (tx) => {
    const { names, from } = unnested(platformEvents, unique);
    const stored = await selectRows<{ seq: number | string; eventId: string }>(
      tx,
      sql`insert into ${platformEvents} (${names}) select * from ${from}
        on conflict (event_id) do nothing returning seq, event_id as "eventId"`,
    );
    if (!stored.length) return 0;
    const fresh = new Set(stored.map((s) => s.eventId));
    await project(
      tx,
      unique.filter((r) => fresh.has(r.eventId)),
    );
    const positions = stored.map((s) => Number(s.seq));
    // Told at commit: tails hear of batches in the order their positions were taken.
    await publish(eventsChannel, [{ min: Math.min(...positions), max: Math.max(...positions) }], tx);
    return stored.length;
  });
  return { accepted, duplicates: events.length - accepted };
}

/** Drops events older than PLATFORM_EVENT_RETENTION_DAYS (none when unset); the projections stay. */
export async function applyEventRetention(now = Date.now()): Promise<number> {
  const days = env().PLATFORM_EVENT_RETENTION_DAYS;
  if (days === undefined) return 0;
  const before = new Date(now - days * 86_400_000);
  const [row] = await selectRows<{ n: number | string }>(
    db(),
    sql`select ops_console_drop_platform_events(${before.toISOString()}::timestamptz) as n`,
  );
  return Number(row?.n ?? 0);
}
