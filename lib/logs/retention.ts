// Retention: drop the daily partitions that fell out of the window, at start and every hour.
import "server-only";
import { logLimits } from "./limits";
import { logStore } from "./store";

export async function applyRetention(now = Date.now()): Promise<string[]> {
  const cutoff = new Date(now - logLimits().retention_days * 86_400_000);
  cutoff.setUTCHours(0, 0, 0, 0);
  return logStore().dropBefore(cutoff);
}

export function scheduleRetention() {
  const run = () =>
    applyRetention()
      .then((dropped) => dropped.length && console.log(`Log retention: dropped ${dropped.join(", ")}.`))
      .catch((err) => console.error("log retention failed:", (err as Error).message));
  void run();
  setInterval(run, 3_600_000).unref();
}
