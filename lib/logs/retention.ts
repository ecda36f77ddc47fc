// Retention: drop the daily partitions that fell out of the window, at start and every hour.
import "server-only";
import { sql } from "drizzle-orm";
import { db, dbHandle } from "@/lib/db/client";
import { bulk } from "@/lib/db/priority";
import { sweepLimits } from "@/lib/limits";
import { logLimits, platformLogLimits } from "./limits";
import { platformLogStore } from "@/lib/platform-logs/store";
import { logStore } from "./store";
import { logError } from "@/lib/http/errors";

const cutoff = (days: number, now: number) => {
  const c = new Date(now - days * 86_400_000);
  c.setUTCHours(0, 0, 0, 0);
  return c;
};

/** Drops tenant and platform log partitions older than their retention; the names dropped. */
export async function applyRetention(now = Date.now()): Promise<string[]> {
  const tenant = await logStore().dropBefore(cutoff(logLimits().retention_days, now));
  const platform = await platformLogStore().dropBefore(cutoff(platformLogLimits().retention_days, now));
  return [...tenant, ...platform];
}

/**
 * The embedded store has no autovacuum: its planner statistics are refreshed here, or it would guess
 * a day partition holds one row and sort whole windows instead of reading indexes in order.
 */
export async function refreshStatistics(): Promise<void> {
  if (dbHandle().engine !== "pglite") return;
  await bulk(() => db().execute(sql`analyze log_lines`));
  await bulk(() => db().execute(sql`analyze platform_log_lines`));
}

export function scheduleRetention() {
  const run = () =>
    bulk(() => applyRetention())
      .then((dropped) => dropped.length && console.log(`Log retention: dropped ${dropped.join(", ")}.`))
      .then(() => bulk(() => sweepLimits()))
      .catch((err) => logError("log retention failed", err));
  void run();
  setInterval(run, 3_600_000).unref();
  const stats = () => refreshStatistics().catch((err) => logError("refreshing statistics failed", err));
  setInterval(stats, 10 * 60_000).unref();
}
