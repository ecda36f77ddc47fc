"use client";

// One log explorer for every log source (a tenant org's logs, the platform's): filters in the URL, a
// virtualized list, live tail, line detail with context, export. The source says where the lines come
// from and which filters it has.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useStoredChoice } from "@/lib/client/use-stored-choice";
import {
  contextQuery,
  exportUrl,
  facetsQuery,
  lineHref,
  limitsQuery,
  logsQuery,
  readLogFilters,
  tailUrl,
  type LogRecord,
  type LogSource,
  type LogViewFilters,
} from "@/lib/client/queries/logs";
import { ClientApiError } from "@/lib/client/api";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { FilterBar } from "./log-filters";
import { RangeBar } from "@/components/ui/range-bar";
import { LogDetail } from "./log-detail";
import { LogList, type LogMarker, type Row } from "./log-list";
import { useLogTail, type TailItem } from "./use-log-tail";

const TAIL_CAP = 50_000;
/** Where new lines appear: at the top (default), or at the bottom as in a terminal. */
const PLACEMENTS = ["top", "bottom"] as const;

export function LogExplorer<L extends LogRecord>({
  source,
  markers = [],
  correlate = false,
  traces = false,
}: {
  source: LogSource<L>;
  /** Moments to draw between the lines where they fall (an org's releases). */
  markers?: LogMarker[];
  /** The viewer may follow a line's request or trace id across the platform. */
  correlate?: boolean;
  /** The viewer may open a line's trace (operators and admins, never a tenant). */
  traces?: boolean;
}) {
  const { params, update } = useUrlFilters();
  const filters = useMemo(() => readLogFilters(source, params), [source, params]);
  const tailOn = params.get("tail") === "1";
  const lineParam = params.get("line");

  const facets = useQuery(facetsQuery(source));
  const limits = useQuery(limitsQuery(source));
  const logs = useInfiniteQuery(logsQuery(source, filters));
  const [tailRows, setTailRows] = useState<TailItem<L>[]>([]);
  const [hideQuery, setHideQuery] = useState(false);
  const [selected, setSelected] = useState<L | null>(null);
  // On a phone the filters fold away behind one button, so the lines are on the first screen.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const linked = useQuery({ ...contextQuery(source, lineParam ?? ""), enabled: Boolean(lineParam) && !selected });
  const current = selected ?? (lineParam && linked.data?.line.id === lineParam ? linked.data.line : null);

  const queried = useMemo(
    () => (hideQuery ? [] : (logs.data?.pages.flatMap((p) => p.lines) ?? [])),
    [logs.data, hideQuery],
  );
  const newestId = queried[0]?.id;
  const [tailFrom, setTailFrom] = useState<string | undefined>(undefined);
  const tailSource = tailOn ? tailUrl(source, filters, tailFrom ?? newestId) : null;
  // The tail keeps the newest handler in a ref: this need not be stable.
  const onItems = (items: TailItem<L>[]) =>
    setTailRows((rows) => [...[...items].reverse(), ...rows].slice(0, TAIL_CAP));
  const tail = useLogTail<L>(logs.isSuccess || hideQuery ? tailSource : null, onItems);

  const hasOlder = Boolean(logs.hasNextPage);
  const [placement, setPlacement] = useStoredChoice("logs-newest", PLACEMENTS, "top");
  const newestAtBottom = placement === "bottom";
  const setNewestAtBottom = (v: boolean) => setPlacement(v ? "bottom" : "top");
  const rows: Row<L>[] = useMemo(() => {
    const newestFirst = [...tailRows, ...withMarkers(queried, markers, hasOlder)];
    return newestAtBottom ? newestFirst.reverse() : newestFirst;
  }, [tailRows, queried, markers, hasOlder, newestAtBottom]);
  // The limits line counts this tail once it is open.
  const refetchLimits = limits.refetch;
  useEffect(() => {
    if (tail.state === "live" || tail.state === "off") void refetchLimits();
  }, [tail.state, refetchLimits]);
  const lineCount = rows.filter((r) => r.kind === "line").length;

  const linkFor = (line: L) => lineHref(source.page, line, filters);
  // Stable while the URL stands, so the filters (hundreds of nodes and hosts) are not drawn again for every
  // line the tail brings.
  const setValues = useCallback(
    (key: string, values: string[]) =>
      update((p) => {
        p.delete(key);
        values.forEach((v) => p.append(key, v));
        p.delete("line");
      }),
    [update],
  );
  const setValue = useCallback((key: string, value: string) => setValues(key, value ? [value] : []), [setValues]);
  const setRange = (start: string, end?: string) =>
    update((p) => {
      p.set("start", start);
      if (end) p.set("end", end);
      else p.delete("end");
    });
  const toggleTail = () => {
    setTailFrom(tailOn ? undefined : newestId);
    update((p) => (tailOn ? p.delete("tail") : p.set("tail", "1")));
  };

  const apiError = logs.error instanceof ClientApiError ? logs.error : null;
  const l = limits.data;
  return (
    <div className="flex h-[calc(100vh-9rem)] min-h-[32rem] flex-col gap-3">
      <Panel className="p-3">
        <div id="log-filter-panel" className={filtersOpen ? "" : "hidden md:block"}>
          <FilterBar source={source} filters={filters} facets={facets.data} onPick={setValues} onSet={setValue} />
        </div>
        <div className={`flex flex-wrap items-center gap-2 ${filtersOpen ? "mt-2" : "md:mt-2"}`}>
          <Button
            variant="secondary"
            className="md:hidden"
            aria-expanded={filtersOpen}
            aria-controls="log-filter-panel"
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            Filters{activeFilters(filters) ? ` (${activeFilters(filters)})` : ""}
          </Button>
          <div className={filtersOpen ? "contents" : "hidden md:contents"}>
            <RangeBar
              start={filters.start}
              end={filters.end}
              onRange={setRange}
              maxHours={l?.limits.max_window_hours ?? null}
            />
          </div>
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <Button variant={tailOn ? "primary" : "secondary"} onClick={toggleTail} aria-pressed={tailOn}>
              {tailOn ? "● Live" : "Live tail"}
            </Button>
            <Button
              variant="ghost"
              onClick={() => setNewestAtBottom(!newestAtBottom)}
              aria-pressed={newestAtBottom}
              title="Where new lines appear"
            >
              {newestAtBottom ? "Newest at bottom" : "Newest at top"}
            </Button>
            {tailOn && (
              <Button variant="secondary" onClick={() => tail.setPaused(!tail.paused)}>
                {tail.paused ? `Resume${tail.buffered ? ` (${tail.buffered} new)` : ""}` : "Pause"}
              </Button>
            )}
            <Button
              variant="ghost"
              onClick={() => {
                setTailRows([]);
                setHideQuery(true);
              }}
            >
              Clear
            </Button>
            <a
              className="tap rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-zinc-100 dark:text-indigo-400 dark:hover:bg-zinc-800"
              href={exportUrl(source, filters)}
              download
            >
              Download NDJSON
            </a>
          </div>
        </div>
      </Panel>
      {/* On a phone the count and the limits stack (the limits two lines): a count that grows to "more available"
          never re-wraps the limits and moves the lines below. */}
      <div
        className="flex flex-col items-start gap-x-3 gap-y-0.5 text-xs text-muted sm:flex-row sm:items-center"
        aria-label="Limits"
      >
        <span>
          {lineCount.toLocaleString()} line{lineCount === 1 ? "" : "s"}
          {logs.data?.pages.at(-1)?.truncated ? " (more available)" : ""}
        </span>
        {tailOn && <TailBadge state={tail.state} />}
        {!l && (
          // Holds the limits' room (a second line on a phone) until they load, so the lines below do not move.
          <span className="invisible sm:ml-auto" aria-hidden>
            window ≤ 7 d · 30 d retention · page ≤ 5,000 lines · tails 0/10 · tail ≤ 500/s · export ≤ 100,000
          </span>
        )}
        {l && (
          <span className="sm:ml-auto">
            window ≤{" "}
            {l.limits.max_window_hours % 24 === 0
              ? `${l.limits.max_window_hours / 24} d`
              : `${l.limits.max_window_hours} h`}{" "}
            · {l.limits.retention_days} d retention · page ≤ {l.limits.max_page_lines.toLocaleString()} lines · tails{" "}
            {l.usage.tails_open}/{l.usage.tails_max} · tail ≤ {l.limits.tail_lines_per_second}/s · export ≤{" "}
            {l.limits.export_max_lines.toLocaleString()}
          </span>
        )}
      </div>
      {apiError && <ErrorNotice title="Couldn't load logs" message={apiError.message} requestId={apiError.requestId} />}
      {tail.state === "failed" && (
        <ErrorNotice
          title="Live tail stopped"
          message={`The tail connection closed. ${l && l.usage.tails_open >= l.usage.tails_max ? `${l.usage.tails_open}/${l.usage.tails_max} tails are open here; close one and try again.` : "Turn it off and on to retry."}`}
        />
      )}
      <Panel className="flex min-h-0 flex-1 flex-col overflow-hidden lg:flex-row">
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          {logs.isPending && !hideQuery ? (
            <Skeleton rows={12} />
          ) : apiError && !tailOn ? null : rows.length === 0 ? (
            <EmptyState title={tailOn ? "Waiting for new lines…" : "No lines match"}>
              {tailOn ? "New lines appear here as they arrive." : "Widen the time range, or clear a filter."}
            </EmptyState>
          ) : (
            <LogList
              source={source}
              rows={rows}
              selectedId={current?.id ?? null}
              onSelect={(line) => {
                setSelected(line);
                update((p) => p.set("line", line.id));
              }}
              highlight={filters.q}
              stickToBottom={newestAtBottom}
              {...{
                [newestAtBottom ? "header" : "footer"]:
                  logs.hasNextPage && !hideQuery ? (
                    <div className="p-3 text-center">
                      <Button
                        variant="secondary"
                        onClick={() => logs.fetchNextPage()}
                        disabled={logs.isFetchingNextPage}
                      >
                        {logs.isFetchingNextPage ? "Loading…" : "Load older lines"}
                      </Button>
                    </div>
                  ) : null,
              }}
            />
          )}
        </div>
        {current && (
          <LogDetail
            source={source}
            line={current}
            linkFor={linkFor}
            onClose={() => {
              setSelected(null);
              update((p) => p.delete("line"));
            }}
            onNarrow={(param, value) => setValues(param, [value])}
            correlate={correlate}
            traces={traces}
          />
        )}
      </Panel>
    </div>
  );
}

