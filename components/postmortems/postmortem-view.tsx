"use client";

// An incident's postmortem: the sections (started from the draft built from the incident), the review
// meeting, action items with kind, owner, due date and ticket, review and publishing, corrections once
// published, the version history, and what the draft was built from.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { fieldErrors, ClientApiError } from "@/lib/client/api";
import { postmortemQuery, usePostmortemMutations } from "@/lib/client/queries/postmortems";
import type { PostmortemView as View } from "@/lib/postmortems/contract";
import { currentApprovals } from "@/lib/postmortems/rules";
import {
  ACTION_KINDS,
  POSTMORTEM_SECTIONS,
  POSTMORTEM_SECTION_TITLES,
  type ActionKind,
  type PostmortemSection,
} from "@/lib/vocabulary";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { control, fieldLabel } from "@/components/ui/control";
import { ErrorNotice, PageHeader, Panel, Skeleton } from "@/components/ui/page";
import { DateTimeInput } from "@/components/ui/time-input";
import { Time } from "@/components/ui/time";
import { PersonSelect } from "@/components/incidents/person-select";
import type { People } from "@/components/incidents/people";

const STATUS_LABEL = { draft: "draft", in_review: "in review", published: "published" } as const;

function Problems({ error }: { error: unknown }) {
  if (!error) return null;
  const fields = error instanceof ClientApiError ? fieldErrors(error.details) : [];
  return (
    <ErrorNotice
      title="Not done"
      message={
        fields.length ? fields.map((f) => `${f.field}: ${f.message}`).join("; ") : String((error as Error).message)
      }
    />
  );
}

export function PostmortemView({
  id,
  people,
  me,
  canWrite,
  isAdmin,
}: {
  id: string;
  people: People;
  me: string;
  canWrite: boolean;
  isAdmin: boolean;
}) {
  const q = useQuery(postmortemQuery(id));
  if (q.isPending) return <Skeleton rows={8} />;
  if (q.isError) return <ErrorNotice message={q.error.message} />;
  return <Loaded id={id} view={q.data} people={people} me={me} canWrite={canWrite} isAdmin={isAdmin} />;
}

