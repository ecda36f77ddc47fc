"use client";

// The incident page an IC keeps open: header with freeze banner, controls, the live timeline with
// corrections, a composer that keeps its draft, follow-ups and the postmortem export.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import { incidentKeys, incidentQuery, timelineQuery } from "@/lib/client/queries/incidents";
import { ErrorNotice, LiveStatus, Panel, Skeleton } from "@/components/ui/page";
import { Button } from "@/components/ui/button";
import { useIncidentMutations } from "@/lib/client/queries/incidents";
import { control } from "@/components/ui/control";
import { useEventStream } from "@/lib/client/use-event-stream";
import { Time } from "@/components/ui/time";
import { SeverityBadge, StatusBadge } from "./badges";
import { Composer, useEntryDraft, type EntryDraft } from "./composer";
import { FollowUps } from "./follow-ups";
import { Controls } from "./incident-controls";
import { Investigate } from "./investigate";
import { AttachedAlerts } from "./attached-alerts";
import type { People } from "./people";
import { Timeline } from "./timeline";
import { canEditSummary, customerUpdateDue } from "@/lib/incidents/rules";
import { useNow } from "@/lib/client/use-now";

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

/** The IC's keys: `n` to the timeline box, `s` to the status control, `?` for this list. Never while typing. */
const SHORTCUTS: [key: string, what: string][] = [
  ["n", "write in the timeline"],
  ["s", "change the status (then confirm)"],
  ["?", "show or hide these shortcuts"],
  ["Ctrl+Enter", "add the entry you are writing"],
  ["Esc", "drop a status change you have not confirmed"],
];

function useShortcuts(onHelp: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)))) return;
      if (e.key === "n") document.getElementById("timeline-entry")?.focus();
      else if (e.key === "s") (document.querySelector('select[aria-label="Status"]') as HTMLElement | null)?.focus();
      else if (e.key === "?") onHelp();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onHelp]);
}

/** What the incident is, in the IC's words: shown first, edited by the IC, each change in the timeline. */
/** When the next customer update is due (per the severity's cadence), and a way to write it now. */
function CustomerUpdateDue({ incident: i, draft }: { incident: Incident; draft: EntryDraft }) {
  const t = useQuery(timelineQuery(i.id));
  const now = useNow(30_000);
  if (!t.data || i.customer_update_every_minutes === null) return null;
  const last = t.data.entries.filter((e) => e.kind === "status_update" && e.data.audience === "customer").at(-1);
  const due = customerUpdateDue({ status: i.status, declaredAt: i.declared_at }, last?.occurred_at ?? null, i.customer_update_every_minutes);
  if (!due) return null;
  const mins = Math.round((Date.parse(due.due_at) - now) / 60_000);
  return (
    <p role="status" className={`mt-2 flex flex-wrap items-center gap-2 text-sm ${mins < 0 ? "font-medium text-red-700 dark:text-red-400" : "text-muted"}`} data-testid="customer-update-due">
      {mins < 0 ? `Customer update overdue by ${-mins} min` : `Next customer update due in ${mins} min`} ({i.severity.toUpperCase()}: every {due.every_minutes} min{last ? "" : "; none posted yet"}).
      <button type="button" className="text-indigo-700 underline underline-offset-2 dark:text-indigo-400" onClick={() => {
        draft.update({ ...draft.draft, kind: "status_update", audience: "customer" });
        document.querySelector<HTMLTextAreaElement>("textarea[aria-label=Entry]")?.focus();
      }}>
        Write a customer update
      </button>
    </p>
  );
}

