"use client";

// The incident page an IC keeps open: header with freeze banner, controls, the live timeline with
// corrections, a composer that keeps its draft, follow-ups and the postmortem export.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import { canTransition, describeEntry, SEVERITY_OPTIONS, STATUS_LIST, WRITABLE_KINDS } from "@/lib/incidents/rules";
import { SelectField } from "@/components/ui/select-field";
import { followUpsQuery, incidentKeys, incidentQuery, timelineQuery, useIncidentMutations } from "@/lib/client/queries/incidents";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, LiveStatus, Panel, Skeleton } from "@/components/ui/page";
import { useEventStream } from "@/lib/client/use-event-stream";
import { formatTime, Time, useTimeMode } from "@/components/ui/time";
import { SeverityBadge, StatusBadge } from "./badges";
import { PersonSelect } from "./person-select";
import type { People } from "./incident-list";

const control = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

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

export function IncidentView({ id, people, me, canWrite }: { id: string; people: People; me: string; canWrite: boolean }) {
  const inc = useQuery(incidentQuery(id));
  const live = useLiveIncident(id);
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
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          {canWrite && <Composer id={id} />}
          <Timeline id={id} name={name} canWrite={canWrite} />
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

function Controls({ id, incident: i, people, me }: { id: string; incident: Incident; people: People; me: string }) {
  const m = useIncidentMutations(id);
  const [briefing, setBriefing] = useState<null | { known: string; ruled_out: string; last_customer_update: string }>(null);
  const error = m.update.error ?? m.takeover.error;
  return (
    <div className="mt-4 flex flex-wrap items-end gap-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
      <SelectField
        label="Status"
        value={i.status}
        onChange={(v) => m.update.mutate({ status: v as Incident["status"] })}
        options={STATUS_LIST.filter((s) => s === i.status || canTransition(i.status, s)).map((s) => [s, s === i.status ? s : s === "investigating" ? "reopen → investigating" : `→ ${s}`] as const)}
      />
      <SelectField label="Severity" value={i.severity} onChange={(v) => m.update.mutate({ severity: v as Incident["severity"] })} options={SEVERITY_OPTIONS} />
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Incident commander
        <PersonSelect label="Incident commander" className="mt-0.5 block" value={i.commander_id ?? ""} people={people} onChange={(v) => m.update.mutate({ commander_id: v || null })} />
      </label>
      {(["scribe", "communications"] as const).map((role) => (
        <label key={role} className="text-xs font-medium text-zinc-600 capitalize dark:text-zinc-400">
          {role}
          <PersonSelect
            label={role}
            className="mt-0.5 block"
            value={i.roles[role] ?? ""}
            people={people}
            onChange={(v) => {
              const roles = { ...i.roles };
              if (v) roles[role] = v;
              else delete roles[role];
              m.update.mutate({ roles });
            }}
          />
        </label>
      ))}
      {i.commander_id !== me && i.status !== "resolved" && (
        <Button variant="secondary" onClick={() => setBriefing({ known: "", ruled_out: "", last_customer_update: "" })}>
          Take over as IC
        </Button>
      )}
      {error && <span className="text-sm text-red-600">{error.message}</span>}
      {briefing && (
        <form
          aria-label="Takeover briefing"
          className="grid w-full gap-2 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            m.takeover.mutate(briefing, { onSuccess: () => setBriefing(null) });
          }}
        >
          {(
            [
              ["known", "What is known"],
              ["ruled_out", "What is ruled out"],
              ["last_customer_update", "Last customer update"],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="text-xs font-medium">
              {label}
              <textarea className={`${control} mt-0.5 block h-16 w-full`} required={k === "known"} value={briefing[k]} onChange={(e) => setBriefing({ ...briefing, [k]: e.target.value })} />
            </label>
          ))}
          <div className="flex gap-2 md:col-span-3">
            <Button type="submit">Take over</Button>
            <Button type="button" variant="ghost" onClick={() => setBriefing(null)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

const KIND_LABEL: Record<string, string> = { runbook_deviation: "runbook deviation", status_change: "status", severity_change: "severity", role_change: "roles", field_change: "change", freeze_exception: "freeze exception" };

function Timeline({ id, name, canWrite }: { id: string; name: (uid: string | null) => string; canWrite: boolean }) {
  const t = useQuery(timelineQuery(id));
  const { mode } = useTimeMode();
  if (t.isPending) return <Skeleton rows={6} />;
  if (t.isError) return <ErrorNotice message={t.error.message} />;
  const entries = t.data.entries;
  return (
    <Panel>
      <h3 className="border-b border-zinc-200 px-4 py-2 font-medium dark:border-zinc-800">Timeline</h3>
      {entries.length === 0 ? (
        <EmptyState title="No entries yet" />
      ) : (
        <ol aria-label="Timeline" className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {entries.map((e) => {
            const late = Math.abs(Date.parse(e.recorded_at) - Date.parse(e.occurred_at)) > 60_000;
            const struck = e.corrected_by.length > 0;
            return (
              <li key={e.id} data-entry-id={e.id} className="flex gap-3 px-4 py-2 text-sm">
                <div className="w-40 shrink-0 text-xs text-zinc-500 tabular-nums">
                  <div>{formatTime(e.occurred_at, mode)}</div>
                  {late && <div title="recorded later">rec. {formatTime(e.recorded_at, mode).slice(11)}</div>}
                </div>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={e.kind === "impact" || e.kind === "runbook_deviation" ? "warn" : (WRITABLE_KINDS as readonly string[]).includes(e.kind) ? "info" : "neutral"}>{KIND_LABEL[e.kind] ?? e.kind}</Badge>
                    <span className="text-xs text-zinc-500">{name(e.author_id)}</span>
                    <span className="font-mono text-xs text-zinc-400">#{e.id}</span>
                    {e.corrects && <span className="text-xs text-zinc-500">corrects #{e.corrects}</span>}
                  </div>
                  <p className={`mt-0.5 break-words whitespace-pre-wrap ${struck ? "text-zinc-400 line-through" : ""}`}>{describeEntry(e, name)}</p>
                  {struck && <p className="text-xs text-zinc-500">corrected by #{e.corrected_by.join(", #")}</p>}
                  {e.kind === "runbook_deviation" && <p className="text-xs text-zinc-500">runbook: {String(e.data.runbook ?? "")}</p>}
                  {e.kind === "evidence" && typeof e.data.url === "string" && <EvidenceCard url={e.data.url} />}
                </div>
                {canWrite && (WRITABLE_KINDS as readonly string[]).includes(e.kind) && !struck && (
                  <button
                    type="button"
                    className="self-start text-xs text-indigo-600 hover:underline dark:text-indigo-400"
                    onClick={() => window.dispatchEvent(new CustomEvent("incident-correct", { detail: e }))}
                  >
                    Correct
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}

/** A pasted console link becomes a card naming what it shows and its exact time range. */
function EvidenceCard({ url }: { url: string }) {
  let what = url;
  let range = "";
  try {
    const u = new URL(url, "http://console");
    const start = u.searchParams.get("start");
    const end = u.searchParams.get("end");
    const logs = /^\/orgs\/([^/]+)\/logs/.exec(u.pathname);
    if (logs) what = `Logs of ${logs[1]}${u.searchParams.get("q") ? ` matching “${u.searchParams.get("q")}”` : ""}`;
    else if (u.pathname.startsWith("/dashboards/")) what = `Dashboard ${u.pathname.split("/")[2]}${u.searchParams.get("panel") ? ` · ${u.searchParams.get("panel")}` : ""}`;
    if (start) range = `${start}${end ? ` → ${end}` : " → now"}`;
  } catch {
    // not a URL: show it as given
  }
  return (
    <a href={url} className="mt-1 block rounded-md border border-zinc-200 px-3 py-2 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" target="_blank" rel="noreferrer">
      <span className="block text-sm font-medium break-all">{what}</span>
      {range && <span className="block font-mono text-xs text-zinc-500">{range}</span>}
    </a>
  );
}

interface Draft {
  kind: (typeof WRITABLE_KINDS)[number];
  body: string;
  runbook: string;
  url: string;
  occurred: string;
  corrects: string;
}
const EMPTY: Draft = { kind: "note", body: "", runbook: "", url: "", occurred: "", corrects: "" };

function Composer({ id }: { id: string }) {
  const m = useIncidentMutations(id);
  const key = `incident-draft:${id}`;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  useEffect(() => {
    const saved = localStorage.getItem(key);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- restore the draft kept in this browser
    if (saved) setDraft({ ...EMPTY, ...(JSON.parse(saved) as Partial<Draft>) });
    const onCorrect = (e: Event) => {
      const entry = (e as CustomEvent<TimelineEntry>).detail;
      setDraft({ ...EMPTY, kind: entry.kind as Draft["kind"], body: entry.body, corrects: entry.id });
    };
    window.addEventListener("incident-correct", onCorrect);
    return () => window.removeEventListener("incident-correct", onCorrect);
  }, [key]);
  const update = (d: Draft) => {
    setDraft(d);
    localStorage.setItem(key, JSON.stringify(d));
  };
  const submit = () => {
    if (m.append.isPending) return;
    m.append.mutate(
      {
        kind: draft.kind,
        body: draft.body,
        data: draft.kind === "runbook_deviation" ? { runbook: draft.runbook } : draft.kind === "evidence" ? { url: draft.url } : undefined,
        occurred_at: draft.occurred ? new Date(`${draft.occurred}Z`).toISOString() : undefined,
        corrects: draft.corrects || undefined,
      },
      {
        onSuccess: () => {
          localStorage.removeItem(key);
          setDraft({ ...EMPTY, kind: draft.kind });
        },
      },
    );
  };
  return (
    <Panel className="p-3">
      <form
        aria-label="Add to timeline"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="space-y-2"
      >
        <div className="flex flex-wrap items-center gap-2">
          <select aria-label="Kind" className={control} value={draft.kind} onChange={(e) => update({ ...draft, kind: e.target.value as Draft["kind"] })}>
            {WRITABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          {draft.kind === "runbook_deviation" && <input aria-label="Runbook" className={`${control} flex-1`} placeholder="Runbook you deviate from" value={draft.runbook} onChange={(e) => update({ ...draft, runbook: e.target.value })} />}
          {draft.kind === "evidence" && <input aria-label="Evidence link" className={`${control} flex-1`} placeholder="Paste a dashboard or log link" value={draft.url} onChange={(e) => update({ ...draft, url: e.target.value })} />}
          <label className="ml-auto text-xs text-zinc-500">
            happened at (UTC, optional){" "}
            <input type="datetime-local" aria-label="Occurred at (UTC)" className={control} value={draft.occurred} onChange={(e) => update({ ...draft, occurred: e.target.value })} />
          </label>
        </div>
        {draft.corrects && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Correcting #{draft.corrects}.{" "}
            <button type="button" className="text-indigo-600 hover:underline" onClick={() => update({ ...draft, corrects: "" })}>
              cancel correction
            </button>
          </p>
        )}
        <textarea
          aria-label="Entry"
          className={`${control} block h-20 w-full`}
          placeholder="What happened, what you did, what you decided… (Ctrl+Enter to add)"
          value={draft.body}
          onChange={(e) => update({ ...draft, body: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={m.append.isPending}>
            {m.append.isPending ? "Adding…" : "Add to timeline"}
          </Button>
          {m.append.isError && <span className="text-sm text-red-600">{m.append.error.message}</span>}
        </div>
      </form>
    </Panel>
  );
}

function FollowUps({ id, people, canWrite }: { id: string; people: People; canWrite: boolean }) {
  const f = useQuery(followUpsQuery(id));
  const m = useIncidentMutations(id);
  const [title, setTitle] = useState("");
  const [owner, setOwner] = useState("");
  return (
    <Panel className="p-4 text-sm">
      <h3 className="font-medium">Follow-ups</h3>
      {f.isPending ? (
        <Skeleton rows={2} />
      ) : f.isError ? (
        <ErrorNotice message={f.error.message} />
      ) : f.data.follow_ups.length === 0 ? (
        <p className="mt-1 text-zinc-500">None yet.</p>
      ) : (
        <ul className="mt-2 space-y-1">
          {f.data.follow_ups.map((x) => (
            <li key={x.id} className="flex items-start gap-2">
              <input type="checkbox" aria-label={`done: ${x.title}`} disabled={!canWrite} checked={x.status === "done"} onChange={(e) => m.setFollowUp.mutate({ id: x.id, status: e.target.checked ? "done" : "open" })} />
              <span className={x.status === "done" ? "text-zinc-400 line-through" : ""}>
                {x.title}
                <span className="block text-xs text-zinc-500">
                  {x.owner_id ? (people[x.owner_id] ?? x.owner_id) : "no owner"}
                  {x.due ? ` · due ${x.due}` : ""}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form
          className="mt-3 flex flex-col gap-2"
          aria-label="Add follow-up"
          onSubmit={(e) => {
            e.preventDefault();
            m.addFollowUp.mutate({ title, owner_id: owner || null }, { onSuccess: () => setTitle("") });
          }}
        >
          <input className={control} placeholder="Follow-up work" value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} required />
          <div className="flex gap-2">
            <PersonSelect label="Owner" className="flex-1" value={owner} people={people} onChange={setOwner} empty="no owner" />
            <Button type="submit" variant="secondary">
              Add
            </Button>
          </div>
        </form>
      )}
    </Panel>
  );
}
