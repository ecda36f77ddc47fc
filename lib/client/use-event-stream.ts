"use client";

// A page's live feed: an EventSource on one of the console's event streams, handlers per event name
// (data parsed), and whether it is connected (`ready` received, no error since) for a live indicator.
// At every `ready` — the first connection and each reconnection — `onReady` reconciles: what was
// committed before the stream listened (between the page's load and now, or while it was away) is
// read again, since no event will bring it.
import { useEffect, useRef, useState } from "react";

/** One handler per event name, each given that event's data as the stream sends it. */
export type StreamHandlers<Events> = { [Name in keyof Events]: (data: Events[Name]) => void };

/**
 * `Events` names what each event of the stream carries: the stream's contract, trusted as the answers of
 * `api` are (the server writes them from the same types).
 */
export function useEventStream<Events extends Record<string, unknown>>(
  url: string,
  handlers: StreamHandlers<Events>,
  onReady?: () => void,
): boolean {
  const [live, setLive] = useState(false);
  const current = useRef(handlers);
  const ready = useRef(onReady);
  useEffect(() => {
    current.current = handlers;
    ready.current = onReady;
  });
  useEffect(() => {
    const es = new EventSource(url);
    es.addEventListener("ready", () => {
      setLive(true);
      ready.current?.();
    });
    for (const name of Object.keys(current.current)) {
      es.addEventListener(name, (e) => dispatch(current.current, name, e.data));
    }
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [url]);
  return live;
}

/** Hands an event's parsed data to the handler of its name, if there is one. */
function dispatch<Events extends Record<string, unknown>>(
  handlers: StreamHandlers<Events>,
  name: string,
  data: string,
): void {
  for (const [key, handler] of Object.entries(handlers)) if (key === name) handler(JSON.parse(data));
}
