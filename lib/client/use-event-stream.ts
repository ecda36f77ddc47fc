"use client";

// A page's live feed: an EventSource on one of the console's event streams, handlers per event name
// (data parsed), and whether it is connected (`ready` received, no error since) for a live indicator.
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
): boolean {
  const [live, setLive] = useState(false);
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const es = new EventSource(url);
    es.addEventListener("ready", () => setLive(true));
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
