// Retention: every kind drops the daily partitions that fell out of its window, kept spans theirs past
// TRACE_RETENTION_DAYS, and the platform's events older than PLATFORM_EVENT_RETENTION_DAYS (if set) go,
// at start and every hour. Every minute, spans whose traces sampling did not keep are dropped.
import "server-only";
import { sql } from "drizzle-orm";
import { db, dbHandle } from "@/lib/db/client";
import { bulk } from "@/lib/db/priority";
import { sweepLimits } from "@/lib/limits";
import { logError } from "@/lib/http/errors";
import { storeOf } from "./kind";
import { limitsOf } from "./limits";
import { KINDS } from "./registry";
import { applyEventRetention } from "@/lib/events";
import { env } from "@/lib/env";
import { spanStore } from "@/lib/traces/store";
import { sweepPending } from "@/lib/traces/sampling";

const cutoff = (days: number, now: number) => {
  const c = new Date(now - days * 86_400_000);
  c.setUTCHours(0, 0, 0, 0);
  return c;
};

/** Drops every kind's partitions older than its retention; the names dropped. */
export async function applyRetention(now = Date.now()): Promise<string[]> {
  const dropped: string[] = [];
  for (const kind of KINDS)
    dropped.push(...(await storeOf(kind).dropBefore(cutoff(limitsOf(kind).retention_days, now))));
  dropped.push(...(await spanStore().dropBefore(cutoff(env().TRACE_RETENTION_DAYS, now))));
  return dropped;
}

/**
 * The embedded store has no autovacuum: its planner statistics are refreshed here, or it would guess
 * a day partition holds one row and sort whole windows instead of reading indexes in order.
 */
export async function refreshStatistics(): Promise<void> {
  if (dbHandle().engine !== "pglite") return;
  for (const table of [...KINDS.map((k) => k.table), "trace_spans"])
    await bulk(() => db().execute(sql`analyze ${sql.identifier(table)}`));
}

export function scheduleRetention() {
  const run = () =>
    bulk(() => applyRetention())
      .then((dropped) => dropped.length && console.log(`Log retention: dropped ${dropped.join(", ")}.`))
      .then(() => bulk(() => applyEventRetention()))
      .then((n) => n && console.log(`Platform event retention: dropped ${n} events.`))
      .then(() => bulk(() => sweepLimits()))
      .catch((err) => logError("log retention failed", err));
  void run();
  setInterval(run, 3_600_000).unref();
  const sweep = () =>
    bulk(() => sweepPending())
      .then((d) => d.spans && console.log(`Trace sampling: dropped ${d.spans} spans of ${d.traces} traces.`))
      .catch((err) => logError("trace sampling sweep failed", err));
  setInterval(sweep, 60_000).unref();
  const stats = () => refreshStatistics().catch((err) => logError("refreshing statistics failed", err));
  setInterval(stats, 10 * 60_000).unref();
}
