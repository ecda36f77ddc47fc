"use client";

// The incident page an IC keeps open: header with freeze banner, controls, the live timeline with
// corrections, a composer that keeps its draft, follow-ups and the postmortem export.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import { incidentKeys, incidentQuery } from "@/lib/client/queries/incidents";
import { ErrorNotice, LiveStatus, Panel, Skeleton } from "@/components/ui/page";
import { useEventStream } from "@/lib/client/use-event-stream";
import { Time } from "@/components/ui/time";
import { SeverityBadge, StatusBadge } from "./badges";
import { Composer, useEntryDraft } from "./composer";
import { FollowUps } from "./follow-ups";
import { Controls } from "./incident-controls";
import { Investigate } from "./investigate";
import type { People } from "./people";
import { Timeline } from "./timeline";

function duration(i: Incident): string {
  const ms = (i.resolved_at ? Date.parse(i.resolved_at) : Date.now()) - Date.parse(i.impact_started_at ?? i.declared_at);
  const m = Math.max(0, Math.round(ms / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Keeps the timeline and header current from the incident's event stream. */
function useLiveIncident(id: string) {
  const qc = useQueryClient();
  return useEventStream(`/api/v1/incidents/${id}/events`, {
    entry: (data) => {
      const entry = data as TimelineEntry;
      qc.setQueryData(incidentKeys.timeline(id), (old: { entries: TimelineEntry[] } | undefined) => {
        if (!old || old.entries.some((x) => x.id === entry.id)) return old;
        const entries = [...old.entries, entry]
          .map((x) => (x.id === entry.corrects ? { ...x, corrected_by: [...x.corrected_by, entry.id] } : x))
          .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || Number(a.id) - Number(b.id));
        return { entries };
      });
    },
    incident: (data) => qc.setQueryData(incidentKeys.detail(id), { incident: data as Incident }),
  });
}

export function IncidentView({ id, people, me, canWrite, canReadPlatformLogs }: { id: string; people: People; me: string; canWrite: boolean; canReadPlatformLogs: boolean }) {
  const inc = useQuery(incidentQuery(id));
  const live = useLiveIncident(id);
  const draft = useEntryDraft(id);
  if (inc.isPending) return <Skeleton rows={8} />;
  if (inc.isError) return <ErrorNotice title="Couldn't load the incident" message={inc.error.message} />;
  const i = inc.data.incident;
  const name = (uid: string | null) => (uid ? (people[uid] ?? uid) : "—");
  return (
    <div className="space-y-4">
      {i.freezes_deploys && (
        <div role="status" className="rounded-md border border-red-300 bg-red-50 px-4 py-2 text-sm font-medium text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          Deploy freeze in effect{i.services.length ? ` for ${i.services.join(", ")}` : ""}
          {i.regions.length ? ` in ${i.regions.join(", ")}` : ""} until this incident is mitigated. Exceptions: the IC only.
        </div>
      )}
      <Panel className="p-4">
        <div className="flex flex-wrap items-center gap-3">
          <span className="font-mono text-sm text-zinc-500">{i.ref}</span>
          <SeverityBadge severity={i.severity} />
          <StatusBadge status={i.status} />
          <h2 className="min-w-0 flex-1 text-lg font-semibold break-words">{i.title}</h2>
          <LiveStatus live={live} />
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
          <Field label="Incident commander">{name(i.commander_id)}</Field>
          <Field label="Duration">{duration(i)}</Field>
          <Field label="Declared">
            <Time iso={i.declared_at} />
          </Field>
          <Field label="Impact started">
            <Time iso={i.impact_started_at} />
          </Field>
          <Field label="Services">{i.services.join(", ") || "—"}</Field>
          <Field label="Regions">{i.regions.join(", ") || "—"}</Field>
          <Field label="Mitigated">
            <Time iso={i.mitigated_at} />
          </Field>
          <Field label="Resolved">
            <Time iso={i.resolved_at} />
          </Field>
          {Object.entries(i.roles).map(([role, uid]) => (
            <Field key={role} label={role.replace(/_/g, " ")}>
              {name(uid)}
            </Field>
          ))}
        </dl>
        {canWrite && <Controls id={id} incident={i} people={people} me={me} />}
      </Panel>
      <Investigate incident={i} canPin={canWrite} canReadPlatformLogs={canReadPlatformLogs} />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          {canWrite && <Composer id={id} draft={draft} />}
          <Timeline id={id} name={name} onCorrect={canWrite ? draft.correct : undefined} />
        </div>
        <div className="space-y-4">
          <FollowUps id={id} people={people} canWrite={canWrite} />
          <Panel className="p-4 text-sm">
            <h3 className="font-medium">Postmortem</h3>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">Summary, impact, roles, the whole timeline in UTC with corrections, follow-ups.</p>
            <div className="mt-2 flex gap-3">
              <a className="font-medium text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/v1/incidents/${i.id}/export?format=markdown`}>
                Export Markdown
              </a>
              <a className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/v1/incidents/${i.id}/export?format=json`}>
                JSON
              </a>
            </div>
          </Panel>
        </div>
      </div>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 capitalize">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
