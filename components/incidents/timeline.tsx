"use client";

// The live timeline in occurred order: kinds, authors, occurred vs recorded time, corrections struck
// through, evidence as cards. "Correct" hands the entry to the composer.
import { useQuery } from "@tanstack/react-query";
import type { TimelineEntry } from "@/lib/incidents/contract";
import { describeEntry, WRITABLE_KINDS } from "@/lib/incidents/rules";
import { timelineQuery } from "@/lib/client/queries/incidents";
import { Badge } from "@/components/ui/badge";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { formatTime, useTimeMode } from "@/components/ui/time";
import { EvidenceCard } from "./evidence-card";

const KIND_LABEL: Record<string, string> = { runbook_deviation: "runbook deviation", status_change: "status", severity_change: "severity", role_change: "roles", field_change: "change", freeze_exception: "freeze exception" };

export function Timeline({ id, name, onCorrect }: { id: string; name: (uid: string | null) => string; onCorrect?: (entry: TimelineEntry) => void }) {
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
                  {e.kind === "evidence" && typeof e.data.url === "string" && <EvidenceCard url={e.data.url} label={typeof e.data.label === "string" ? e.data.label : undefined} />}
                </div>
                {onCorrect && (WRITABLE_KINDS as readonly string[]).includes(e.kind) && !struck && (
                  <button type="button" className="self-start text-xs text-indigo-600 hover:underline dark:text-indigo-400" onClick={() => onCorrect(e)}>
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
