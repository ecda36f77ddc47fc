"use client";

// Pins a request's path to an open incident's timeline as evidence: the link opens exactly the seconds
// the request took (its first line to its last, a second either side), never a window around "now".
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { incidentsQuery } from "@/lib/client/queries/incidents";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { ErrorNotice } from "@/components/ui/page";
import { usePin } from "@/components/incidents/use-pin";
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
  const open = useQuery(incidentsQuery({ status: "open" }));
  const incidents = open.data?.incidents ?? [];
  const [chosen, setChosen] = useState("");
  const target = chosen || incidents[0]?.id || "";
  const { pin, isPinned, error, pending } = usePin(target);
  const window = pathWindow(ts);
  if (!window || !incidents.length) return null;
  const url = correlateHref(
    follows.request_id ? { request_id: follows.request_id } : { trace_id: follows.trace_id ?? "" },
    window,
  );
  const what = follows.request_id ? `request ${follows.request_id}` : `trace ${follows.trace_id}`;
  const ref = incidents.find((i) => i.id === target)?.ref ?? "";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Pin to
        <select className={control} value={target} onChange={(e) => setChosen(e.target.value)}>
          {incidents.map((i) => (
            <option key={i.id} value={i.id}>
              {i.ref} · {i.title}
            </option>
          ))}
        </select>
      </label>
      {isPinned(url) ? (
        <span className="text-xs text-emerald-700 dark:text-emerald-400">Pinned to {ref}</span>
      ) : (
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            pin(
              `The path of ${what}: ${ts.length} line${ts.length === 1 ? "" : "s"}, ${window.start} → ${window.end}`,
              url,
              `The path of ${what}`,
            )
          }
        >
          Pin as evidence
        </Button>
      )}
      {error && <ErrorNotice title="Couldn't pin" message={error.message} />}
    </div>
  );
}
