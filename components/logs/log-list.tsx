"use client";

// A virtualized list of log lines: only the rows in view are in the DOM, so 10,000+ lines scroll smoothly.
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useScrollView } from "@/lib/client/use-scroll-view";
import type { LogRecord, LogSource } from "@/lib/client/queries/logs";
import { formatTime, useTimeMode } from "@/components/ui/time";
import type { TailItem } from "./use-log-tail";
import { levelLabel } from "@/lib/vocabulary";

export const ROW_HEIGHT = 26;
const OVERSCAN = 20;

export const LEVEL_STYLE: Record<string, string> = {
  trace: "text-muted",
  debug: "text-muted",
  info: "text-sky-700 dark:text-sky-400",
  warn: "text-amber-700 dark:text-amber-400",
  error: "text-red-700 dark:text-red-400",
  fatal: "text-white bg-red-700 rounded px-1",
};

/** Something that happened at a moment in the list's time, drawn between the lines (a release). */
export interface LogMarker {
  id: string;
  at: string;
  text: string;
  href?: string | null;
  /** A page of the console (opened in place), not the pipeline's own page. */
  internal?: boolean;
  /** Something went wrong then (an instance stopped unasked). */
  tone?: "trouble";
}

export type Row<L extends LogRecord = LogRecord> = TailItem<L> | ({ kind: "marker" } & LogMarker);

/** The message with each case-insensitive occurrence of the text filter marked. */
function Marked({ text, q }: { text: string; q?: string }) {
  const needle = q?.trim().toLowerCase();
  if (!needle) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0 && parts.length < 40; i = lower.indexOf(needle, i + needle.length)) {
    parts.push(
      text.slice(at, i),
      <mark key={i} className="rounded-sm bg-amber-200 text-inherit dark:bg-amber-700/70">
        {text.slice(i, i + needle.length)}
      </mark>,
    );
    at = i + needle.length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

export function LogList<L extends LogRecord>({
  source,
  rows,
  selectedId,
  onSelect,
  footer,
  header,
  highlight,
  stickToBottom = false,
}: {
  source: LogSource<L>;
  rows: Row<L>[];
  selectedId: string | null;
  onSelect: (line: L) => void;
  footer?: React.ReactNode;
  header?: React.ReactNode;
  /** The text filter, marked in each message. */
  highlight?: string;
  /** Newest at the bottom: keep the view at the bottom while it is there, as new lines arrive. */
  stickToBottom?: boolean;
}) {
  const { mode } = useTimeMode();
  const { ref, view } = useScrollView<HTMLDivElement>();
  // Following the bottom: when new rows come and the view was at the bottom, it stays there.
  const atBottom = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || !stickToBottom) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
  }, [ref, rows.length, stickToBottom]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
  }, [ref, view]);
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      ref={ref}
      className="relative min-h-0 flex-1 overflow-auto font-mono text-xs"
      role="log"
      aria-label="Log lines"
    >
      {header}
      <div style={{ height: rows.length * ROW_HEIGHT }} className="relative">
        {rows.slice(first, last).map((row, i) => {
          const top = (first + i) * ROW_HEIGHT;
          if (row.kind === "dropped") {
            return (
              <div
                key={row.id}
                style={{ top, height: ROW_HEIGHT }}
                className="absolute inset-x-0 flex items-center gap-2 bg-amber-50 px-3 text-amber-800 dark:bg-amber-950 dark:text-amber-300"
              >
                ⚠ {row.count === null ? "Some lines were" : `${row.count} line${row.count === 1 ? " was" : "s were"}`}{" "}
                dropped by the tail rate limit — query the time range to see them.
              </div>
            );
          }
          if (row.kind === "marker") {
            return (
              <div
                key={row.id}
                style={{ top, height: ROW_HEIGHT }}
                className={`absolute inset-x-0 flex items-center gap-3 border-y px-3 ${
                  row.tone === "trouble"
                    ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
                    : "border-indigo-200 bg-indigo-50 text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-200"
                }`}
                data-marker={row.id}
              >
                <span className="shrink-0 tabular-nums">{formatTime(row.at, mode)}</span>
                <span aria-hidden>{row.tone === "trouble" ? "■" : "▲"}</span>
                <span className="min-w-0 flex-1 truncate font-sans font-medium" title={row.text}>
                  {row.text}
                </span>
                {row.href &&
                  (row.internal ? (
                    <Link href={row.href} className="shrink-0 font-sans underline underline-offset-2">
                      why
                    </Link>
                  ) : (
                    <a
                      href={row.href}
                      className="shrink-0 font-sans underline underline-offset-2"
                      target="_blank"
                      rel="noreferrer"
                    >
                      details
                    </a>
                  ))}
              </div>
            );
          }
          const l = row.line;
          const selected = l.id === selectedId;
          const where = source.where(l);
          return (
            <button
              type="button"
              key={l.id}
              data-line-id={l.id}
              onClick={() => onSelect(l)}
              style={{ top, height: ROW_HEIGHT }}
              className={`absolute inset-x-0 flex items-center gap-3 px-3 text-left whitespace-nowrap ${
                selected ? "bg-indigo-100 dark:bg-indigo-950" : "hover:bg-zinc-100 dark:hover:bg-zinc-800/60"
              }`}
            >
              <span className="shrink-0 text-muted tabular-nums">
                <span className="sm:hidden">{formatTime(l.ts, mode).slice(11, 19)}</span>
                <span className="hidden sm:inline">{formatTime(l.ts, mode)}</span>
              </span>
              <span className={`w-10 shrink-0 text-center uppercase ${LEVEL_STYLE[l.level] ?? ""}`}>
                {levelLabel(l.level)}
              </span>
              <span className="hidden w-44 shrink-0 truncate text-muted sm:inline" title={where.long}>
                {where.short}
              </span>
              <span className="min-w-0 flex-1 truncate">
                <Marked text={l.message} q={highlight} />
              </span>
            </button>
          );
        })}
      </div>
      {footer}
    </div>
  );
}
