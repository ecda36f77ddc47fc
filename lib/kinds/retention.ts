// Retention: every kind drops the daily partitions that fell out of its window, and the platform's events
// older than PLATFORM_EVENT_RETENTION_DAYS (if set) go, at start and every hour.
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
  return dropped;
}

/**
 * The embedded store has no autovacuum: its planner statistics are refreshed here, or it would guess
 * a day partition holds one row and sort whole windows instead of reading indexes in order.
 */
export async function refreshStatistics(): Promise<void> {
  if (dbHandle().engine !== "pglite") return;
  for (const kind of KINDS) await bulk(() => db().execute(sql`analyze ${sql.identifier(kind.table)}`));
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
  const stats = () => refreshStatistics().catch((err) => logError("refreshing statistics failed", err));
  setInterval(stats, 10 * 60_000).unref();
}
