// A Server-Sent Events response: named events with ids, a retry hint, heartbeats, and one cleanup
// when either side ends the stream — the client leaving, the server closing, or a client that does not
// read: a stream nobody starts reading within NEVER_READ_MS, or whose unread queue outgrows
// MAX_QUEUED events, is ended so that it holds no slot and no memory.
import "server-only";
import { listen, type Channel } from "./channel";
import { logError } from "@/lib/http/errors";

export interface SseChannel {
  send(event: string, data: unknown, id?: number | string): void;
  close(reason?: string): void;
  readonly closed: boolean;
  /**
   * Listens on a realtime channel for as long as the stream is open (unsubscribed when it ends), with
   * each payload checked against the channel's schema. False when the viewer left while the
   * subscription was being set up: stop there.
   */
  listen<T>(channel: Channel<T>, fn: (payload: T) => void): Promise<boolean>;
}

/** What a live stream needs to know about its viewer: when they leave, and where they resume. */
export interface Viewer {
  signal?: AbortSignal;
  lastEventId: string | null;
}

export const viewerOf = (req: Request): Viewer => ({
  signal: req.signal,
  lastEventId: req.headers.get("last-event-id"),
});

const NEVER_READ_MS = 15_000;
const MAX_QUEUED = 10_000;

export function sseResponse(
  setup: (ch: SseChannel) => Promise<void> | void,
  opts: { heartbeatMs?: number; onClose?: (reason: string) => unknown; signal?: AbortSignal } = {},
): Response {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  let beat: ReturnType<typeof setInterval> | undefined;
  let unread: ReturnType<typeof setTimeout> | undefined;
  let enqueued = 0;
  const stops: (() => void)[] = [];
  /** Ends the stream; settles once `onClose` has (a cancelled body's `cancel()` waits for it). */
  const end = async (reason: string): Promise<void> => {
    if (closed) return;
    closed = true;
    if (beat) clearInterval(beat);
    if (unread) clearTimeout(unread);
    stops.splice(0).forEach((stop) => stop());
    try {
      controller?.close();
    } catch {
      // already closed by the client
    }
    await opts.onClose?.(reason);
  };
  const ch: SseChannel = {
    send(event, data, id) {
      if (closed || !controller) return;
      try {
        controller.enqueue(
          encoder.encode(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        );
        enqueued++;
      } catch {
        void end("client_gone");
        return;
      }
      if ((controller.desiredSize ?? 0) < -MAX_QUEUED) void end("client_not_reading");
    },
    close: (reason = "server_done") => void end(reason),
    async listen(channel, fn) {
      const stop = await listen(channel, fn);
      if (closed) {
        stop();
        return false;
      }
      stops.push(stop);
      return true;
    },
    get closed() {
      return closed;
    },
  };
  const source: UnderlyingDefaultSource<Uint8Array> = {
    async start(c) {
      controller = c;
      // With a high-water mark of 0 the queue's length is -desiredSize: a chunk gone from it was read.
      unread = setTimeout(() => {
        if (enqueued + (c.desiredSize ?? 0) === 0) void end("never_read");
      }, NEVER_READ_MS);
      c.enqueue(encoder.encode("retry: 1000\n\n"));
      enqueued++;
      beat = setInterval(() => ch.send("heartbeat", { at: new Date().toISOString() }), opts.heartbeatMs ?? 15_000);
      opts.signal?.addEventListener("abort", () => void end("client_gone"));
      try {
        await setup(ch);
      } catch (err) {
        logError("event stream failed", err);
        void end("error");
      }
    },
    pull() {
      // Someone reads: the stream is in use.
      if (unread) clearTimeout(unread);
      unread = undefined;
    },
    cancel() {
      return end("client_gone");
    },
  };
  // Pull only when a reader asks, so a stream nobody reads is seen as such.
  const stream = new ReadableStream<Uint8Array>(source, { highWaterMark: 0 });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
