"use client";

// The platform's events as lines a person reads, newest first: when, what in plain words, and — for an
// operator — links to the instance and route it concerns. What needs noticing (an unplanned stop, a failed
// check or apply) is marked.
import { envHref, instanceHref, routeHref } from "@/lib/events/links";
import Link from "next/link";
import type { PlatformEvent } from "@/lib/events/contract";
import { eventWords, isTrouble } from "@/lib/events/words";
import type { EventView } from "@/lib/client/queries/events";
import { Time } from "@/components/ui/time";

export function EventLines({
  view,
  events,
  label,
  here,
}: {
  view: EventView;
  events: PlatformEvent[];
  label: string;
  /** On an instance's or a route's own page, its events do not link back to it. */
  here?: "instance" | "route";
}) {
  return (
    <ol className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" aria-label={label}>
      {events.map((e) => {
        const trouble = isTrouble(e);
        return (
          <li
            key={e.event_id}
            data-kind={e.kind}
            className={`flex flex-wrap gap-x-3 gap-y-0.5 py-1.5 ${trouble ? "text-red-800 dark:text-red-300" : ""}`}
          >
            <span className="shrink-0 text-muted tabular-nums">
              <Time iso={e.ts} compact />
            </span>
            <span className="min-w-0 flex-1 break-words">
              {trouble && <span className="sr-only">Needs attention: </span>}
              {eventWords(e, view)}
            </span>
            {view === "operator" && (
              <span className="flex shrink-0 gap-3 text-xs">
                {e.instance_id && here !== "instance" && (
                  <Link className="tap underline underline-offset-2" href={instanceHref(e.instance_id)}>
                    instance
                  </Link>
                )}
                {e.route && here !== "route" && (
                  <Link className="tap underline underline-offset-2" href={routeHref(e.route)}>
                    route
                  </Link>
                )}
                {e.org_id && e.app_id && e.env_id && (
                  <Link className="tap underline underline-offset-2" href={envHref(e.org_id, e.app_id, e.env_id)}>
                    env
                  </Link>
                )}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
