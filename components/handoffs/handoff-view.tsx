"use client";

// One handoff: the outgoing's and the incoming's checklists side by side, a summary box per open incident,
// the live context, and submit / acknowledge with the gate's reasons listed in place.
import Link from "next/link";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { handoffKeys, handoffQuery, useHandoffAction } from "@/lib/client/queries/handoffs";
import type { HandoffView as View } from "@/lib/handoffs/contract";
import { age } from "@/lib/incidents/rules";
import { PAGING_ITEM } from "@/lib/handoffs/rules";
import { ClientApiError } from "@/lib/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { ErrorNotice, LiveStatus, Panel, Skeleton } from "@/components/ui/page";
import { useEventStream } from "@/lib/client/use-event-stream";
import { Time } from "@/components/ui/time";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { HANDOFF_TONE } from "./handoff-list";

type Item = View["handoff"]["items"][number];
type Problem = View["submit_problems"][number];

function Problems({ title, problems }: { title: string; problems: Problem[] }) {
  if (!problems.length) return null;
  return (
    <div role="status" aria-label={title} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
      <p className="font-medium">{title}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {problems.map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}

function ItemRow({ item, canEdit, onChange, proven = true }: { item: Item; canEdit: boolean; onChange: (b: { done?: boolean; note?: string }, onRefused?: () => void) => void; proven?: boolean }) {
  const [note, setNote] = useState(item.note);
  const [done, setDone] = useState(item.done); // shown at once
  // The server's answer replaces what is shown only where it changed: a reply to an earlier save (the
  // note saved on blur as the box is ticked) must not untick a box whose own save is still on its way.
  const [server, setServer] = useState({ done: item.done, note: item.note });
  if (server.done !== item.done || server.note !== item.note) {
    if (server.done !== item.done) setDone(item.done);
    if (server.note !== item.note) setNote(item.note);
    setServer({ done: item.done, note: item.note });
  }
  const [asked, setAsked] = useState(false);
  const needsNote = item.key === PAGING_ITEM && !proven;
  return (
    <li className="py-2" data-item={item.key}>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={done}
          disabled={!canEdit}
          onChange={(e) => {
            if (e.target.checked && needsNote && !note.trim()) return setAsked(true);
            setDone(e.target.checked);
            onChange({ done: e.target.checked, ...(e.target.checked && needsNote ? { note } : {}) }, () => setDone(server.done));
          }}
          aria-label={item.label}
        />
        <span className={done ? "text-muted line-through decoration-zinc-400" : ""}>{item.label}</span>
      </label>
      {canEdit ? (
        <input
          className="mt-1 ml-6 w-[calc(100%-1.5rem)] rounded border border-zinc-200 bg-transparent px-2 py-0.5 text-xs dark:border-zinc-700"
          placeholder={needsNote ? "How did you confirm it? (or send a test page)" : "Note (optional)"}
          aria-label={`Note for ${item.label}`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => note !== item.note && onChange({ note })}
        />
      ) : null}
      {canEdit && asked && !note.trim() ? (
        <p role="alert" className="mt-1 ml-6 text-xs text-red-700 dark:text-red-400">
          Say in the note how you confirmed paging reaches you — or send yourself a test page, which ticks it.
        </p>
      ) : null}
      {canEdit ? null : (
        item.note && <p className="mt-0.5 ml-6 text-xs text-zinc-600 dark:text-zinc-400">{item.note}</p>
      )}
    </li>
  );
}

function SummaryBox({ incident, saved, canEdit, onSave }: { incident: View["context"]["incidents"][number]; saved?: string; canEdit: boolean; onSave: (s: string) => void }) {
  const [text, setText] = useState(saved ?? "");
  const dirty = text.trim() !== (saved ?? "").trim();
  return (
    <li className="py-3" data-incident={incident.ref}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link href={`/incidents/${incident.ref}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
          {incident.ref}
        </Link>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <span className="min-w-0 truncate">{incident.title}</span>
        <span className="text-xs text-muted">IC {incident.commander_name ?? "none"}</span>
        <span className={`text-xs ${incident.stale ? "font-medium text-red-600 dark:text-red-400" : "text-muted"}`}>
          last update {incident.last_entry_at ? `${age(incident.last_entry_at)} ago` : "never"}
          {incident.stale ? " · stale" : ""}
        </span>
      </div>
      {canEdit ? (
        <div className="mt-2 flex items-start gap-2">
          <textarea
            className={`${control} min-h-16 flex-1`}
            aria-label={`Investigation summary for ${incident.ref}`}
            placeholder="Where the investigation stands, what is being tried, what to watch."
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Button type="button" variant="secondary" disabled={!dirty || !text.trim()} onClick={() => onSave(text)}>
            {saved ? "Update" : "Save"}
          </Button>
        </div>
      ) : (
        <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{saved ?? <span className="text-muted">No summary yet.</span>}</p>
      )}
    </li>
  );
}

function Context({ ctx }: { ctx: View["context"] }) {
  return (
    <Panel className="space-y-4 p-4">
      <h2 className="font-medium">Right now</h2>
      <section aria-label="Alerts">
        <h3 className="text-xs font-medium text-muted uppercase">Alerts</h3>
        <p className="text-sm">
          <Link href="/alerts?state=open" className="hover:underline">
            {ctx.open_alerts.page.toLocaleString("en-US")} page(s), {ctx.open_alerts.ticket.toLocaleString("en-US")} ticket(s) open
          </Link>
        </p>
        <ul className="mt-1 space-y-0.5 text-xs">
          {[...ctx.pages, ...ctx.tickets].slice(0, 8).map((a) => (
            <li key={a.id} className="truncate" data-alert={a.name}>
              <Badge tone={a.kind === "page" ? "bad" : "warn"}>{a.kind}</Badge> {a.annotations.summary || a.name} <span className="text-muted">×{a.count}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="SLOs burning">
        <h3 className="text-xs font-medium text-muted uppercase">SLOs burning</h3>
        {ctx.slos_error ? (
          <p className="text-xs text-red-700 dark:text-red-400">{ctx.slos_error}</p>
        ) : ctx.slos.length ? (
          <ul className="space-y-0.5 text-xs">
            {ctx.slos.map((s) => (
              <li key={s.id}>
                <Badge tone={s.alert_state === "page" ? "bad" : "warn"}>{s.alert_state}</Badge> {s.name} in {s.region}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted">All within budget.</p>
        )}
      </section>
      <section aria-label="Changes during the shift">
        <h3 className="text-xs font-medium text-muted uppercase">
          Changes this shift ({ctx.changes.list.length}
          {ctx.changes.truncated ? "+" : ""})
        </h3>
        <ul className="space-y-0.5 text-xs">
          {ctx.changes.list.slice(0, 8).map((c) => (
            <li key={c.id} className="truncate" data-change={c.id}>
              <span className="text-muted tabular-nums">{c.started_at.slice(11, 16)}</span> {c.kind} <span className="font-medium">{c.service}</span> {c.summary}
              {c.freeze_violation && (
                <>
                  {" "}
                  <Badge tone="bad">freeze</Badge>
                </>
              )}
            </li>
          ))}
        </ul>
        <Link href={`/changes?${new URLSearchParams({ from: ctx.changes.start, to: ctx.changes.end })}`} className="text-xs text-indigo-700 hover:underline dark:text-indigo-400">
          {ctx.changes.list.length ? "All changes this shift" : "Nothing changed this shift — open the feed"}
        </Link>
      </section>
      <section aria-label="Open follow-ups">
        <h3 className="text-xs font-medium text-muted uppercase">Open follow-ups ({ctx.follow_ups.length})</h3>
        <ul className="space-y-0.5 text-xs">
          {ctx.follow_ups.slice(0, 8).map((f) => (
            <li key={f.id} className="truncate">
              <Link href={`/incidents/${f.incident_ref}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
                {f.incident_ref}
              </Link>{" "}
              {f.title}
            </li>
          ))}
        </ul>
      </section>
    </Panel>
  );
}

