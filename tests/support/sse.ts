// Reads a Server-Sent Events response as a person's EventSource would (the same parser as the CLI).
import { EventSourceParserStream } from "eventsource-parser/stream";
export interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
  at: number;
}

export function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  const events: SseEvent[] = [];
  let done = false;
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        events.push({
          event: value.event ?? "message",
          id: value.id,
          data: value.data ? JSON.parse(value.data) : null,
          at: Date.now(),
        });
        waiters.splice(0).forEach((w) => w());
      }
    } catch {
      // cancelled
    }
    done = true;
    waiters.splice(0).forEach((w) => w());
  })();
  return {
    events,
    get done() {
      return done;
    },
    /** Waits until `pred` holds over the events so far, or fails after `ms`. */
    async until(pred: (events: SseEvent[]) => boolean, ms = 3000): Promise<SseEvent[]> {
      const deadline = Date.now() + ms;
      while (!pred(events)) {
        if (done) throw new Error(`stream ended; events: ${JSON.stringify(events.map((e) => e.event))}`);
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`timed out; events: ${JSON.stringify(events.map((e) => [e.event, e.data]).slice(-5))}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, Math.min(left, 100));
        });
      }
      return events;
    },
    close: () => reader.cancel().catch(() => {}),
  };
}
