"use client";

// One handoff: the outgoing's and the incoming's checklists side by side, a summary box per open incident,
// the live context, and submit / acknowledge with the gate's reasons listed in place.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { handoffKeys, handoffQuery, useHandoffAction } from "@/lib/client/queries/handoffs";
import { ClientApiError, pathOf } from "@/lib/client/api";
import type { exportHandoffEndpoint, handoffEventsEndpoint } from "@/lib/handoffs/contract";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorNotice, LiveStatus, Panel, Skeleton } from "@/components/ui/page";
import { useEventStream } from "@/lib/client/use-event-stream";
import { Time } from "@/components/ui/time";
import { HANDOFF_TONE } from "./handoff-list";
import { ItemRow, Problems } from "./handoff-checklist";
import { SummaryBox } from "./handoff-summary";
import { Context, ShiftMaintenance } from "./handoff-context";

/** The gate's list of what is missing, when a refusal carries one. */
function refusedProblems(details: unknown): { message: string }[] | undefined {
  if (typeof details !== "object" || details === null || !("problems" in details) || !Array.isArray(details.problems))
    return undefined;
  const problems: unknown[] = details.problems;
  return problems.flatMap((p) =>
    typeof p === "object" && p !== null && "message" in p && typeof p.message === "string"
      ? [{ message: p.message }]
      : [],
  );
}

/** Refetches the handoff whenever either side changes it and at each (re)connection (SSE); polling stays as the fallback. */
function useLiveHandoff(id: string): boolean {
  const qc = useQueryClient();
  const refetch = () => void qc.invalidateQueries({ queryKey: handoffKeys.one(id) });
  return useEventStream(
    pathOf<typeof handoffEventsEndpoint>("GET /api/v1/handoffs/{id}/events", { params: { id } }),
    { changed: refetch },
    refetch,
  );
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
  const failedProblems = refusedProblems(failed?.details);
  // A refused submit or ack says so in the list of what is missing (kept live), not in a second copy of it.
  const refusedAt = failedProblems ? act.variables?.kind : undefined;
  // Why an action failed is said next to the action's button, below what the person clicks next — a notice
  // above the checklists would vanish as the next save starts and move the box under the pointer.
  const failedAt = failed ? (act.variables?.kind ?? "") : "";
  const notice =
    failed &&
    !failedProblems &&
    (failed.status === 409 ? (
      <p
        role="status"
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      >
        {failed.message}
      </p>
    ) : (
      <ErrorNotice message={failed.message} requestId={failed.requestId} />
    ));
  const tick = (key: string) => (b: { done?: boolean; note?: string }, onRefused?: () => void) =>
    act.mutate({ kind: "item", key, body: b }, { onError: onRefused });
  const column = (phase: "end" | "start", who: string, mine: boolean, editable: boolean) => (
    <Panel className="p-4">
      <h2 className="font-medium">{phase === "end" ? "End of shift" : "Start of shift"}</h2>
      <p className="text-xs text-muted">
        {who}
        {mine ? " (you)" : ""}
      </p>
      <ul
        className="divide-y divide-zinc-100 dark:divide-zinc-800"
        aria-label={phase === "end" ? "End of shift checklist" : "Start of shift checklist"}
      >
        {h.items
          .filter((i) => i.phase === phase)
          .map((i) => (
            <ItemRow
              key={i.key}
              item={i}
              canEdit={mine && editable}
              onChange={tick(i.key)}
              proven={Boolean(h.paging_test?.delivered)}
            />
          ))}
      </ul>
      {phase === "start" && <ShiftMaintenance m={ctx.maintenance} />}
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
        <a
          className="tap ml-auto text-indigo-700 hover:underline dark:text-indigo-400"
          href={pathOf<typeof exportHandoffEndpoint>("GET /api/v1/handoffs/{id}/export", { params: { id: h.id } })}
        >
          Export markdown
        </a>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {column("end", `Outgoing: ${h.outgoing.name}`, outgoing, h.status === "open")}
        {column("start", `Incoming: ${h.incoming.name}`, incoming, h.status !== "acknowledged")}
        <Context ctx={ctx} />
      </div>
      {!["submit", "ack", "paging-test"].includes(failedAt) && notice}
      <Panel className="p-4">
        <h2 className="font-medium">Open incidents: where each investigation stands</h2>
        {ctx.incidents.length === 0 ? (
          <p className="mt-1 text-sm text-muted">No open incidents.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Investigation summaries">
            {ctx.incidents.map((i) => (
              <SummaryBox
                key={`${i.id}:${h.summaries[i.id]?.updated_at ?? ""}`}
                incident={i}
                saved={h.summaries[i.id]?.summary}
                canEdit={outgoing && h.status === "open"}
                onSave={(summary) => act.mutate({ kind: "summary", incidentId: i.id, body: { summary } })}
              />
            ))}
          </ul>
        )}
      </Panel>
      {outgoing && h.status === "open" && (
        <Panel className="space-y-3 p-4">
          <Problems
            title={refusedAt === "submit" ? "Refused: before you can hand over" : "Before you can hand over"}
            problems={submit_problems}
          />
          <Button onClick={() => act.mutate({ kind: "submit" })} disabled={act.isPending}>
            Submit handoff to {h.incoming.name}
          </Button>
          {failedAt === "submit" && notice}
          <p className="text-xs text-muted">Submitting writes your summary into each open incident&apos;s timeline.</p>
        </Panel>
      )}
      {incoming && h.status !== "acknowledged" && (
        <Panel className="space-y-3 p-4">
          <Problems
            title={refusedAt === "ack" ? "Refused: before you can take over" : "Before you can take over"}
            problems={ack_problems}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => act.mutate({ kind: "ack" })} disabled={act.isPending}>
              Acknowledge and take over
            </Button>
            <Button variant="secondary" onClick={() => act.mutate({ kind: "paging-test" })} disabled={act.isPending}>
              Send me a test page
            </Button>
            {h.paging_test && (
              <span
                className={`text-sm ${h.paging_test.delivered ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
              >
                Test page {h.paging_test.delivered ? "delivered" : "not delivered"} ({h.paging_test.detail}){" "}
                <Time iso={h.paging_test.at} />
              </span>
            )}
          </div>
          {(failedAt === "ack" || failedAt === "paging-test") && notice}
        </Panel>
      )}
    </div>
  );
}