/** Refetches the handoff whenever either side changes it (SSE); polling stays as the fallback. */
function useLiveHandoff(id: string): boolean {
  const qc = useQueryClient();
  return useEventStream(`/api/v1/handoffs/${id}/events`, { changed: () => void qc.invalidateQueries({ queryKey: handoffKeys.one(id) }) });
}

export function HandoffView({ id, me }: { id: string; me: string }) {
  const q = useQuery(handoffQuery(id));
  const live = useLiveHandoff(id);
  const act = useHandoffAction(id);
  if (q.isPending) return <Skeleton rows={8} />;
  if (q.isError) return <ErrorNotice title="This handoff could not load" message={q.error.message} />;
  const { handoff: h, context: ctx, submit_problems, ack_problems } = q.data;
  const outgoing = h.outgoing.id === me;
  const incoming = h.incoming.id === me;
  const failed = act.error instanceof ClientApiError ? act.error : null;
  const failedProblems = (failed?.details as { problems?: Problem[] } | undefined)?.problems;
  // A refused submit or ack says so in the list of what is missing (kept live), not in a second copy of it.
  const refusedAt = failedProblems ? act.variables?.path : undefined;
  // Why an action failed is said next to the action's button, below what the person clicks next — a notice
  // above the checklists would vanish as the next save starts and move the box under the pointer.
  const failedAt = failed ? (act.variables?.path ?? "") : "";
  const notice = failed && !failedProblems && (failed.status === 409 ? <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">{failed.message}</p> : <ErrorNotice message={failed.message} requestId={failed.requestId} />);
  const tick = (key: string) => (b: { done?: boolean; note?: string }, onRefused?: () => void) => act.mutate({ method: "PATCH", path: `/items/${key}`, body: b }, { onError: onRefused });
  const column = (phase: "end" | "start", who: string, mine: boolean, editable: boolean) => (
    <Panel className="p-4">
      <h2 className="font-medium">{phase === "end" ? "End of shift" : "Start of shift"}</h2>
      <p className="text-xs text-muted">
        {who}
        {mine ? " (you)" : ""}
      </p>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={phase === "end" ? "End of shift checklist" : "Start of shift checklist"}>
        {h.items
          .filter((i) => i.phase === phase)
          .map((i) => (
            <ItemRow key={i.key} item={i} canEdit={mine && editable} onChange={tick(i.key)} proven={Boolean(h.paging_test?.delivered)} />
          ))}
      </ul>
    </Panel>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Badge tone={HANDOFF_TONE[h.status]}>{h.status}</Badge>
        {h.status !== "acknowledged" && <LiveStatus live={live} />}
        <span>
          started <Time iso={h.created_at} />
        </span>
        {h.submitted_at && (
          <span>
            · submitted <Time iso={h.submitted_at} />
          </span>
        )}
        {h.acked_at && (
          <span>
            · acknowledged by {h.incoming.name} <Time iso={h.acked_at} />
          </span>
        )}
        <span className="text-muted">· checklist v{h.template_version}</span>
        <a className="ml-auto text-indigo-700 hover:underline dark:text-indigo-400" href={`/api/v1/handoffs/${h.id}/export`}>
          Export markdown
        </a>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {column("end", `Outgoing: ${h.outgoing.name}`, outgoing, h.status === "open")}
        {column("start", `Incoming: ${h.incoming.name}`, incoming, h.status !== "acknowledged")}
        <Context ctx={ctx} />
      </div>
      {!["/submit", "/ack", "/paging-test"].includes(failedAt) && notice}
      <Panel className="p-4">
        <h2 className="font-medium">Open incidents: where each investigation stands</h2>
        {ctx.incidents.length === 0 ? (
          <p className="mt-1 text-sm text-muted">No open incidents.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Investigation summaries">
            {ctx.incidents.map((i) => (
              <SummaryBox key={`${i.id}:${h.summaries[i.id]?.updated_at ?? ""}`} incident={i} saved={h.summaries[i.id]?.summary} canEdit={outgoing && h.status === "open"} onSave={(summary) => act.mutate({ method: "PUT", path: `/incidents/${i.id}`, body: { summary } })} />
            ))}
          </ul>
        )}
      </Panel>
      {outgoing && h.status === "open" && (
        <Panel className="space-y-3 p-4">
          <Problems title={refusedAt === "/submit" ? "Refused: before you can hand over" : "Before you can hand over"} problems={submit_problems} />
          <Button onClick={() => act.mutate({ method: "POST", path: "/submit" })} disabled={act.isPending}>
            Submit handoff to {h.incoming.name}
          </Button>
          {failedAt === "/submit" && notice}
          <p className="text-xs text-muted">Submitting writes your summary into each open incident&apos;s timeline.</p>
        </Panel>
      )}
      {incoming && h.status !== "acknowledged" && (
        <Panel className="space-y-3 p-4">
          <Problems title={refusedAt === "/ack" ? "Refused: before you can take over" : "Before you can take over"} problems={ack_problems} />
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => act.mutate({ method: "POST", path: "/ack" })} disabled={act.isPending}>
              Acknowledge and take over
            </Button>
            <Button variant="secondary" onClick={() => act.mutate({ method: "POST", path: "/paging-test" })} disabled={act.isPending}>
              Send me a test page
            </Button>
            {h.paging_test && (
              <span className={`text-sm ${h.paging_test.delivered ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
                Test page {h.paging_test.delivered ? "delivered" : "not delivered"} ({h.paging_test.detail}) <Time iso={h.paging_test.at} />
              </span>
            )}
          </div>
          {(failedAt === "/ack" || failedAt === "/paging-test") && notice}
        </Panel>
      )}
    </div>
  );
}
