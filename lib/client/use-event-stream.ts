"use client";

// A page's live feed: an EventSource on one of the console's event streams, handlers per event name
// (data parsed), and whether it is connected (`ready` received, no error since) for a live indicator.
import { useEffect, useRef, useState } from "react";

export function useEventStream(url: string, handlers: Record<string, (data: unknown) => void>): boolean {
  const [live, setLive] = useState(false);
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const es = new EventSource(url);
    es.addEventListener("ready", () => setLive(true));
    for (const name of Object.keys(current.current)) {
      es.addEventListener(name, (e) => current.current[name]?.(JSON.parse((e as MessageEvent).data)));
    }
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [url]);
  return live;
}