function Loaded({
  id,
  view,
  people,
  me,
  canWrite,
  isAdmin,
}: {
  id: string;
  view: View;
  people: People;
  me: string;
  canWrite: boolean;
  isAdmin: boolean;
}) {
  const m = usePostmortemMutations(id);
  const pm = view.postmortem;
  const base = pm?.sections ?? view.draft?.sections ?? {};
  const [sections, setSections] = useState<Partial<Record<PostmortemSection, string>>>(base);
  const [meeting, setMeeting] = useState(pm?.review_meeting_at?.slice(0, 16) ?? "");
  const [version, setVersion] = useState(pm?.version ?? 0);
  // Approve and Publish go once used: focus moves to the line that says what changed, not to the page.
  const approval = useRef<HTMLParagraphElement>(null);
  const state = useRef<HTMLDivElement>(null);
  // A save elsewhere (another tab, a reviewer) moves the version: the form takes the saved text.
  if ((pm?.version ?? 0) !== version) {
    setVersion(pm?.version ?? 0);
    setSections(pm?.sections ?? base);
    setMeeting(pm?.review_meeting_at?.slice(0, 16) ?? "");
  }
  const published = pm?.status === "published";
  const owner = pm?.owner_id ?? view.incident.commander_id;
  const steers = canWrite && (owner === me || isAdmin);
  const who = (uid: string | null) => (uid ? (people[uid] ?? uid) : "—");
  const approvedBy = pm ? currentApprovals({ version: pm.version, approvals: view.approvals }) : [];
  // Whoever publishes is not their own reviewer.
  const approvedForMe = approvedBy.filter((r) => r !== me);
  const exportUrl = (format: "markdown" | "html") =>
    `/api/v1/incidents/${view.incident.id}/postmortem/export?format=${format}`;

  if (!view.incident.resolved_at)
    return (
      <>
        <PageHeader title={`${view.incident.ref} postmortem`} description={view.incident.title} />
        <Panel className="p-4 text-sm">
          The postmortem starts once the incident is resolved.{" "}
          <Link className="underline" href={`/incidents/${view.incident.ref}`}>
            Back to {view.incident.ref}
          </Link>
        </Panel>
      </>
    );

  return (
    <>
      <PageHeader
        title={`${view.incident.ref} postmortem`}
        description={
          <>
            <Link className="underline" href={`/incidents/${view.incident.ref}`}>
              {view.incident.title}
            </Link>{" "}
            · {view.incident.severity.toUpperCase()} · owner {who(owner)}
            {view.required ? " · required" : " · optional"}
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <a className="tap inline-flex items-center rounded-md px-2 text-sm underline" href={exportUrl("markdown")}>
              Markdown
            </a>
            <a
              className="tap inline-flex items-center rounded-md px-2 text-sm underline"
              href={exportUrl("html")}
              target="_blank"
              rel="noreferrer"
            >
              Print view
            </a>
          </div>
        }
      />
      <div
        ref={state}
        tabIndex={-1}
        className="mb-4 flex flex-wrap items-center gap-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        role="status"
      >
        <Badge tone={published ? "good" : view.overdue ? "bad" : "neutral"}>
          {pm ? STATUS_LABEL[pm.status] : "not started"}
        </Badge>
        {pm && <span>version {pm.version}</span>}
        {view.deadlines?.draft_due_at && (
          <span>
            draft due <Time iso={view.deadlines.draft_due_at} />
            {view.overdue ? " (overdue)" : ""}
          </span>
        )}
        {view.deadlines && (
          <span>
            · review meeting by <Time iso={view.deadlines.review_by} />
          </span>
        )}
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-4">
          <Panel className="p-4">
            <form
              aria-label="Postmortem"
              onSubmit={(e) => {
                e.preventDefault();
                m.save.mutate({
                  sections,
                  review_meeting_at: meeting ? `${meeting}:00Z` : null,
                  ...(pm ? { base_version: pm.version } : {}),
                });
              }}
              className="space-y-4"
            >
              {!pm && (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  Drafted from the incident: its impact and detection are computed; write the rest and save to start the
                  postmortem.
                </p>
              )}
              {POSTMORTEM_SECTIONS.map((s) => (
                <div key={s}>
                  <label htmlFor={`pm-${s}`} className="text-sm font-medium">
                    {POSTMORTEM_SECTION_TITLES[s]}
                    {s === "root_cause" ? " (required to publish)" : ""}
                  </label>
                  <textarea
                    id={`pm-${s}`}
                    name={s}
                    className={`${control} mt-1 w-full`}
                    rows={s === "summary" || s === "root_cause" || s === "impact" ? 4 : 3}
                    value={sections[s] ?? ""}
                    readOnly={published || !canWrite}
                    onChange={(e) => setSections((x) => ({ ...x, [s]: e.target.value }))}
                  />
                </div>
              ))}
              <div>
                <label htmlFor="pm-meeting" className={fieldLabel}>
                  Review meeting (UTC, within the review window)
                </label>
                <DateTimeInput
                  id="pm-meeting"
                  className={`${control} mt-1 block`}
                  value={meeting}
                  onValue={setMeeting}
                  disabled={published || !canWrite}
                />
              </div>
              <Problems error={m.save.error} />
              {canWrite && !published && (
                <div className="flex flex-wrap gap-2">
                  <Button type="submit" disabled={m.save.isPending}>
                    {pm ? "Save" : "Start postmortem"}
                  </Button>
                  {pm?.status === "draft" && steers && (
                    <Button type="button" variant="secondary" onClick={() => m.submit.mutate()}>
                      Send to review
                    </Button>
                  )}
                  {pm?.status === "in_review" && owner !== me && !approvedBy.includes(me) && (
                    <Button
                      type="button"
                      variant="secondary"
                      onClick={() => m.approve.mutate(undefined, { onSuccess: () => approval.current?.focus() })}
                    >
                      Approve version {pm.version}
                    </Button>
                  )}
                  {pm?.status === "in_review" && steers && (
                    <Button
                      type="button"
                      onClick={() => m.publish.mutate(undefined, { onSuccess: () => state.current?.focus() })}
                      disabled={!approvedForMe.length || m.publish.isPending}
                      aria-describedby="pm-approval"
                    >
                      Publish
                    </Button>
                  )}
                </div>
              )}
              {pm?.status === "in_review" && (
                <p
                  id="pm-approval"
                  ref={approval}
                  tabIndex={-1}
                  aria-live="polite"
                  className="text-sm text-zinc-600 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-zinc-400"
                >
                  {!approvedBy.length
                    ? `Waiting for a reviewer${owner ? ` (anyone but ${who(owner)})` : ""} to approve version ${pm.version}; an edit asks for a new approval.`
                    : steers && !approvedForMe.length
                      ? `Version ${pm.version} approved by you only: publishing it needs another reviewer's approval.`
                      : `Version ${pm.version} approved by ${approvedBy.map(who).join(", ")}${steers ? ": ready to publish" : ""}.`}
                </p>
              )}
              <Problems error={m.submit.error ?? m.approve.error ?? m.publish.error} />
            </form>
          </Panel>

          <ActionItems id={id} view={view} people={people} canWrite={canWrite} />

          {published && <Corrections id={id} view={view} who={who} canWrite={canWrite} />}
        </div>

        <div className="space-y-4">
          <Drafted view={view} />
          <Panel className="p-4 text-sm">
            <h2 className="font-medium">History</h2>
            {view.versions.length === 0 ? (
              <p className="mt-1 text-zinc-600 dark:text-zinc-400">Not started.</p>
            ) : (
              <ol className="mt-2 space-y-1">
                {view.versions.map((v) => (
                  <li key={v.version}>
                    v{v.version} · {who(v.author_id)} · <Time iso={v.at} /> —{" "}
                    {v.changed.map((c) => c.replace(/_/g, " ")).join(", ")}
                  </li>
                ))}
              </ol>
            )}
            {view.approvals.length > 0 && (
              <p className="mt-2">
                Approved by {view.approvals.map((a) => `${who(a.reviewer_id)} (v${a.version})`).join(", ")}
              </p>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}

function ActionItems({ id, view, people, canWrite }: { id: string; view: View; people: People; canWrite: boolean }) {
  const m = usePostmortemMutations(id);
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<ActionKind>("prevent");
  const [owner, setOwner] = useState("");
  const [due, setDue] = useState("");
  const [ticket, setTicket] = useState("");
  const offered = (view.draft?.suggestions ?? []).filter((s) => !view.action_items.some((a) => a.title === s.title));
  return (
    <Panel className="p-4 text-sm">
      <h2 className="font-medium">Action items</h2>
      {view.required && (
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          Every item of a {view.incident.severity.toUpperCase()} needs an owner and a due date before publishing.
        </p>
      )}
      {view.action_items.length === 0 ? (
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">None yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
          {view.action_items.map((a) => (
            <li key={a.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:flex-wrap sm:items-center">
              <label className="tap flex items-center gap-2 sm:flex-1">
                <input
                  type="checkbox"
                  aria-label={`done: ${a.title}`}
                  checked={a.status === "done"}
                  disabled={!canWrite}
                  onChange={(e) => m.setItem.mutate({ followUpId: a.id, status: e.target.checked ? "done" : "open" })}
                />
                <span className={a.status === "done" ? "line-through" : ""}>{a.title}</span>
              </label>
              <select
                aria-label={`kind of ${a.title}`}
                className={control}
                value={a.kind ?? ""}
                disabled={!canWrite}
                onChange={(e) =>
                  m.setItem.mutate({ followUpId: a.id, kind: (e.target.value || null) as ActionKind | null })
                }
              >
                <option value="">kind…</option>
                {ACTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              <PersonSelect
                label={`owner of ${a.title}`}
                value={a.owner_id ?? ""}
                people={people}
                empty="no owner"
                onChange={(v) => m.setItem.mutate({ followUpId: a.id, owner_id: v || null })}
              />
              <input
                type="date"
                aria-label={`due date of ${a.title}`}
                className={control}
                value={a.due ?? ""}
                disabled={!canWrite}
                onChange={(e) => m.setItem.mutate({ followUpId: a.id, due: e.target.value || null })}
              />
              {a.ticket_url && (
                <a className="tap underline" href={a.ticket_url} rel="noreferrer" target="_blank">
                  ticket
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      <Problems error={m.setItem.error ?? m.addItem.error} />
      {canWrite && offered.length > 0 && (
        <div className="mt-3">
          <p className={fieldLabel}>Offered from what the incident touched</p>
          <div className="mt-1 flex flex-wrap gap-2">
            {offered.map((s) => (
              <Button
                key={s.title}
                type="button"
                variant="secondary"
                onClick={() => m.addItem.mutate({ title: s.title, kind: s.kind })}
              >
                + {s.title}
              </Button>
            ))}
          </div>
        </div>
      )}
      {canWrite && (
        <form
          aria-label="Add action item"
          className="mt-3 grid gap-2 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            m.addItem.mutate(
              { title, kind, owner_id: owner || null, due: due || null, ticket_url: ticket || null },
              {
                onSuccess: () => {
                  setTitle("");
                  setTicket("");
                },
              },
            );
          }}
        >
          <input
            aria-label="Action item"
            className={`${control} sm:col-span-2`}
            placeholder="What will be done"
            value={title}
            minLength={3}
            required
            onChange={(e) => setTitle(e.target.value)}
          />
          <select
            aria-label="Kind"
            className={control}
            value={kind}
            onChange={(e) => setKind(e.target.value as ActionKind)}
          >
            {ACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <PersonSelect label="Owner" value={owner} people={people} empty="no owner" onChange={setOwner} />
          <input
            type="date"
            aria-label="Due date"
            className={control}
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
          <input
            type="url"
            aria-label="Ticket link"
            className={control}
            placeholder="https://tickets…"
            value={ticket}
            onChange={(e) => setTicket(e.target.value)}
          />
          <Button type="submit" variant="secondary" className="sm:col-span-2">
            Add action item
          </Button>
        </form>
      )}
    </Panel>
  );
}

function Corrections({
  id,
  view,
  who,
  canWrite,
}: {
  id: string;
  view: View;
  who: (uid: string | null) => string;
  canWrite: boolean;
}) {
  const m = usePostmortemMutations(id);
  const [section, setSection] = useState<string>("root_cause");
  const [body, setBody] = useState("");
  return (
    <Panel className="p-4 text-sm">
      <h2 className="font-medium">Corrections</h2>
      <p className="mt-1 text-zinc-600 dark:text-zinc-400">
        Published: the text above stays as it was; corrections are appended.
      </p>
      {view.corrections.length > 0 && (
        <ul className="mt-2 space-y-1">
          {view.corrections.map((c) => (
            <li key={c.id}>
              <Time iso={c.at} /> · {who(c.author_id)} · {c.section.replace(/_/g, " ")}: {c.body}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form
          aria-label="Add correction"
          className="mt-3 flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            m.correct.mutate({ section: section as PostmortemSection, body }, { onSuccess: () => setBody("") });
          }}
        >
          <select aria-label="Section" className={control} value={section} onChange={(e) => setSection(e.target.value)}>
            {[...POSTMORTEM_SECTIONS, "action_items" as const].map((s) => (
              <option key={s} value={s}>
                {s === "action_items" ? "Action items" : POSTMORTEM_SECTION_TITLES[s]}
              </option>
            ))}
          </select>
          <textarea
            aria-label="Correction"
            className={control}
            rows={2}
            value={body}
            minLength={3}
            required
            onChange={(e) => setBody(e.target.value)}
          />
          <Problems error={m.correct.error} />
          <Button type="submit" variant="secondary">
            Append correction
          </Button>
        </form>
      )}
    </Panel>
  );
}

/** What the draft was built from: evidence with windows, changes before impact, alerts, updates by audience. */
function Drafted({ view }: { view: View }) {
  const d = view.draft;
  if (!d) return null;
  return (
    <Panel className="p-4 text-sm">
      <h2 className="font-medium">From the incident</h2>
      <h3 className="mt-3 text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">Pinned evidence</h3>
      {d.evidence.length ? (
        <ul className="mt-1 space-y-1">
          {d.evidence.map((e) => (
            <li key={e.entry_id}>
              <Link className="underline" href={e.url}>
                {e.what}
              </Link>
              {e.window && (
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  <Time iso={e.window.from} /> → {e.window.to ? <Time iso={e.window.to} /> : "now"}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">None pinned.</p>
      )}
      <h3 className="mt-3 text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">Changes before impact</h3>
      {d.changes.length ? (
        <ul className="mt-1 space-y-1">
          {d.changes.map((c) => (
            <li key={c.id}>
              <Time iso={c.started_at} /> · {c.kind} {c.service}: {c.summary}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">None in the two hours before impact.</p>
      )}
      <h3 className="mt-3 text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">Alerts attached</h3>
      {d.alerts.length ? (
        <ul className="mt-1 space-y-1">
          {d.alerts.map((a) => (
            <li key={a.id}>
              {a.name} ({a.severity}) · <Time iso={a.fired_at} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">None.</p>
      )}
      <h3 className="mt-3 text-xs font-medium uppercase text-zinc-600 dark:text-zinc-400">Updates sent</h3>
      {d.updates.length ? (
        <ul className="mt-1 space-y-1">
          {d.updates.map((u) => (
            <li key={u.entry_id}>
              <Badge tone={u.audience === "customer" ? "info" : "neutral"}>{u.audience}</Badge> <Time iso={u.at} />:{" "}
              {u.body}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">None.</p>
      )}
      <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
        The whole timeline ({d.timeline.length} entries) is in the exports.
      </p>
    </Panel>
  );
}
