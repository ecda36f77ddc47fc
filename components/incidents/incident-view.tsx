"use client";

// The incident page an IC keeps open: header with freeze banner, controls, the live timeline with
// corrections, a composer that keeps its draft, follow-ups and the postmortem export.
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { exportIncidentEndpoint, Incident, incidentEventsEndpoint, TimelineEntry } from "@/lib/incidents/contract";
import { incidentKeys, incidentQuery, mergeTimeline } from "@/lib/client/queries/incidents";
import { pathOf } from "@/lib/client/api";
import { ErrorNotice, Fact, LiveStatus, Panel, Skeleton } from "@/components/ui/page";
import { useEventStream } from "@/lib/client/use-event-stream";
import { Time } from "@/components/ui/time";
import { FocusPanel } from "@/components/ui/use-panel-focus";
import { SeverityBadge, StatusBadge } from "./badges";
import { Composer, useEntryDraft } from "./composer";
import { FollowUps } from "./follow-ups";
import { Controls } from "./incident-controls";
import { Investigate } from "./investigate";
import { AttachedAlerts } from "./attached-alerts";
import type { People } from "./people";
import { Timeline } from "./timeline";
import { ShortcutsHelp, useShortcuts } from "./incident-shortcuts";
import { CustomerUpdateDue, Summary } from "./incident-summary";
import { PublicView } from "./incident-public";
import { ServicesEdit } from "./services-edit";
import { age, canEditSummary } from "@/lib/incidents/rules";

const duration = (i: Incident) => age(i.impact_started_at ?? i.declared_at, Date.now(), i.resolved_at);

/** The postmortem's download, as Markdown or JSON. */
const exportHref = (id: string, format: "markdown" | "json") =>
  pathOf<typeof exportIncidentEndpoint>("GET /api/v1/incidents/{id}/export", { params: { id }, query: { format } });

/** Keeps the timeline and header current from the incident's event stream, reconciling at each `ready`. */
function useLiveIncident(id: string) {
  const qc = useQueryClient();
  return useEventStream<{ entry: TimelineEntry; incident: Incident }>(
    pathOf<typeof incidentEventsEndpoint>("GET /api/v1/incidents/{id}/events", { params: { id } }),
    {
      entry: (entry) => {
        qc.setQueryData(incidentKeys.streamed(id), (old: TimelineEntry[] | undefined) => [...(old ?? []), entry]);
        qc.setQueryData(incidentKeys.timeline(id), (old: { entries: TimelineEntry[] } | undefined) =>
          old && !old.entries.some((x) => x.id === entry.id) ? mergeTimeline(old.entries, [entry]) : old,
        );
      },
      incident: (incident) => qc.setQueryData(incidentKeys.detail(id), { incident }),
    },
    () => void qc.invalidateQueries({ queryKey: incidentKeys.detail(id) }),
  );
}

