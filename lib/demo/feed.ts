// The embedded demo's feed: the simulated platform's tenant workload lines, platform lines, change
// events, platform events and traces, backfilled (the last DEMO_LOGS_HOURS, and the older scenarios' own windows) and then written
// every second — through the same ingest and change paths an agent or a pipeline uses, as bulk work
// that yields to people.
import "server-only";
import { bulk } from "@/lib/db/priority";
import { ingestText } from "@/lib/kinds/ingest";
import { storeOf } from "@/lib/kinds/kind";
import { limitsOf } from "@/lib/kinds/limits";
import { refreshStatistics } from "@/lib/kinds/retention";
import { tenantLogs } from "@/lib/logs/kind";
import { platformLogs } from "@/lib/platform-logs/kind";
import { postChange } from "@/lib/changes";
import { postEvents } from "@/lib/events";
import { ingestOtlpTraces } from "@/lib/traces/ingest";
import { simulatorPlatform } from "@/lib/metrics/sources";
import { follow, writeScenarioHistory, writeWindow, type FeedSink } from "@/lib/simulator/feed";
import { logError } from "@/lib/http/errors";
import { env } from "@/lib/env";

// Small enough that a statement a person waits for never queues behind more than ~0.2 s of bulk insert.
const BATCH = 1000;
/** Who the demo's changes are recorded as having been posted by. */
const POSTER = "demo-simulator";

async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += BATCH) await bulk(() => write(items.slice(i, i + BATCH)));
}

export const inProcessSink: FeedSink = {
  tenant: (lines) => inBatches(lines, (b) => ingestText(tenantLogs, JSON.stringify(b), "application/json")),
  platform: (lines) => inBatches(lines, (b) => ingestText(platformLogs, JSON.stringify(b), "application/json")),
  changes: async (posts) => {
    for (const body of posts) await bulk(() => postChange(POSTER, body));
  },
  // What POST /api/v1/platform/events does once the platform's token is checked.
  events: (events) => inBatches(events, (b) => postEvents(b)),
  // What POST /api/v1/platform/otlp/v1/traces does once the platform's token is checked.
  traces: async (requests) => {
    for (const r of requests) await bulk(() => ingestOtlpTraces(r, POSTER));
  },
  get traceRetentionDays() {
    return env().TRACE_RETENTION_DAYS;
  },
};

declare global {
  var __opsConsoleDemoFeed: boolean | undefined;
}

async function lastWritten(): Promise<number | null> {
  const last = await storeOf(platformLogs).newest();
  return last === null ? null : last + 1;
}

/** Backfills what the demo missed (up to `hours`, and the scenarios before that), then keeps writing once a second. */
export async function startDemoFeed(hours: number, tenantPerSecond: number): Promise<void> {
  if (globalThis.__opsConsoleDemoFeed) return;
  globalThis.__opsConsoleDemoFeed = true;
  const p = await simulatorPlatform();
  const now = Date.now();
  const started = Date.now();
  const resume = await lastWritten();
  const from = Math.max(now - hours * 3_600_000, resume ?? 0);
  let scenario = 0;
  if (resume === null)
    scenario = await writeScenarioHistory(
      p,
      inProcessSink,
      now - limitsOf(platformLogs).retention_days * 86_400_000,
      from,
    );
  const n =
    from < now
      ? await writeWindow(p, inProcessSink, from, now, { tenantPerSecond, backfill: resume === null })
      : { tenant: 0, platform: 0, changes: 0, events: 0, spans: 0 };
  if (n.tenant + n.platform + scenario > 0) {
    console.log(
      `Demo feed: wrote ${n.tenant} tenant lines, ${n.platform + scenario} platform lines, ${n.changes} changes, ${n.events} platform events and ${n.spans} spans of history in ${((Date.now() - started) / 1000).toFixed(1)}s.`,
    );
    await refreshStatistics();
  }
  follow(p, inProcessSink, now, { tenantPerSecond, tickMs: 1000, onError: (err) => logError("demo feed", err) });
}
