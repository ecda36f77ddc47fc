"use client";

// The platform's event stream for an operator: filters in the URL (org, app, env, route, instance, kind),
// the newest first, and — live — new events on top as the control plane appends them (the stream resumes
// from the last one it sent after a drop).
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PlatformEvent, tailEventsEndpoint } from "@/lib/events/contract";
import { eventsQuery, type EventFilters } from "@/lib/client/queries/events";
import { pathOf } from "@/lib/client/api";
import { useEventStream } from "@/lib/client/use-event-stream";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { PLATFORM_EVENT_KINDS } from "@/lib/vocabulary";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/input-field";
import { SelectField } from "@/components/ui/select-field";
import { EmptyState, LiveStatus, Panel, QueryState } from "@/components/ui/page";
import { EventLines } from "./event-list";

const TEXT_FILTERS = ["org", "app", "env", "route", "instance"] as const;
const LIVE_KEEP = 500;
const ALL_BUT_CURSORS = PLATFORM_EVENT_KINDS.filter((k) => k !== "consumer.cursor");

export function PlatformEventsView() {
  const { params, set } = useUrlFilters();
  const filters: EventFilters = {
    ...Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) || undefined])),
    // Without a kind chosen, everything but the consumers' cursor reports (they have their own table above).
    kind: params.get("kind") === "all" ? [] : params.getAll("kind").length ? params.getAll("kind") : ALL_BUT_CURSORS,
  };
  const key = JSON.stringify(filters);
  const [live, setLive] = useState(false);
  return (
    <Panel className="p-4">
      <section aria-labelledby="events-heading" className="space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          <h2 id="events-heading" className="mr-auto font-medium">
            Events
          </h2>
          {TEXT_FILTERS.map((k) => (
            <InputField
              key={k}
              label={k}
              defaultValue={params.get(k) ?? ""}
              className="w-32"
              onBlur={(e) => set(k, e.currentTarget.value.trim())}
              onKeyDown={(e) => e.key === "Enter" && set(k, e.currentTarget.value.trim())}
            />
          ))}
          <SelectField
            label="kind"
            value={params.get("kind") ?? ""}
            onChange={(v) => set("kind", v)}
            options={[
              ["", "every kind but cursors"],
              ["all", "every kind"],
              ...PLATFORM_EVENT_KINDS.map((k) => [k, k] as const),
            ]}
          />
          <Button variant={live ? "primary" : "secondary"} aria-pressed={live} onClick={() => setLive(!live)}>
            {live ? "Live: on" : "Go live"}
          </Button>
        </div>
        {live && <LiveEvents key={key} filters={filters} />}
        <EventPages key={`pages-${key}`} filters={filters} />
      </section>
    </Panel>
  );
}

/** New events as they are appended, newest first (the last LIVE_KEEP). */
function LiveEvents({ filters }: { filters: EventFilters }) {
  const [events, setEvents] = useState<PlatformEvent[]>([]);
  const connected = useEventStream<{ event: PlatformEvent }>(
    pathOf<typeof tailEventsEndpoint>("GET /api/v1/platform/events/tail", {
      query: { ...filters, kind: filters.kind?.length ? filters.kind : undefined },
    }),
    {
      event: (e) =>
        setEvents((old) => (old.some((x) => x.event_id === e.event_id) ? old : [e, ...old].slice(0, LIVE_KEEP))),
    },
  );
  return (
    <div className="rounded-md border border-indigo-200 p-2 dark:border-indigo-900">
      <p className="text-sm">
        <LiveStatus live={connected} /> {events.length ? `${events.length} new` : "waiting for new events…"}
      </p>
      {events.length > 0 && <EventLines view="operator" events={events} label="New events" />}
    </div>
  );
}

function EventPages({ filters }: { filters: EventFilters }) {
  const q = useInfiniteQuery(eventsQuery(filters));
  return (
    <QueryState query={q} empty={(d) => (d.pages[0]?.events.length ? null : <EmptyState title="No events match" />)}>
      {(d) => (
        <>
          <EventLines view="operator" events={d.pages.flatMap((p) => p.events)} label="Events, newest first" />
          {q.hasNextPage && (
            <Button variant="secondary" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
              {q.isFetchingNextPage ? "Loading…" : "Older events"}
            </Button>
          )}
        </>
      )}
    </QueryState>
  );
}
