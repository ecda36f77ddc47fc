// The simulated platform's logs, changes, events and traces as a feed: what happened in a window (tenant
// workload lines, platform lines, change posts, platform events, OTLP trace requests), a backfill of history, then every tick what
// happened since. Where it goes is the sink's business: the embedded demo ingests in process,
// `npm run simulate --console-url` posts to a console's API with a token.
import type { LogEntry } from "@/lib/logs/kind";
import type { PlatformLogEntry } from "@/lib/platform-logs/kind";
import type { PostChangeBody } from "@/lib/changes/contract";
import type { PlatformEventBody } from "@/lib/events/contract";
import type { Platform } from "./model";
import { changePosts } from "./changes";
import { closingEvents, eventHistoryStart, eventPosts } from "./events";
import { platformLines } from "./platform-logs";
import { demoLines } from "./tenant-logs";
import { otlpRequests, simulatedSpans, type OtlpTracesRequest } from "./traces";

export interface FeedSink {
  tenant(lines: LogEntry[]): Promise<void>;
  platform(lines: PlatformLogEntry[]): Promise<void>;
  changes(posts: PostChangeBody[]): Promise<void>;
  events(events: PlatformEventBody[]): Promise<void>;
  /** The platform's spans as OTLP/JSON requests (a sink without it sends none). */
  traces?(requests: OtlpTracesRequest[]): Promise<void>;
  /** How far back the receiver keeps spans (days): older history sends none. Default 7. */
  traceRetentionDays?: number;
}

export interface FeedOptions {
  /** Tenant workload lines a second, on average (0: none). */
  tenantPerSecond: number;
  /** Write routine platform lines, not only failures and scenarios. */
  background?: boolean;
  /** A backfill: begin the events at the rollout before `from`, so every env's state is there. */
  backfill?: boolean;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const CHUNK_MS = 10 * MIN;
const BACKFILL_AFTER_MS = 30 * MIN;
/** Older history has the consumers' cursors every fifth minute, not every 30 s. */
const DENSE_CURSORS_MS = 60 * MIN;

/** The platform events of [from, to) in chunks; cursors sparse where the chunk is old. */
async function writeEvents(p: Platform, sink: FeedSink, from: number, to: number): Promise<number> {
  let n = 0;
  for (let a = from; a < to; a += CHUNK_MS) {
    const b = Math.min(to, a + CHUNK_MS);
    const events = eventPosts(p, a, b, { sparseCursors: b < Date.now() - DENSE_CURSORS_MS });
    if (events.length) await sink.events(events);
    n += events.length;
  }
  return n;
}

/** Everything that happened in [from, to), written in chunks of ten minutes so memory stays flat. */
export async function writeWindow(
  p: Platform,
  sink: FeedSink,
  from: number,
  to: number,
  o: FeedOptions,
): Promise<{ tenant: number; platform: number; changes: number; events: number; spans: number }> {
  const n = { tenant: 0, platform: 0, changes: 0, events: 0, spans: 0 };
  const now = Date.now();
  if (o.backfill) n.events += await writeEvents(p, sink, eventHistoryStart(from), from);
  for (let a = from; a < to; a += CHUNK_MS) {
    const b = Math.min(to, a + CHUNK_MS);
    const lines = platformLines(p, a, b, { background: o.background });
    const tenant = [...(o.tenantPerSecond > 0 ? demoLines(a, b, o.tenantPerSecond) : []), ...lines.tenant].sort(
      (x, y) => x.ts.localeCompare(y.ts),
    );
    // A change that started well before it is posted (history written after the fact) is posted as a backfill.
    const posts = changePosts(p, a, b).map((c) =>
      Date.parse(c.body.started_at) < now - BACKFILL_AFTER_MS ? { ...c.body, backfill: true } : c.body,
    );
    // Changes and events first: a chart's marker and the lines it explains arrive together.
    if (posts.length) await sink.changes(posts);
    n.events += await writeEvents(p, sink, a, b);
    if (lines.platform.length) await sink.platform(lines.platform);
    if (tenant.length) await sink.tenant(tenant);
    // Spans after the lines they agree with: a trace opened from a line finds its lines already there.
    if (sink.traces && a > now - (sink.traceRetentionDays ?? 7) * DAY + 60 * MIN) {
      const spans = simulatedSpans(p, a, b, now);
      if (spans.length) await sink.traces(otlpRequests(spans));
      n.spans += spans.length;
    }
    n.tenant += tenant.length;
    n.platform += lines.platform.length;
    n.changes += posts.length;
  }
  return n;
}

/** The scenarios' own windows (with half an hour either side) that lie before `before`: their failures, not the routine. */
export async function writeScenarioHistory(
  p: Platform,
  sink: FeedSink,
  since: number,
  before: number,
): Promise<number> {
  let written = 0;
  for (const s of p.scenarios) {
    const from = Math.max(since, s.start - 30 * MIN);
    const to = Math.min(before, s.end + 30 * MIN);
    if (from >= to) continue;
    written += (await writeWindow(p, sink, from, to, { tenantPerSecond: 0, background: false })).platform;
    // The instances the window left running stop at the next release, as they did — if it has come: a stop
    // dated ahead would stand as the state until then (the live feed posts it when its time comes).
    const closing = closingEvents(p, to).filter((e) => Date.parse(e.ts) <= before);
    if (closing.length) await sink.events(closing);
  }
  return written;
}

/** After the backfill, writes what happened since the last tick, every `tickMs`, until stopped. */
export function follow(
  p: Platform,
  sink: FeedSink,
  from: number,
  o: FeedOptions & { tickMs: number; onError?: (err: Error) => void },
): () => void {
  let cursor = from;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    const to = Date.now();
    try {
      await writeWindow(p, sink, cursor, to, o);
      cursor = to;
    } catch (err) {
      o.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
    if (!stopped) {
      timer = setTimeout(tick, o.tickMs);
      timer.unref?.();
    }
  };
  timer = setTimeout(tick, o.tickMs);
  timer.unref?.();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
