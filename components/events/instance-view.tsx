"use client";

// One instance for an operator: where and what it runs, its lifecycle oldest first, and each stop with why,
// its resources near death and its logs around it.
import { envHref } from "@/lib/events/links";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PlatformEvent } from "@/lib/events/contract";
import { Button } from "@/components/ui/button";
import { describeInstanceQuery } from "@/lib/client/queries/events";
import { stopWords } from "@/lib/events/words";
import { WithReason } from "@/components/logs/reason-gate";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, Fact, Panel, QueryState } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { EventLines } from "./event-list";

export interface Owner {
  id: string;
  name: string;
  member: boolean;
}

/** Where an instance's lines around a stop are: its org's log view over that window. */
const logsHref = (org: string, instance: string, w: { start: string; end: string }) =>
  `/orgs/${encodeURIComponent(org)}/logs?${new URLSearchParams({ instance, start: w.start, end: w.end })}`;

export function InstanceView({ id, org }: { id: string; org: Owner | null }) {
  if (!org)
    return <ErrorNotice title="No such instance" message={`No event from the platform names instance ${id}.`} />;
  return (
    <WithReason org={org.id} orgName={org.name} needsReason={!org.member} what="instances">
      <Instance id={id} />
    </WithReason>
  );
}

function Instance({ id }: { id: string }) {
  const q = useQuery(describeInstanceQuery(id));
  return (
    <QueryState query={q} rows={6}>
      {(d) => {
        const i = d.instance;
        return (
          <div className="space-y-4">
            <Panel className="p-4">
              <dl className="facts text-sm">
                <Fact label="State">
                  <Badge tone={i.state === "ready" ? "good" : i.state === "failed" ? "bad" : "neutral"}>
                    {i.state}
                  </Badge>{" "}
                  since <Time iso={i.since} />
                </Fact>
                <Fact label="Workload">
                  <Link className="tap underline underline-offset-2" href={envHref(i.org_id, i.app_id, i.env_id)}>
                    {i.org_id} · {i.app_id} · {i.env_id}
                  </Link>{" "}
                  ({i.process_type})
                </Fact>
                <Fact label="Release">{i.release_id ?? "—"}</Fact>
                <Fact label="Where">
                  {i.region}, <span className="font-mono">{i.host_id ?? "—"}</span>
                </Fact>
                {i.reason && <Fact label="Why it stopped">{stopWords(i)}</Fact>}
              </dl>
            </Panel>
            <Panel className="p-4">
              <h2 className="mb-2 font-medium">Stops (newest first)</h2>
              {d.stops.length === 0 ? (
                <p className="text-sm text-muted">It has not stopped.</p>
              ) : (
                <ul className="space-y-2 text-sm" aria-label="Stops">
                  {[...d.stops].reverse().map((s) => (
                    <li key={s.at} className="flex flex-wrap items-baseline gap-x-3">
                      <Time iso={s.at} />
                      <Link
                        className="tap underline underline-offset-2"
                        href={logsHref(i.org_id, i.instance_id, s.logs)}
                      >
                        Logs around it
                      </Link>
                      <span className="basis-full">{stopWords(s)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Panel>
            <Lifecycle id={i.instance_id} events={d.timeline} />
          </div>
        );
      }}
    </QueryState>
  );
}

const LIFECYCLE_SHOWN = 50;

/** Its lifecycle newest first: the latest fifty, all on request. */
function Lifecycle({ id, events }: { id: string; events: PlatformEvent[] }) {
  const [all, setAll] = useState(false);
  const newest = [...events].reverse();
  return (
    <Panel className="p-4">
      <h2 className="mb-1 font-medium">Lifecycle (newest first)</h2>
      <EventLines
        view="operator"
        events={all ? newest : newest.slice(0, LIFECYCLE_SHOWN)}
        label={`Lifecycle of ${id}`}
        here="instance"
      />
      {!all && newest.length > LIFECYCLE_SHOWN && (
        <Button variant="secondary" onClick={() => setAll(true)}>
          All {newest.length} events
        </Button>
      )}
    </Panel>
  );
}
