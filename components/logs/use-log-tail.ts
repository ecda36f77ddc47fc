"use client";

// Live tail through EventSource: line and dropped events, reconnects (the browser resumes with
// Last-Event-ID), pause with a buffer, and whether the tail is live.
import { useCallback, useEffect, useRef, useState } from "react";
import type { LogRecord } from "@/lib/client/queries/logs";

export type TailItem<L extends LogRecord = LogRecord> =
  { kind: "line"; line: L } | { kind: "dropped"; id: string; count: number | null; at: string };

export type TailState = "off" | "connecting" | "live" | "reconnecting" | "failed";

export function useLogTail<L extends LogRecord = LogRecord>(
  url: string | null,
  onItems: (items: TailItem<L>[]) => void,
) {
  const [status, setStatus] = useState<{ url: string | null; state: TailState }>({ url: null, state: "off" });
  const [paused, setPausedState] = useState(false);
  const [buffered, setBuffered] = useState(0);
  const buffer = useRef<TailItem<L>[]>([]);
  const pausedRef = useRef(false);
  const onItemsRef = useRef(onItems);
  useEffect(() => {
    onItemsRef.current = onItems;
  }, [onItems]);

  const setPaused = useCallback((p: boolean) => {
    pausedRef.current = p;
    setPausedState(p);
    if (!p && buffer.current.length) {
      onItemsRef.current(buffer.current.splice(0));
      setBuffered(0);
    }
  }, []);

  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url);
    const set = (state: TailState) => setStatus({ url, state });
    let pending: TailItem<L>[] = [];
    let scheduled = false;
    const push = (item: TailItem<L>) => {
      pending.push(item);
      if (scheduled) return;
      scheduled = true;
      // A burst becomes one render per frame.
      requestAnimationFrame(() => {
        scheduled = false;
        const items = pending;
        pending = [];
        if (pausedRef.current) {
          buffer.current.push(...items);
          setBuffered(buffer.current.length);
        } else onItemsRef.current(items);
      });
    };
    es.addEventListener("ready", () => set("live"));
    es.addEventListener("line", (e) => push({ kind: "line", line: JSON.parse(e.data) }));
    es.addEventListener("dropped", (e) => {
      const d: unknown = JSON.parse(e.data);
      const count = typeof d === "object" && d !== null && "count" in d && typeof d.count === "number" ? d.count : null;
      push({ kind: "dropped", id: `dropped-${Date.now()}-${Math.random()}`, count, at: new Date().toISOString() });
    });
    es.addEventListener("reconnect", () => set("reconnecting"));
    es.onerror = () => set(es.readyState === EventSource.CLOSED ? "failed" : "reconnecting");
    return () => es.close();
  }, [url]);

  const state: TailState = !url ? "off" : status.url === url ? status.state : "connecting";
  return { state, buffered, paused, setPaused };
}
