"use client";

// Pins a request's path to an open incident's timeline as evidence: the link opens exactly the seconds
// the request took (its first line to its last, a second either side), never a window around "now".
import { PinTo } from "@/components/incidents/pin-to";
import { correlateHref } from "@/lib/correlate/links";

const SECOND = 1000;

/** The path's own window: its first line to its last, a second either side. */
export function pathWindow(ts: string[]): { start: string; end: string } | null {
  const times = ts.map(Date.parse).filter(Number.isFinite);
  if (!times.length) return null;
  return {
    start: new Date(Math.min(...times) - SECOND).toISOString(),
    end: new Date(Math.max(...times) + SECOND).toISOString(),
  };
}

export function PinPath({ follows, ts }: { follows: { request_id?: string; trace_id?: string }; ts: string[] }) {
  const window = pathWindow(ts);
  if (!window) return null;
  const url = correlateHref(
    follows.request_id ? { request_id: follows.request_id } : { trace_id: follows.trace_id ?? "" },
    window,
  );
  const what = follows.request_id ? `request ${follows.request_id}` : `trace ${follows.trace_id}`;
  return (
    <PinTo
      url={url}
      body={`The path of ${what}: ${ts.length} line${ts.length === 1 ? "" : "s"}, ${window.start} → ${window.end}`}
      label={`The path of ${what}`}
    />
  );
}