/** Lines newest first with each marker placed by its time — only where the loaded lines reach. */
function withMarkers<L extends LogRecord>(lines: L[], markers: LogMarker[], hasOlder: boolean): Row<L>[] {
  const oldest = lines.at(-1)?.ts;
  const shown = markers
    .filter((m) => !hasOlder || (oldest !== undefined && m.at >= oldest))
    .sort((a, b) => b.at.localeCompare(a.at));
  const rows: Row<L>[] = [];
  let i = 0;
  for (const line of lines) {
    for (let m = shown[i]; m && m.at > line.ts; m = shown[++i]) rows.push({ kind: "marker", ...m });
    rows.push({ kind: "line", line });
  }
  for (const m of shown.slice(i)) rows.push({ kind: "marker", ...m });
  return rows;
}

function TailBadge({ state }: { state: string }) {
  const text: Record<string, string> = {
    connecting: "connecting…",
    live: "live",
    reconnecting: "reconnecting…",
    failed: "stopped",
    off: "off",
  };
  const tone =
    state === "live"
      ? "text-emerald-700 dark:text-emerald-400"
      : state === "failed"
        ? "text-red-700 dark:text-red-400"
        : "text-amber-700 dark:text-amber-400";
  return <span className={tone}>tail {text[state] ?? state}</span>;
}

/** How many filters narrow the view (shown on the phone's folded filter button). */
function activeFilters(f: LogViewFilters): number {
  return (
    Object.values(f.multi).filter((v) => v.length).length +
    (f.level ? 1 : 0) +
    (f.q ? 1 : 0) +
    (f.start && f.start !== "1h" ? 1 : 0)
  );
}