function Summary({ id, summary, editable }: { id: string; summary: string; editable: boolean }) {
  const { update } = useIncidentMutations(id);
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    return (
      <form
        aria-label="Edit the summary"
        className="mt-3 space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ summary: draft.trim() }, { onSuccess: () => setDraft(null) });
        }}
      >
        <textarea aria-label="Summary" className={`${control} block h-24 w-full`} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={5000} placeholder="What is broken, for whom, since when, and what is being done" />
        <div className="flex gap-2">
          <Button type="submit" disabled={update.isPending}>
            Save summary
          </Button>
          <Button type="button" variant="ghost" onClick={() => setDraft(null)}>
            Cancel
          </Button>
          {update.isError && <span className="text-sm text-red-700 dark:text-red-400">{update.error.message}</span>}
        </div>
      </form>
    );
  }
  return (
    <div className="mt-3 flex items-start gap-2">
      <p className={`min-w-0 flex-1 text-sm whitespace-pre-wrap ${summary ? "" : "text-muted"}`} data-testid="incident-summary">
        {summary || (editable ? "No summary yet — say what is broken, for whom, and what is being done." : "No summary yet.")}
      </p>
      {editable && (
        <Button variant="secondary" className="shrink-0 text-xs" onClick={() => setDraft(summary)}>
          {summary ? "Edit summary" : "Write summary"}
        </Button>
      )}
    </div>
  );
}

export function IncidentView({
  id,
  people,
  me,
  canWrite,
  canReadPlatformLogs,
  runbooks,
}: {
  id: string;
  people: People;
  me: string;
  canWrite: boolean;
  canReadPlatformLogs: boolean;
  runbooks: { slug: string; title: string }[];
}) {
  const inc = useQuery(incidentQuery(id));
  const live = useLiveIncident(id);
  const draft = useEntryDraft(id);
  const [help, setHelp] = useState(false);
  const [onHelp] = useState(() => toggleHelp(setHelp));
  useShortcuts(onHelp);
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
          <span className="font-mono text-sm text-muted">{i.ref}</span>
          <SeverityBadge severity={i.severity} />
          <StatusBadge status={i.status} />
          <h1 className="order-last min-w-0 basis-full text-lg font-semibold break-words sm:order-none sm:basis-0 sm:flex-1">{i.title}</h1>
          <LiveStatus live={live} />
          <button type="button" className="hidden text-xs text-muted underline underline-offset-2 md:inline" aria-keyshortcuts="?" onClick={onHelp}>
            Shortcuts (?)
          </button>
        </div>
        <Summary id={i.id} summary={i.summary} editable={canWrite && canEditSummary({ commanderId: i.commander_id }, me)} />
        {canWrite && <CustomerUpdateDue incident={i} draft={draft} />}
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
      {help && (
        <Panel className="p-4 text-sm">
          <div role="dialog" aria-label="Keyboard shortcuts">
            <div className="flex items-center justify-between">
              <h2 className="font-medium">Keyboard shortcuts</h2>
              <Button variant="ghost" onClick={() => setHelp(false)}>
                Close
              </Button>
            </div>
            <dl className="mt-2 grid grid-cols-[7rem_1fr] gap-y-1">
              {SHORTCUTS.map(([k, what]) => (
                <div key={k} className="contents">
                  <dt>
                    <kbd className="rounded border border-zinc-300 px-1.5 font-mono text-xs dark:border-zinc-600">{k}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </div>
        </Panel>
      )}
      <Investigate incident={i} canPin={canWrite} canReadPlatformLogs={canReadPlatformLogs} />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          {canWrite && <Composer id={id} draft={draft} runbooks={runbooks} />}
          <Timeline id={id} name={name} onCorrect={canWrite ? draft.correct : undefined} />
        </div>
        <div className="space-y-4">
          <AttachedAlerts id={i.id} people={people} />
          <FollowUps id={id} people={people} canWrite={canWrite} />
          <Panel className="p-4 text-sm">
            <h3 className="font-medium">Postmortem</h3>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">Summary, impact, roles, the whole timeline in UTC with corrections, follow-ups.</p>
            <div className="mt-2 flex gap-3">
              <a className="font-medium text-indigo-700 hover:underline dark:text-indigo-400" href={`/api/v1/incidents/${i.id}/export?format=markdown`}>
                Export Markdown
              </a>
              <a className="text-indigo-700 hover:underline dark:text-indigo-400" href={`/api/v1/incidents/${i.id}/export?format=json`}>
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

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted capitalize">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
