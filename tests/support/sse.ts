// Reads a Server-Sent Events response as a person's EventSource would.
export interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
  at: number;
}

export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  let done = false;
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const ev: SseEvent = { event: "message", data: null, at: Date.now() };
          let hasData = false;
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) ev.event = line.slice(7);
            else if (line.startsWith("id: ")) ev.id = line.slice(4);
            else if (line.startsWith("data: ")) {
              ev.data = JSON.parse(line.slice(6));
              hasData = true;
            }
          }
          if (hasData) events.push(ev);
          waiters.splice(0).forEach((w) => w());
        }
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
        if (left <= 0) throw new Error(`timed out; events: ${JSON.stringify(events.map((e) => [e.event, e.data]).slice(-5))}`);
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
