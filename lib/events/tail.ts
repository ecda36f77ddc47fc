// The platform's events as they happen, over Server-Sent Events. Each committed batch announces its
// positions on every console process (Postgres LISTEN/NOTIFY, lib/realtime); a tail reads the batch's
// events that match its filters and sends them as `event`, with the position as the id. A stream resumes
// from Last-Event-ID with a backfill, starts a fresh viewer at the head ("ready" carries it), and ends after
// the tail's max duration with `reconnect`. Each open stream holds a lease counted per org, person and
// process, as log tails do.
import "server-only";
import { and, asc, desc, gt, gte, lte, type SQL } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { platformEvents } from "@/lib/db/schema";
import { ApiError, logError } from "@/lib/http/errors";
import { acquireLease, isLease } from "@/lib/limits";
import { logLimits } from "@/lib/kinds/limits";
import { auditStreamClose } from "@/lib/kinds/reader";
import { sseResponse } from "@/lib/realtime/sse";
import { eventsChannel, toEvent } from "./index";
import { eventsWhere, type EventsCtx } from "./read";
import type { TailQuery } from "./contract";
import type { View } from "./rules";

const HEARTBEAT_MS = 15_000;
const BACKFILL_MAX = 5000;
const BATCH_MAX = 10_000;
const LEASE = "platform_events_tail";

async function head(): Promise<number> {
  const [row] = await db()
    .select({ seq: platformEvents.seq })
    .from(platformEvents)
    .orderBy(desc(platformEvents.seq))
    .limit(1);
  return row?.seq ?? 0;
}

/** Opens a tail of the events the filters select (a tenant's view: its org's, without the platform's internals). */
export async function openEventsTail(
  ctx: EventsCtx,
  filters: TailQuery,
  view: View,
  scope: { org: string | null },
): Promise<Response> {
  const limits = logLimits();
  const lease = await acquireLease(
    LEASE,
    { org: scope.org, user: ctx.actor.user.id },
    {
      per_org: limits.max_tails_per_org,
      per_user: limits.max_tails_per_user,
      per_process: limits.max_tails_per_process,
    },
  );
  if (!isLease(lease))
    throw new ApiError(
      "rate_limited",
      `At most ${lease.max} live event tails may be open (${lease.cap.replace("per_", "per ")}); close one, or retry shortly.`,
      { retryAfter: 10, details: { limit: lease.cap, open: lease.open, max: lease.max } },
    );
  const where = eventsWhere(filters, view);
  const lastEventId = ctx.req.headers.get("last-event-id") ?? filters.after;
  const resumeFrom = lastEventId && /^\d{1,18}$/.test(lastEventId) ? Number(lastEventId) : undefined;
  Object.assign(ctx.auditDetails, { filters, resume_from: resumeFrom ?? null });
  const read = (range: SQL[], limit: number) =>
    db()
      .select()
      .from(platformEvents)
      .where(and(...where, ...range))
      .orderBy(asc(platformEvents.seq))
      .limit(limit);
  let sent = 0;
  let lastSent = resumeFrom ?? 0;
  let queue: Promise<void> = Promise.resolve();
  let maxTimer: ReturnType<typeof setTimeout> | undefined;
  const started = Date.now();
  return sseResponse(
    async (ch) => {
      const from = resumeFrom ?? (await head());
      lastSent = Math.max(lastSent, from);
      // Batches may commit out of position order: each event is sent once, whatever order its batch lands in.
      const seen = new Set<number>();
      const emit = (rows: Awaited<ReturnType<typeof read>>) => {
        for (const r of rows) {
          if (r.seq <= from || seen.has(r.seq)) continue;
          seen.add(r.seq);
          ch.send("event", toEvent(r, view), r.seq);
          lastSent = Math.max(lastSent, r.seq);
          sent++;
        }
      };
      // Listen first, then backfill after the start: nothing falls between the two, and the queue keeps order.
      const listening = await ch.listen(eventsChannel, ({ min, max }) => {
        queue = queue
          .then(async () => {
            if (ch.closed || max <= from) return;
            emit(
              await read([gte(platformEvents.seq, Math.max(min, from + 1)), lte(platformEvents.seq, max)], BATCH_MAX),
            );
          })
          .catch((e) => logError("event tail delivery failed", e));
      });
      if (!listening) return;
      ch.send("ready", { view, max_seconds: limits.tail_max_seconds }, from);
      queue = queue.then(async () => {
        const rows = await read([gt(platformEvents.seq, from)], BACKFILL_MAX + 1);
        emit(rows.slice(0, BACKFILL_MAX));
        if (rows.length > BACKFILL_MAX)
          ch.send("dropped", {
            count: null,
            reason: `backfill is limited to ${BACKFILL_MAX} events; query the gap instead`,
          });
      });
      maxTimer = setTimeout(() => {
        void queue.then(() => {
          ch.send("reconnect", { reason: "max_duration", last_event_id: lastSent || null });
          ch.close("max_duration");
        });
      }, limits.tail_max_seconds * 1000);
    },
    {
      heartbeatMs: HEARTBEAT_MS,
      signal: ctx.req.signal,
      onClose: async (reason) => {
        if (maxTimer) clearTimeout(maxTimer);
        void auditStreamClose({ ...ctx, statedReason: null }, "events.tail_close", scope.org, {
          events: sent,
          duration_ms: Date.now() - started,
          reason,
        });
        await lease.release();
      },
    },
  );
}
