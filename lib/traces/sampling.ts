// Sampling as the monitoring standard asks: a trace is kept or dropped whole; a trace with an error span or
// a span slower than its service's threshold is always kept; the others are kept at TRACE_SAMPLE_RATE.
//
// The same decision on every replica and for every batch of a trace, however far apart:
// - the rate decision is a function of the trace id alone (lib/traces/rules keptByRate): such a trace's
//   spans go straight to the store, whichever process receives them, whenever;
// - an error or slow span marks its trace in trace_keeps (insert-if-absent: every replica reads one
//   answer) and moves the spans of that trace that were waiting in trace_pending_spans into the store;
//   later spans of a marked trace go straight to the store;
// - the other spans wait in trace_pending_spans (the console's database, never ClickHouse) for
//   TRACE_DECISION_MINUTES; the sweep drops what is still waiting after that and counts it.
// Holding and marking take the trace's bucket lock (256 buckets by the id's last byte), so a span held by
// one replica while another marks its trace is either moved or sees the mark — never stranded.
// A trace is therefore readable once kept: at once when kept by rate, error or slowness; otherwise never
// (its spans are dropped after the horizon).
import "server-only";
import { Param, sql } from "drizzle-orm";
import { db, selectRows, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { observeDropped, observeKept } from "@/lib/telemetry/metrics";
import type { TraceKeepReason } from "@/lib/vocabulary";
import type { Span } from "./contract";
import { traceKeeps, type SamplingPolicy } from "./rules";
import { spanStore } from "./store";

/** The advisory lock class of the trace buckets (the second key is the bucket). */
const BUCKET_LOCK = 4_242_028;
/** How long a trace's mark outlives the decision horizon: its late spans still find it. */
const MARK_DAYS = 1;

const array = (values: unknown[]) => new Param(values);

export const samplingPolicy = (e = env()): SamplingPolicy => ({
  rate: e.TRACE_SAMPLE_RATE,
  slowMs: e.TRACE_SLOW_MS,
  slowMsByService: e.TRACE_SLOW_MS_BY_SERVICE,
});

const bucketOf = (traceId: string) => parseInt(traceId.slice(-2), 16);

/** Takes the buckets' locks in one statement, in ascending order (unnest keeps the array's): no deadlock. */
async function lockBuckets(tx: Tx, traceIds: Iterable<string>) {
  const buckets = [...new Set([...traceIds].map(bucketOf))].sort((a, b) => a - b);
  if (!buckets.length) return;
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(${BUCKET_LOCK}, b)) from unnest(${array(buckets)}::int[]) as b`,
  );
}

export interface Sampled {
  /** Spans stored now (with spans of their traces that had been waiting). */
  stored: number;
  /** Spans waiting for their trace's decision. */
  pending: number;
}

const roots = (spans: Span[]) => spans.filter((s) => s.parent_span_id === null).length;

/** Keeps, holds or stores a batch of valid spans by their traces' decisions; `now` is the arrival time. */
export async function sample(spans: Span[], now = Date.now()): Promise<Sampled> {
  const policy = samplingPolicy();
  const byTrace = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byTrace.get(s.trace_id);
    if (list) list.push(s);
    else byTrace.set(s.trace_id, [s]);
  }
  const byRate: Span[] = [];
  const marking = new Map<string, TraceKeepReason>();
  const undecided: string[] = [];
  for (const [id, list] of byTrace) {
    const why = traceKeeps(policy, id, list);
    if (why === "rate") byRate.push(...list);
    else if (why) marking.set(id, why);
    else undecided.push(id);
  }
  const store = spanStore();
  if (!marking.size && !undecided.length) {
    await store.insert(byRate);
    observeKept("rate", byRate.length, roots(byRate));
    return { stored: byRate.length, pending: 0 };
  }
  const marked = [...marking.keys()];
  // Partitions first (outside the transaction): the batch's days and those of the spans it will move.
  const waiting = marked.length
    ? await selectRows<{ start: string }>(
        db(),
        sql`select distinct span->>'start' as start from trace_pending_spans where trace_id = any(${array(marked)}::text[])`,
      )
    : [];
  await store.prepare([...spans.map((s) => s.start), ...waiting.map((w) => w.start)]);
  return db().transaction(async (tx) => {
    await lockBuckets(tx, [...marked, ...undecided]);
    const newly = marked.length
      ? await selectRows<{ trace_id: string; reason: TraceKeepReason }>(
          tx,
          sql`insert into trace_keeps (trace_id, reason, kept_at)
            select * from unnest(${array(marked)}::text[], ${array(marked.map((id) => marking.get(id)))}::text[],
              array_fill(${new Date(now).toISOString()}::timestamptz, array[${marked.length}::int]))
            on conflict (trace_id) do nothing returning trace_id, reason`,
        )
      : [];
    const moved = marked.length
      ? (
          await selectRows<{ span: Span }>(
            tx,
            sql`delete from trace_pending_spans where trace_id = any(${array(marked)}::text[]) returning span`,
          )
        ).map((r) => r.span)
      : [];
    const alreadyKept = new Map(
      undecided.length
        ? (
            await selectRows<{ trace_id: string; reason: TraceKeepReason }>(
              tx,
              sql`select trace_id, reason from trace_keeps where trace_id = any(${array(undecided)}::text[])`,
            )
          ).map((r) => [r.trace_id, r.reason])
        : [],
    );
    const late: Span[] = [];
    const hold: Span[] = [];
    for (const id of undecided) (alreadyKept.has(id) ? late : hold).push(...(byTrace.get(id) ?? []));
    if (hold.length)
      await tx.execute(
        sql`insert into trace_pending_spans (trace_id, received_at, span)
          select * from unnest(${array(hold.map((s) => s.trace_id))}::text[],
            array_fill(${new Date(now).toISOString()}::timestamptz, array[${hold.length}::int]),
            ${array(hold.map((s) => JSON.stringify(s)))}::jsonb[])`,
      );
    const kept = [...byRate, ...marked.flatMap((id) => byTrace.get(id) ?? []), ...moved, ...late];
    await store.insert(kept, tx);
    observeKept("rate", byRate.length, roots(byRate));
    for (const reason of ["error", "slow"] as const) {
      const ids = new Set(marked.filter((id) => marking.get(id) === reason));
      const spansOf = kept.filter((s) => ids.has(s.trace_id) || alreadyKept.get(s.trace_id) === reason);
      observeKept(reason, spansOf.length, newly.filter((n) => n.reason === reason).length);
    }
    return { stored: kept.length, pending: hold.length };
  });
}

/**
 * Drops the spans still waiting past the decision horizon (their traces were not kept) and marks older
 * than a day, counting what was dropped. Every replica may run it: each waiting span is deleted by one
 * statement only, and counted by the process that deleted it.
 */
export async function sweepPending(now = Date.now()): Promise<{ spans: number; traces: number }> {
  const horizon = new Date(now - env().TRACE_DECISION_MINUTES * 60_000).toISOString();
  const [row] = await selectRows<{ spans: string; traces: string }>(
    db(),
    sql`with gone as (delete from trace_pending_spans where received_at < ${horizon}::timestamptz returning trace_id)
      select count(*)::text as spans, count(distinct trace_id)::text as traces from gone`,
  );
  await db().execute(
    sql`delete from trace_keeps where kept_at < ${new Date(now - MARK_DAYS * 86_400_000).toISOString()}::timestamptz`,
  );
  const dropped = { spans: Number(row?.spans ?? 0), traces: Number(row?.traces ?? 0) };
  observeDropped(dropped.spans, dropped.traces);
  return dropped;
}
