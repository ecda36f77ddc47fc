"use client";

// One handoff: the outgoing's and the incoming's checklists side by side, a summary box per open incident,
// the live context, and submit / acknowledge with the gate's reasons listed in place.
import Link from "next/link";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { handoffKeys, handoffQuery, useHandoffAction } from "@/lib/client/queries/handoffs";
import type { HandoffView as View } from "@/lib/handoffs/contract";
import { age } from "@/lib/incidents/rules";
import { ClientApiError } from "@/lib/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
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

function ItemRow({ item, canEdit, onChange }: { item: Item; canEdit: boolean; onChange: (b: { done?: boolean; note?: string }) => void }) {
  const [note, setNote] = useState(item.note);
  const [done, setDone] = useState(item.done); // shown at once; the server's answer re-mounts the row
  return (
    <li className="py-2" data-item={item.key}>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={done}
          disabled={!canEdit}
          onChange={(e) => {
            setDone(e.target.checked);
            onChange({ done: e.target.checked });
          }}
          aria-label={item.label}
        />
        <span className={done ? "text-zinc-500 line-through decoration-zinc-400" : ""}>{item.label}</span>
      </label>
      {canEdit ? (
        <input
          className="mt-1 ml-6 w-[calc(100%-1.5rem)] rounded border border-zinc-200 bg-transparent px-2 py-0.5 text-xs dark:border-zinc-700"
          placeholder="Note (optional)"
          aria-label={`Note for ${item.label}`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => note !== item.note && onChange({ note })}
        />
      ) : (
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
        <Link href={`/incidents/${incident.ref}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {incident.ref}
        </Link>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <span className="min-w-0 truncate">{incident.title}</span>
        <span className="text-xs text-zinc-500">IC {incident.commander_name ?? "none"}</span>
        <span className={`text-xs ${incident.stale ? "font-medium text-red-600 dark:text-red-400" : "text-zinc-500"}`}>
          last update {incident.last_entry_at ? `${age(incident.last_entry_at)} ago` : "never"}
          {incident.stale ? " · stale" : ""}
        </span>
      </div>
      {canEdit ? (
        <div className="mt-2 flex items-start gap-2">
          <textarea
            className="min-h-16 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
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
        <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{saved ?? <span className="text-zinc-400">No summary yet.</span>}</p>
      )}
    </li>
  );
}

function Context({ ctx }: { ctx: View["context"] }) {
  return (
    <Panel className="space-y-4 p-4">
      <h2 className="font-medium">Right now</h2>
      <section aria-label="Alerts">
        <h3 className="text-xs font-medium text-zinc-500 uppercase">Alerts</h3>
        <p className="text-sm">
          <Link href="/alerts?state=open" className="hover:underline">
            {ctx.open_alerts.page.toLocaleString("en-US")} page(s), {ctx.open_alerts.ticket.toLocaleString("en-US")} ticket(s) open
          </Link>
        </p>
        <ul className="mt-1 space-y-0.5 text-xs">
          {[...ctx.pages, ...ctx.tickets].slice(0, 8).map((a) => (
            <li key={a.id} className="truncate" data-alert={a.name}>
              <Badge tone={a.kind === "page" ? "bad" : "warn"}>{a.kind}</Badge> {a.annotations.summary || a.name} <span className="text-zinc-500">×{a.count}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="SLOs burning">
        <h3 className="text-xs font-medium text-zinc-500 uppercase">SLOs burning</h3>
        {ctx.slos_error ? (
          <p className="text-xs text-red-600">{ctx.slos_error}</p>
        ) : ctx.slos.length ? (
          <ul className="space-y-0.5 text-xs">
            {ctx.slos.map((s) => (
              <li key={s.id}>
                <Badge tone={s.alert_state === "page" ? "bad" : "warn"}>{s.alert_state}</Badge> {s.name} in {s.region}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-zinc-500">All within budget.</p>
        )}
      </section>
      <section aria-label="Changes during the shift">
        <h3 className="text-xs font-medium text-zinc-500 uppercase">
          Changes this shift ({ctx.changes.list.length}
          {ctx.changes.truncated ? "+" : ""})
        </h3>
        <ul className="space-y-0.5 text-xs">
          {ctx.changes.list.slice(0, 8).map((c) => (
            <li key={c.id} className="truncate" data-change={c.id}>
              <span className="text-zinc-500 tabular-nums">{c.started_at.slice(11, 16)}</span> {c.kind} <span className="font-medium">{c.service}</span> {c.summary}
              {c.freeze_violation && (
                <>
                  {" "}
                  <Badge tone="bad">freeze</Badge>
                </>
              )}
            </li>
          ))}
        </ul>
        <Link href={`/changes?${new URLSearchParams({ from: ctx.changes.start, to: ctx.changes.end })}`} className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">
          {ctx.changes.list.length ? "All changes this shift" : "Nothing changed this shift — open the feed"}
        </Link>
      </section>
      <section aria-label="Open follow-ups">
        <h3 className="text-xs font-medium text-zinc-500 uppercase">Open follow-ups ({ctx.follow_ups.length})</h3>
        <ul className="space-y-0.5 text-xs">
          {ctx.follow_ups.slice(0, 8).map((f) => (
            <li key={f.id} className="truncate">
              <Link href={`/incidents/${f.incident_ref}`} className="text-indigo-600 hover:underline dark:text-indigo-400">
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
  const tick = (key: string) => (b: { done?: boolean; note?: string }) => act.mutate({ method: "PATCH", path: `/items/${key}`, body: b });
  const column = (phase: "end" | "start", who: string, mine: boolean, editable: boolean) => (
    <Panel className="p-4">
      <h2 className="font-medium">{phase === "end" ? "End of shift" : "Start of shift"}</h2>
      <p className="text-xs text-zinc-500">
        {who}
        {mine ? " (you)" : ""}
      </p>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={phase === "end" ? "End of shift checklist" : "Start of shift checklist"}>
        {h.items
          .filter((i) => i.phase === phase)
          .map((i) => (
            <ItemRow key={`${i.key}:${i.note}:${i.done}`} item={i} canEdit={mine && editable} onChange={tick(i.key)} />
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
            · acknowledged <Time iso={h.acked_at} />
          </span>
        )}
        <span className="text-zinc-500">· checklist v{h.template_version}</span>
        <a className="ml-auto text-indigo-600 hover:underline dark:text-indigo-400" href={`/api/v1/handoffs/${h.id}/export`}>
          Export markdown
        </a>
      </div>
      {failed && !failedProblems && <ErrorNotice message={failed.message} requestId={failed.requestId} />}
      <div className="grid gap-4 lg:grid-cols-3">
        {column("end", `Outgoing: ${h.outgoing.name}`, outgoing, h.status === "open")}
        {column("start", `Incoming: ${h.incoming.name}`, incoming, h.status !== "acknowledged")}
        <Context ctx={ctx} />
      </div>
      <Panel className="p-4">
        <h2 className="font-medium">Open incidents: where each investigation stands</h2>
        {ctx.incidents.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-500">No open incidents.</p>
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
          <Problems title="Before you can hand over" problems={submit_problems} />
          <Button onClick={() => act.mutate({ method: "POST", path: "/submit" })} disabled={act.isPending}>
            Submit handoff to {h.incoming.name}
          </Button>
          <p className="text-xs text-zinc-500">Submitting writes your summary into each open incident&apos;s timeline.</p>
        </Panel>
      )}
      {incoming && h.status !== "acknowledged" && (
        <Panel className="space-y-3 p-4">
          <Problems title="Before you can take over" problems={ack_problems} />
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => act.mutate({ method: "POST", path: "/ack" })} disabled={act.isPending}>
              Acknowledge and take over
            </Button>
            <Button variant="secondary" onClick={() => act.mutate({ method: "POST", path: "/paging-test" })} disabled={act.isPending}>
              Send me a test page
            </Button>
            {h.paging_test && (
              <span className={`text-sm ${h.paging_test.delivered ? "text-emerald-700 dark:text-emerald-400" : "text-red-600"}`}>
                Test page {h.paging_test.delivered ? "delivered" : "not delivered"} ({h.paging_test.detail}) <Time iso={h.paging_test.at} />
              </span>
            )}
          </div>
        </Panel>
      )}
      {failedProblems && <Problems title="Refused" problems={failedProblems} />}
    </div>
  );
}
