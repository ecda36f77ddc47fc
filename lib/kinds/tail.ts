// Live tail over Server-Sent Events, for every kind of log. New lines arrive through the database's
// LISTEN/NOTIFY (each committed ingest batch announces its id range per scope), are filtered with the tail's selector,
// and are sent as `line` events, rate limited per stream (the excess is counted in `dropped` events).
// A stream resumes from Last-Event-ID with a backfill (within the query window limit) and ends after
// the max duration with a `reconnect` event; EventSource reconnects by itself and resumes without a gap.
// A fresh stream starts at its scope's position, which "ready" carries as its event id, so even a viewer
// that has had no line yet resumes from where it started.
// Each open stream holds a lease (lib/limits) counted per org, per person and per process across every
// console process; the lease is freed when the stream ends for any reason.
import "server-only";
import { ApiError, logError } from "@/lib/http/errors";
import { acquireLease, isLease } from "@/lib/limits";
import { sseResponse, type SseChannel } from "@/lib/realtime/sse";
import type { Filters, KindDecl } from "./declare";
import {
  channelOf,
  checkAccess,
  describeSelector,
  limits as limitsOf,
  selectorOf,
  storeOf,
  type ReadCtx,
} from "./kind";
import { leaseOf } from "./limits";
import { auditStreamClose } from "./reader";

const HEARTBEAT_MS = 15_000;
const BACKFILL_MAX = 5000;
const BATCH_MAX = 20_000;

const CAP_WORDS = { per_org: "per org", per_user: "per person", per_process: "on this console process" } as const;

export async function openTail<K extends KindDecl>(
  kind: K,
  ctx: ReadCtx,
  scope: string | null,
  input: Filters & { after?: string },
): Promise<Response> {
  await checkAccess(kind, ctx, scope);
  const limits = limitsOf(kind);
  const store = storeOf(kind);
  const lease = await acquireLease(
    leaseOf(kind),
    { org: scope, user: ctx.actor.user.id },
    {
      per_org: limits.max_tails_per_org,
      per_user: limits.max_tails_per_user,
      per_process: limits.max_tails_per_process,
    },
  );
  if (!isLease(lease)) {
    throw new ApiError(
      "rate_limited",
      `At most ${lease.max} live tails may be open ${CAP_WORDS[lease.cap]} (${lease.open}/${lease.max} open). Close one, or retry shortly.`,
      {
        retryAfter: 10,
        details: { limit: lease.cap, open: lease.open, max: lease.max },
      },
    );
  }
  const sel = selectorOf(kind, scope, input);
  const lastEventId = ctx.viewer?.lastEventId ?? input.after;
  const resumeFrom = lastEventId && /^\d{1,18}$/.test(lastEventId) ? Number(lastEventId) : undefined;
  Object.assign(ctx.auditDetails, describeSelector(sel), { resume_from: resumeFrom ?? null });

  const started = Date.now();
  const rate = limits.tail_lines_per_second;
  let tokens = rate;
  let refilledAt = started;
  let sent = 0;
  let droppedTotal = 0;
  let lastId = resumeFrom ?? 0;
  let queue: Promise<void> = Promise.resolve();
  let maxTimer: ReturnType<typeof setTimeout> | undefined;

  const emit = (ch: SseChannel, lines: { id: string }[], limited: boolean) => {
    let dropped = 0;
    const now = Date.now();
    tokens = Math.min(rate, tokens + ((now - refilledAt) / 1000) * rate);
    refilledAt = now;
    for (const line of lines) {
      const id = Number(line.id);
      if (limited && tokens < 1) {
        dropped++;
      } else {
        if (limited) tokens -= 1;
        ch.send("line", line, id);
        sent++;
      }
      if (id > lastId) lastId = id;
    }
    if (dropped) {
      droppedTotal += dropped;
      ch.send("dropped", { count: dropped, limit_per_second: rate });
    }
  };

  const onClose = async (reason: string) => {
    if (maxTimer) clearTimeout(maxTimer);
    void auditStreamClose(ctx, `${kind.name}.tail_close`, scope, {
      lines: sent,
      dropped: droppedTotal,
      duration_ms: Date.now() - started,
      reason,
    });
    // Awaited: a stream cancelled because its read could not be audited has given its lease back by the time the 503 leaves.
    await lease.release();
  };

  return sseResponse(
    async (ch) => {
      // A fresh stream starts at the scope's position: every line committed from then on has a greater
      // id. It listens next, then backfills after its start, so nothing falls between the two; "ready"
      // carries the start as its event id, so a viewer that leaves before its first line resumes from
      // there and loses nothing committed while it was away.
      const from = resumeFrom ?? (await store.position(scope));
      lastId = Math.max(lastId, from);
      const backfilled = new Set<number>();
      const listening = await ch.listen(channelOf(kind), ({ scope: batchScope, min, max }) => {
        if (scope !== null && batchScope !== scope) return;
        queue = queue
          .then(async () => {
            if (ch.closed) return;
            const lines = await store.byId(sel, { min, max }, BATCH_MAX);
            emit(
              ch,
              lines.filter((l) => Number(l.id) > from && !backfilled.has(Number(l.id))),
              true,
            );
          })
          .catch((e) => logError("tail delivery failed", e));
      });
      if (!listening) return;
      ch.send("ready", { scope, limit_per_second: rate, max_seconds: limits.tail_max_seconds }, from);
      // A resume reaches back no further than a query may: the window limit, and never past retention.
      const since = new Date(
        Date.now() - Math.min(limits.max_window_hours * 3_600_000, limits.retention_days * 86_400_000),
      );
      queue = queue.then(async () => {
        const lines = await store.byId(sel, { after: from, since }, BACKFILL_MAX + 1);
        const page = lines.slice(0, BACKFILL_MAX);
        page.forEach((l) => backfilled.add(Number(l.id)));
        emit(ch, page, false);
        if (lines.length > BACKFILL_MAX)
          ch.send("dropped", {
            count: null,
            reason: `backfill is limited to ${BACKFILL_MAX} lines; query the gap instead`,
          });
      });
      maxTimer = setTimeout(() => {
        void queue.then(() => {
          ch.send("reconnect", {
            reason: "max_duration",
            max_seconds: limits.tail_max_seconds,
            last_event_id: lastId || null,
          });
          ch.close("max_duration");
        });
      }, limits.tail_max_seconds * 1000);
    },
    { heartbeatMs: HEARTBEAT_MS, signal: ctx.viewer?.signal, onClose },
  );
}
