// What the Node server does once at start (called from instrumentation.ts).
import "server-only";
import { authSecret, env } from "@/lib/env";
import { prepareDatabase } from "./prepare";
import { logError } from "@/lib/http/errors";
import type { publicGate } from "@/lib/limits/public";

declare global {
  /** The public page limit, where the proxy (bundled apart from this code) finds it. */
  var __opsConsolePublicGate: typeof publicGate | undefined;
}

export async function startServer(): Promise<void> {
  try {
    const e = env();
    process.env.NEXTAUTH_SECRET ??= authSecret(e);
    await prepareDatabase();
    // The console's own spans, from here on (the trace store's tables exist now): to the collector that
    // OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT names, else to its own trace store as the sender "ops-console".
    const { startTracing } = await import("@/lib/telemetry/tracing-sdk");
    const { ownTraceStore } = await import("@/lib/traces/ingest");
    startTracing({ store: ownTraceStore() });
    // The proxy in front of pages is bundled apart from this code: it finds the public page limit here.
    const { publicGate } = await import("@/lib/limits/public");
    globalThis.__opsConsolePublicGate = publicGate;
    const { scheduleRetention } = await import("@/lib/kinds/retention");
    scheduleRetention();
    const { scheduleEscalation } = await import("@/lib/escalation");
    scheduleEscalation(e.NEXTAUTH_URL ?? "");
    if (e.embedded && e.DEMO_LOGS) {
      const { startDemoFeed } = await import("@/lib/demo/feed");
      // In the background: the console serves while the history fills in.
      void startDemoFeed(e.DEMO_LOGS_HOURS, e.DEMO_LOGS_PER_SECOND).catch((err) => logError("demo feed", err));
    }
    if (e.embedded && e.DEMO_ALERTS && !e.PROMETHEUS_URL) {
      const { startRuleAlerts } = await import("@/lib/metrics/demo-alerts");
      startRuleAlerts();
    }
  } catch (err) {
    console.error(`\nOps Console cannot start.\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
