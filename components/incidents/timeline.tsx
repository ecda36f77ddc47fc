"use client";

// The live timeline in occurred order: kinds, authors, occurred vs recorded time, corrections struck
// through, evidence as cards. "Correct" hands the entry to the composer.
import { oneOf } from "@/lib/client/one-of";
import { useQuery } from "@tanstack/react-query";
import { useStoredChoice } from "@/lib/client/use-stored-choice";
import type { TimelineEntry } from "@/lib/incidents/contract";
import { describeEntry, entryKindLabel } from "@/lib/incidents/rules";
import { timelineQuery } from "@/lib/client/queries/incidents";
import { Badge } from "@/components/ui/badge";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { formatTime, useTimeMode } from "@/components/ui/time";
import { EvidenceCard } from "./evidence-card";
import { WRITABLE_KINDS } from "@/lib/vocabulary";

const ORDERS = ["oldest", "newest"] as const;

export function Timeline({
  id,
  name,
  onCorrect,
}: {
  id: string;
  name: (uid: string | null) => string;
  onCorrect?: (entry: TimelineEntry) => void;
}) {
  const t = useQuery(timelineQuery(id));
  const { mode } = useTimeMode();
  // Newest first keeps new entries next to the composer; this browser remembers the choice.
  const [order, setOrder] = useStoredChoice("timeline-order", ORDERS, "oldest");
  if (t.isPending) return <Skeleton rows={6} />;
  if (t.isError) return <ErrorNotice message={t.error.message} />;
  const entries = order === "newest" ? [...t.data.entries].reverse() : t.data.entries;
  return (
    <Panel>
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <h2 className="font-medium">Timeline</h2>
        <button
          type="button"
          className="min-h-11 rounded-md px-2 text-xs text-indigo-700 hover:underline md:min-h-0 dark:text-indigo-400"
          aria-pressed={order === "newest"}
          onClick={() => setOrder(order === "newest" ? "oldest" : "newest")}
        >
          {order === "newest" ? "Newest first" : "Oldest first"} — switch
        </button>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="No entries yet" />
      ) : (
        <ol aria-label="Timeline" className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {entries.map((e) => {
            const late = Math.abs(Date.parse(e.recorded_at) - Date.parse(e.occurred_at)) > 60_000;
            const struck = e.corrected_by.length > 0;
            return (
              <li
                key={e.id}
                data-entry-id={e.id}
                className="flex flex-col gap-1 px-4 py-2 text-sm sm:flex-row sm:gap-3"
              >
                <div className="shrink-0 text-xs text-muted tabular-nums sm:w-40">
                  <div>{formatTime(e.occurred_at, mode)}</div>
                  {late && <div title="recorded later">rec. {formatTime(e.recorded_at, mode).slice(11)}</div>}
                </div>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge
                      tone={
                        e.kind === "impact" || e.kind === "runbook_deviation" || e.kind === "update_reminder"
                          ? "warn"
                          : oneOf(WRITABLE_KINDS, e.kind)
                            ? "info"
                            : "neutral"
                      }
                    >
                      {entryKindLabel(e)}
                    </Badge>
                    <span className="text-xs text-muted">{name(e.author_id)}</span>
                    <span className="font-mono text-xs text-muted">#{e.id}</span>
                    {e.corrects && <span className="text-xs text-muted">corrects #{e.corrects}</span>}
                  </div>
                  <p className={`mt-0.5 break-words whitespace-pre-wrap ${struck ? "text-muted line-through" : ""}`}>
                    {describeEntry(e, name)}
                  </p>
                  {struck && <p className="text-xs text-muted">corrected by #{e.corrected_by.join(", #")}</p>}
                  {e.kind === "runbook_deviation" && (
                    <p className="text-xs text-muted">runbook: {String(e.data.runbook ?? "")}</p>
                  )}
                  {e.kind === "evidence" && typeof e.data.url === "string" && (
                    <EvidenceCard
                      url={e.data.url}
                      label={typeof e.data.label === "string" ? e.data.label : undefined}
                    />
                  )}
                </div>
                {onCorrect && oneOf(WRITABLE_KINDS, e.kind) && !struck && (
                  <button
                    type="button"
                    className="min-h-11 self-start text-xs text-indigo-700 hover:underline md:min-h-0 dark:text-indigo-400"
                    onClick={() => onCorrect(e)}
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
