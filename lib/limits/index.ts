// Limits kept in the database so they mean the same with one console process or ten: sliding-window
// throttles (failed sign-ins per account and per address) and leases for long-lived streams (live
// tails per org, per person and per process). Time is the database's, so replicas agree.
import "server-only";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { db, selectRows, type Db } from "@/lib/db/client";
import { rateLimitHits, streamLeases } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { brokenCap, retryAfterSeconds, type StreamCaps, type StreamUse, type Window } from "./rules";
import { logError } from "@/lib/http/errors";

export type { StreamCaps, Window } from "./rules";

const MAX_KEY = 320;
const key = (k: string) => k.slice(0, MAX_KEY);

type Reader = Pick<Db, "execute">;

/** Seconds until `k` may act again under `w`, or 0 when it is under the limit. */
export async function retryAfter(w: Window, k: string, tx: Reader = db()): Promise<number> {
  const [row] = await selectRows<{ n: number; edge: string | null; now: string }>(
    tx,
    sql`
      select count(*)::int as n,
             (extract(epoch from now()) * 1000)::float8::text as now,
             (select (extract(epoch from h.at) * 1000)::float8::text from ${rateLimitHits} h
               where h.bucket = ${w.bucket} and h.key = ${key(k)} and h.at > now() - make_interval(secs => ${w.windowMs / 1000})
               order by h.at desc offset ${w.max - 1} limit 1) as edge
      from ${rateLimitHits}
      where ${rateLimitHits.bucket} = ${w.bucket} and ${rateLimitHits.key} = ${key(k)} and ${rateLimitHits.at} > now() - make_interval(secs => ${w.windowMs / 1000})`,
  );
  if (!row || Number(row.n) < w.max || row.edge === null) return 0;
  return retryAfterSeconds([Number(row.edge)], { max: 1, windowMs: w.windowMs }, Number(row.now));
}

export async function hit(w: Window, k: string): Promise<void> {
  await db()
    .insert(rateLimitHits)
    .values({ bucket: w.bucket, key: key(k) });
}

/**
 * One hit for `k` when it fits `w`, decided and recorded atomically across every console process (the
 * check and the insert under one lock per key): 0, or the seconds to wait, having recorded nothing.
 */
export async function take(w: Window, k: string): Promise<number> {
  return db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rate_limit:${w.bucket}:${key(k)}`}))`);
    const wait = await retryAfter(w, k, tx);
    if (wait === 0) await tx.insert(rateLimitHits).values({ bucket: w.bucket, key: key(k) });
    return wait;
  });
}

/** Forgets `k`'s hits (a successful sign-in clears its account's failures). */
export async function reset(w: Window, k: string): Promise<void> {
  await db()
    .delete(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, w.bucket), eq(rateLimitHits.key, key(k))));
}

const LEASE_TTL_S = 60;
const RENEW_MS = 20_000;

declare global {
  var __opsConsoleProcessId: string | undefined;
}

/** This console process, as a lease holder. */
export function processId(): string {
  globalThis.__opsConsoleProcessId ??= newId("proc");
  return globalThis.__opsConsoleProcessId;
}

export interface Lease {
  id: string;
  /** Ends the lease (idempotent). */
  release(): Promise<void>;
}

export type LeaseRefusal = { cap: keyof StreamCaps; open: number; max: number };

/**
 * Takes a stream slot for `user` on `org` when every cap has room, or says which cap is full. The
 * lease is renewed while held; a process that dies leaves it to expire within a minute.
 */
export async function acquireLease(
  kind: string,
  who: { org: string | null; user: string },
  caps: StreamCaps,
): Promise<Lease | LeaseRefusal> {
  const id = newId("lease");
  const holder = processId();
  const refusal = await db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stream_leases:${kind}`}))`);
    const [row] = await selectRows<{ org: number; usr: number; proc: number }>(
      tx,
      sql`
      select count(*) filter (where ${streamLeases.orgId} = ${who.org})::int as org,
             count(*) filter (where ${streamLeases.userId} = ${who.user})::int as usr,
             count(*) filter (where ${streamLeases.holder} = ${holder})::int as proc
      from ${streamLeases} where ${streamLeases.kind} = ${kind} and ${streamLeases.expiresAt} > now()`,
    );
    if (!row) throw new Error("counting stream leases returned no row");
    const use: StreamUse = { org: who.org ? Number(row.org) : 0, user: Number(row.usr), process: Number(row.proc) };
    const broken = brokenCap(use, caps);
    if (broken) return broken;
    await tx.insert(streamLeases).values({
      id,
      kind,
      orgId: who.org,
      userId: who.user,
      holder,
      expiresAt: sql`now() + make_interval(secs => ${LEASE_TTL_S})`,
    });
    return null;
  });
  if (refusal) return refusal;
  const timer = setInterval(() => {
    void db()
      .update(streamLeases)
      .set({ expiresAt: sql`now() + make_interval(secs => ${LEASE_TTL_S})` })
      .where(eq(streamLeases.id, id))
      .catch((e) => logError("lease renewal failed", e));
  }, RENEW_MS);
  timer.unref?.();
  let released = false;
  return {
    id,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await db()
        .delete(streamLeases)
        .where(eq(streamLeases.id, id))
        .catch((e) => logError("lease release failed", e));
    },
  };
}

/** Streams of `kind` open now on every process, on an org or of one person. */
export async function leasesOpen(kind: string, who: { org?: string; user?: string }): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(streamLeases)
    .where(
      and(
        eq(streamLeases.kind, kind),
        who.org ? eq(streamLeases.orgId, who.org) : undefined,
        who.user ? eq(streamLeases.userId, who.user) : undefined,
        gt(streamLeases.expiresAt, sql`now()`),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Forgets throttle hits older than a day and leases long expired (hourly, with log retention). */
export async function sweepLimits(): Promise<void> {
  await db()
    .delete(rateLimitHits)
    .where(lt(rateLimitHits.at, sql`now() - interval '1 day'`));
  await db()
    .delete(streamLeases)
    .where(lt(streamLeases.expiresAt, sql`now() - interval '1 hour'`));
}

export function isLease(x: Lease | LeaseRefusal): x is Lease {
  return "release" in x;
}
