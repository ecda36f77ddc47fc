// Retention: drop the daily partitions that fell out of the window, at start and every hour.
import "server-only";
import { sql } from "drizzle-orm";
import { db, dbHandle } from "@/lib/db/client";
import { bulk } from "@/lib/db/priority";
import { sweepLimits } from "@/lib/limits";
import { logLimits } from "./limits";
import { logStore } from "./store";

export async function applyRetention(now = Date.now()): Promise<string[]> {
  const cutoff = new Date(now - logLimits().retention_days * 86_400_000);
  cutoff.setUTCHours(0, 0, 0, 0);
  return logStore().dropBefore(cutoff);
}

/**
 * The embedded store has no autovacuum: its planner statistics are refreshed here, or it would guess
 * a day partition holds one row and sort whole windows instead of reading indexes in order.
 */
export async function refreshStatistics(): Promise<void> {
  if (dbHandle().engine === "pglite") await bulk(() => db().execute(sql`analyze log_lines`));
}

export function scheduleRetention() {
  const run = () =>
    bulk(() => applyRetention())
      .then((dropped) => dropped.length && console.log(`Log retention: dropped ${dropped.join(", ")}.`))
      .then(() => bulk(() => sweepLimits()))
      .catch((err) => console.error("log retention failed:", (err as Error).message));
  void run();
  setInterval(run, 3_600_000).unref();
  const stats = () => refreshStatistics().catch((err) => console.error("refreshing statistics failed:", (err as Error).message));
  setInterval(stats, 10 * 60_000).unref();
}