export function IncidentView({
  id,
  people,
  me,
  canWrite,
  canReadPlatformLogs,
  runbooks,
  initial,
}: {
  id: string;
  people: People;
  me: string;
  canWrite: boolean;
  canReadPlatformLogs: boolean;
  runbooks: { slug: string; title: string }[];
  /** The incident and its timeline as the server read them for this page (refreshed at once on the client). */
  initial?: { incident: Incident; timeline: { entries: TimelineEntry[] } };
}) {
  const qc = useQueryClient();
  const [seeded] = useState(() => {
    if (initial && !qc.getQueryData(incidentKeys.timeline(id)))
      qc.setQueryData(incidentKeys.timeline(id), initial.timeline);
    return true;
  });
  const inc = useQuery({
    ...incidentQuery(id),
    initialData: seeded && initial ? { incident: initial.incident } : undefined,
  });
  const live = useLiveIncident(id);
  const draft = useEntryDraft(id);
  const [help, setHelp] = useState(false);
  const [editServices, setEditServices] = useState(false);
  const [onHelp] = useState(() => toggleHelp(setHelp));
  useShortcuts(onHelp);
  if (inc.isPending) return <Skeleton rows={8} />;
  if (inc.isError) return <ErrorNotice title="Couldn't load the incident" message={inc.error.message} />;
  const i = inc.data.incident;
  const name = (uid: string | null) => (uid ? (people[uid] ?? uid) : "—");
  return (
    <div className="space-y-4">
      {i.freezes_deploys && (
        <div
          role="status"
          className="rounded-md border border-red-300 bg-red-50 px-4 py-2 text-sm font-medium text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          Deploy freeze in effect{i.services.length ? ` for ${i.services.join(", ")}` : ""}
          {i.regions.length ? ` in ${i.regions.join(", ")}` : ""} until this incident is mitigated. Exceptions: the IC
          only.
        </div>
      )}
      <Panel className="p-4">
        <div className="flex flex-wrap items-center gap-3">
          <span className="font-mono text-sm text-muted">{i.ref}</span>
          <SeverityBadge severity={i.severity} />
          <StatusBadge status={i.status} />
          <h1 className="order-last min-w-0 basis-full text-lg font-semibold break-words sm:order-none sm:basis-0 sm:flex-1">
            {i.title}
          </h1>
          <LiveStatus live={live} />
          <button
            type="button"
            className="hidden text-xs text-muted underline underline-offset-2 md:inline"
            aria-keyshortcuts="?"
            onClick={onHelp}
          >
            Shortcuts (?)
          </button>
        </div>
        <Summary
          id={i.id}
          summary={i.summary}
          editable={canWrite && canEditSummary({ commanderId: i.commander_id }, me)}
        />
        {canWrite && <CustomerUpdateDue id={id} incident={i} draft={draft} />}
        <dl className="facts mt-3 text-sm">
          <Fact label="Incident commander">{name(i.commander_id)}</Fact>
          <Fact label="Duration">{duration(i)}</Fact>
          <Fact label="Declared">
            <Time iso={i.declared_at} />
          </Fact>
          <Fact label="Impact started">
            <Time iso={i.impact_started_at} />
          </Fact>
          <Fact label="Services">
            {i.services.join(", ") || "—"}
            {canWrite && (
              <button
                type="button"
                aria-expanded={editServices}
                className="ml-2 text-xs text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
                onClick={() => setEditServices(!editServices)}
              >
                Edit services
              </button>
            )}
          </Fact>
          <Fact label="Regions">{i.regions.join(", ") || "—"}</Fact>
          <Fact label="Mitigated">
            <Time iso={i.mitigated_at} />
          </Fact>
          <Fact label="Resolved">
            <Time iso={i.resolved_at} />
          </Fact>
          {Object.entries(i.roles).map(([role, uid]) => (
            <Fact key={role} label={role.replace(/_/g, " ")}>
              {name(uid)}
            </Fact>
          ))}
        </dl>
        {editServices && (
          <FocusPanel onClose={() => setEditServices(false)}>
            <ServicesEdit incident={i} onClose={() => setEditServices(false)} />
          </FocusPanel>
        )}
        <PublicView incident={i} canWrite={canWrite} />
        {canWrite && <Controls id={id} incident={i} people={people} me={me} />}
      </Panel>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      <Investigate incident={i} pinTo={id} canPin={canWrite} canReadPlatformLogs={canReadPlatformLogs} />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          {canWrite && <Composer id={id} draft={draft} runbooks={runbooks} />}
          <Timeline id={id} name={name} onCorrect={canWrite ? draft.correct : undefined} />
        </div>
        <div className="space-y-4">
          <AttachedAlerts id={i.id} people={people} />
          <FollowUps id={id} people={people} canWrite={canWrite} />
          <Panel className="p-4 text-sm">
            <h2 className="font-medium">Postmortem</h2>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">
              {i.status === "resolved"
                ? "Root cause, lessons and action items, drafted from this incident."
                : "Written once the incident is resolved; the export has the timeline so far."}
            </p>
            <div className="mt-2 flex flex-wrap gap-3">
              <Link
                className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400"
                href={`/incidents/${i.ref}/postmortem`}
              >
                Postmortem
              </Link>
              <a
                className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400"
                href={exportHref(i.id, "markdown")}
              >
                Export Markdown
              </a>
              <a className="tap text-indigo-700 hover:underline dark:text-indigo-400" href={exportHref(i.id, "json")}>
                JSON
              </a>
            </div>
          </Panel>
        </div>
      </div>
    </div>
  );
}

const toggleHelp = (set: (f: (h: boolean) => boolean) => void) => () => set((h) => !h);
