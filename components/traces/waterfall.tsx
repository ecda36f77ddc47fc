"use client";

// A trace's spans as a treegrid: each span a row, indented by depth, its bar on the trace's time axis;
// errors marked in words and colour, the critical path marked, subtrees folded and unfolded, orphans
// named. Only the rows in view are drawn, so thousands of spans scroll smoothly. Keyboard: Up/Down move,
// Left/Right fold, unfold or go to the parent/first child, Home/End, Enter opens the span.
// On a phone each row is a readable entry — name, service, duration and a thin bar under it.
import { useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import type { TreeSpan } from "@/lib/traces/contract";
import {
  barOf,
  firstChildRow,
  isoMs,
  parentRow,
  rowWindow,
  scrollFor,
  ticks,
  visibleSpans,
} from "@/lib/traces/waterfall";
import { useScrollView } from "@/lib/client/use-scroll-view";
import { formatDuration } from "@/components/dashboards/format";

const ROW = { wide: 30, phone: 56 };

/** A span's duration as it reads everywhere in the traces views. */
export const spanDuration = (ms: number) => formatDuration(ms / 1000);

const PHONE = "(width < 40rem)";
const onWidth = (changed: () => void) => {
  const mq = window.matchMedia(PHONE);
  mq.addEventListener("change", changed);
  return () => mq.removeEventListener("change", changed);
};

/**
 * A phone's width, read as the waterfall first draws (it draws after its trace arrives, on the client): a
 * wide first draw switched to the phone's rows after it moved everything below (a layout shift).
 */
function usePhone(): boolean {
  return useSyncExternalStore(
    onWidth,
    () => window.matchMedia(PHONE).matches,
    () => false,
  );
}

export function Waterfall({
  spans,
  start,
  durationMs,
  selected,
  onOpen,
  label = "Spans",
  height = "min(70vh, 40rem)",
}: {
  spans: TreeSpan[];
  start: string;
  durationMs: number;
  /** The span whose panel is open (also where focus starts). */
  selected: string | null;
  onOpen: (spanId: string) => void;
  label?: string;
  height?: string;
}) {
  const phone = usePhone();
  const rowHeight = phone ? ROW.phone : ROW.wide;
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const rows = useMemo(() => visibleSpans(spans, collapsed), [spans, collapsed]);
  const rowOf = (spanId: string | null) => (spanId ? rows.findIndex((i) => spans[i]!.span_id === spanId) : -1);
  const selectedRow = rowOf(selected);
  // The row that holds the focus ring (by span, so folding above it keeps it); a new selection takes it.
  const [activeSpan, setActiveSpan] = useState<string | null>(selected);
  const [seen, setSeen] = useState(selected);
  if (seen !== selected) {
    setSeen(selected);
    if (selected) setActiveSpan(selected);
  }
  const setActive = (row: number) => setActiveSpan(spans[rows[row] ?? -1]?.span_id ?? null);
  const { ref, view } = useScrollView<HTMLDivElement>();
  const t0 = isoMs(start);
  const axis = useMemo(() => ticks(durationMs), [durationMs]);

  // A span chosen from outside (?span=, the panel's links) comes into view and takes the focus ring.
  useEffect(() => {
    if (selectedRow < 0) return;
    const el = ref.current;
    if (!el) return;
    const top = scrollFor(selectedRow, rowHeight, el.scrollTop, el.clientHeight);
    if (top !== null) el.scrollTop = Math.max(0, top - el.clientHeight / 3);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the selection itself moves
  }, [selected, rowHeight]);

  const current = Math.max(0, rowOf(activeSpan));
  const focusRow = (row: number) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    setActive(r);
    const el = ref.current;
    if (!el) return;
    const top = scrollFor(r, rowHeight, el.scrollTop, el.clientHeight);
    if (top !== null) el.scrollTop = top;
    // The row is drawn once the scroll has been rendered.
    requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-row="${r}"]`)?.focus());
  };
  const toggle = (spanId: string, fold: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (fold) next.add(spanId);
      else next.delete(spanId);
      return next;
    });

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const s = spans[rows[current] ?? -1];
    if (!s) return;
    const folded = collapsed.has(s.span_id);
    const page = Math.max(1, Math.floor(view.height / rowHeight) - 1);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusRow(current + 1),
      ArrowUp: () => focusRow(current - 1),
      PageDown: () => focusRow(current + page),
      PageUp: () => focusRow(current - page),
      Home: () => focusRow(0),
      End: () => focusRow(rows.length - 1),
      ArrowRight: () => {
        if (s.child_count > 0 && folded) toggle(s.span_id, false);
        else {
          const child = firstChildRow(spans, rows, current);
          if (child !== null) focusRow(child);
        }
      },
      ArrowLeft: () => {
        if (s.child_count > 0 && !folded) toggle(s.span_id, true);
        else {
          const parent = parentRow(spans, rows, current);
          if (parent !== null) focusRow(parent);
        }
      },
      Enter: () => onOpen(s.span_id),
      " ": () => onOpen(s.span_id),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  };

  const { first, end } = rowWindow(view.top, view.height, rowHeight, rows.length);
  return (
    <div className="text-xs">
      {!phone && (
        <div aria-hidden className="flex border-b border-zinc-200 py-1 text-muted dark:border-zinc-800">
          <div className="w-[38%] shrink-0 pl-2">Span</div>
          <div className="relative mr-16 h-4 flex-1">
            {axis.map((t) => (
              <span
                key={t.ms}
                className="absolute -translate-x-1/2 font-mono whitespace-nowrap first:translate-x-0"
                style={{ left: `${t.pct}%` }}
              >
                {spanDuration(t.ms)}
              </span>
            ))}
          </div>
        </div>
      )}
      <div
        ref={ref}
        role="treegrid"
        aria-label={label}
        aria-rowcount={rows.length}
        aria-readonly
        onKeyDown={onKey}
        className="relative overflow-auto"
        style={{ height: `min(${height}, ${rows.length * rowHeight + 2}px)` }}
      >
        <div style={{ height: rows.length * rowHeight }} className="relative" role="presentation">
          {rows.slice(first, end).map((spanIndex, i) => {
            const row = first + i;
            const s = spans[spanIndex]!;
            const bar = barOf(s, t0, durationMs);
            const folded = collapsed.has(s.span_id);
            const error = s.status === "error";
            const isSelected = s.span_id === selected;
            const name = (
              <>
                {s.child_count > 0 ? (
                  <button
                    type="button"
                    tabIndex={-1}
                    aria-label={`${folded ? "Expand" : "Collapse"} ${s.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(s.span_id, !folded);
                    }}
                    className="-my-1 inline-flex size-7 shrink-0 items-center justify-center rounded text-muted hover:bg-zinc-200 sm:size-5 dark:hover:bg-zinc-700"
                  >
                    {folded ? "▸" : "▾"}
                  </button>
                ) : (
                  <span className="inline-block w-7 shrink-0 sm:w-5" />
                )}
                {error && (
                  <span
                    className="shrink-0 font-semibold text-red-700 dark:text-red-400"
                    title={s.status_message ?? "error"}
                  >
                    ⚠ error
                  </span>
                )}
                <span className="truncate font-medium">{s.name}</span>
                <span className="shrink-0 text-muted">{s.service}</span>
                {s.orphan && (
                  <span className="shrink-0 rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-950 dark:text-amber-300">
                    orphan: parent not kept
                  </span>
                )}
                {folded && <span className="shrink-0 text-muted">+{s.child_count}</span>}
              </>
            );
            const barEl = (
              <div
                className={`absolute rounded-sm ${phone ? "top-0 h-1.5" : "top-1/2 h-3 -translate-y-1/2"} ${
                  error
                    ? "bg-red-600 dark:bg-red-500"
                    : s.critical
                      ? "bg-indigo-600 dark:bg-indigo-400"
                      : "bg-zinc-400 dark:bg-zinc-500"
                } ${s.critical ? "ring-2 ring-amber-400 dark:ring-amber-300" : ""}`}
                style={{ left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }}
              />
            );
            return (
              <div
                key={s.span_id}
                role="row"
                data-row={row}
                data-span={s.span_id}
                data-status={s.status}
                data-critical={s.critical || undefined}
                aria-level={s.depth + 1}
                aria-rowindex={row + 1}
                aria-expanded={s.child_count > 0 ? !folded : undefined}
                aria-selected={isSelected}
                aria-label={`${s.name}, ${s.service}, ${spanDuration(s.duration_ms)}${error ? ", error" : ""}${s.critical ? ", on the critical path" : ""}${s.orphan ? ", orphan" : ""}`}
                tabIndex={row === current ? 0 : -1}
                onFocus={() => setActive(row)}
                onClick={() => {
                  setActive(row);
                  onOpen(s.span_id);
                }}
                className={`absolute inset-x-0 flex cursor-pointer items-center outline-offset-[-2px] ${
                  isSelected ? "bg-indigo-50 dark:bg-indigo-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
                } ${error ? "border-l-4 border-red-600 dark:border-red-500" : "border-l-4 border-transparent"}`}
                style={{ top: row * rowHeight, height: rowHeight }}
              >
                {phone ? (
                  <div role="gridcell" className="flex min-w-0 flex-1 flex-col gap-1 px-1">
                    <div
                      className="flex min-w-0 items-center gap-1.5"
                      style={{ paddingLeft: Math.min(s.depth, 8) * 10 }}
                    >
                      {name}
                      <span className="ml-auto shrink-0 font-mono">{spanDuration(s.duration_ms)}</span>
                    </div>
                    <div className="relative h-1.5 rounded-sm bg-zinc-100 dark:bg-zinc-800">{barEl}</div>
                  </div>
                ) : (
                  <>
                    <div
                      role="gridcell"
                      className="flex w-[38%] min-w-0 shrink-0 items-center gap-1.5 pr-2"
                      style={{ paddingLeft: Math.min(s.depth, 20) * 12 }}
                    >
                      {name}
                    </div>
                    <div role="gridcell" className="relative h-full flex-1">
                      {barEl}
                    </div>
                    <div role="gridcell" className="w-16 shrink-0 pr-2 text-right font-mono">
                      {spanDuration(s.duration_ms)}
                    </div>
                  </>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <p className="flex flex-wrap gap-x-4 gap-y-1 border-t border-zinc-200 px-2 py-1 text-muted dark:border-zinc-800">
        <span>
          <span className="mr-1 inline-block h-2 w-4 rounded-sm bg-indigo-600 ring-2 ring-amber-400 align-middle dark:bg-indigo-400" />
          critical path
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-4 rounded-sm bg-red-600 align-middle" />⚠ error
        </span>
        <span className="hidden sm:inline">Keys: ↑↓ move · ←→ fold, unfold · Enter opens a span</span>
      </p>
    </div>
  );
}
