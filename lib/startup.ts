// What the Node server does once at start (called from instrumentation.ts).
import "server-only";
import { authSecret, env } from "./env";
import { prepareDatabase } from "./db/prepare";

export async function startServer(): Promise<void> {
  try {
    const e = env();
    process.env.NEXTAUTH_SECRET ??= authSecret(e);
    await prepareDatabase();
    const { scheduleRetention } = await import("./logs/retention");
    scheduleRetention();
    const { scheduleEscalation } = await import("./escalation");
    scheduleEscalation(e.NEXTAUTH_URL ?? "");
    if (e.embedded && e.DEMO_LOGS) {
      const { startDemoFeed } = await import("./demo/feed");
      // In the background: the console serves while the history fills in.
      void startDemoFeed(e.DEMO_LOGS_HOURS, e.DEMO_LOGS_PER_SECOND).catch((err) => console.error("demo feed:", err));
    }
    if (e.embedded && e.DEMO_ALERTS && !e.PROMETHEUS_URL) {
      const { startSloAlerts } = await import("./metrics/demo-alerts");
      startSloAlerts();
    }
  } catch (err) {
    console.error(`\nOps Console cannot start.\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
