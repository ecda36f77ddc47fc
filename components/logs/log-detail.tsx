"use client";

// One line in full, with the lines around it from the same place (instance, node), and a link to exactly this line.
import { envHref } from "@/lib/events/links";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { correlateHref } from "@/lib/correlate/links";
import { isTraceId, traceHref } from "@/lib/traces/links";
import { contextQuery, type LogRecord, type LogSource } from "@/lib/client/queries/logs";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Skeleton } from "@/components/ui/page";
import { formatTime, Time, useTimeMode } from "@/components/ui/time";
import { LEVEL_STYLE } from "./log-list";
import { levelLabel } from "@/lib/vocabulary";

export function LogDetail<L extends LogRecord>({
  source,
  line,
  linkFor,
  onClose,
  onNarrow,
  correlate = false,
  traces = false,
}: {
  source: LogSource<L>;
  line: L;
  linkFor: (line: L) => string;
  onClose: () => void;
  /** Narrows the view to where this line came from (its instance, its node). */
  onNarrow: (param: string, value: string) => void;
  /** The viewer may follow an id across the platform (/correlate). */
  correlate?: boolean;
  /** The viewer may read the platform's traces (a trace id opens its waterfall). */
  traces?: boolean;
}) {
  const [showContext, setShowContext] = useState(false);
  const [copied, setCopied] = useState(false);
  const { mode } = useTimeMode();
  const ctx = useQuery({ ...contextQuery(source, line.id), enabled: showContext });
  const scope = source.scope(line);
  return (
    <aside
      aria-label="Line detail"
      className="flex w-full flex-col border-t border-zinc-200 bg-white lg:w-[28rem] lg:border-t-0 lg:border-l dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <div className="text-sm">
          <span className={`mr-2 font-mono text-xs uppercase ${LEVEL_STYLE[line.level]}`}>
            {levelLabel(line.level)}
          </span>
          <Time iso={line.ts} />
        </div>
        <Button variant="ghost" onClick={onClose} aria-label="Close line detail">
          ✕
        </Button>
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-auto p-3 text-sm">
        <pre className="max-h-72 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs break-words whitespace-pre-wrap dark:bg-zinc-950">
          {line.message}
        </pre>
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-xs">
          {source.details(line).map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted">{label}</dt>
              <dd className="font-mono break-all">{value ?? "—"}</dd>
            </div>
          ))}
        </dl>
        <FollowIds line={line} correlate={correlate} traces={traces} onNarrow={onNarrow} />
        <WorkloadState line={line} />
        {line.attrs && Object.keys(line.attrs).length > 0 && (
          <pre className="overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
            {JSON.stringify(line.attrs, null, 2)}
          </pre>
        )}
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(new URL(linkFor(line), location.origin).toString());
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? "Link copied" : "Copy link to line"}
          </Button>
          <Button variant="secondary" onClick={() => setShowContext((s) => !s)} aria-expanded={showContext}>
            {showContext ? "Hide context" : "Show context"}
          </Button>
          <Button variant="ghost" onClick={() => onNarrow(scope.param, scope.value)}>
            Only {scope.label}
          </Button>
        </div>
        {showContext && (
          <section aria-label="Context" className="rounded border border-zinc-200 dark:border-zinc-800">
            <p className="border-b border-zinc-200 px-2 py-1 text-xs text-muted dark:border-zinc-800">
              Around this line on {scope.label}
            </p>
            {ctx.isPending ? (
              <Skeleton rows={4} />
            ) : ctx.isError ? (
              <div className="p-2">
                <ErrorNotice message={ctx.error.message} />
              </div>
            ) : (
              <ol className="font-mono text-xs">
                {[...ctx.data.before, ctx.data.line, ...ctx.data.after].map((l) => (
                  <li
                    key={l.id}
                    className={`flex gap-2 px-2 py-0.5 ${l.id === line.id ? "bg-indigo-100 dark:bg-indigo-950" : ""}`}
                  >
                    <span className="shrink-0 text-muted">{formatTime(l.ts, mode).slice(11)}</span>
                    <span className={`shrink-0 uppercase ${LEVEL_STYLE[l.level]}`}>{levelLabel(l.level)}</span>
                    <span className="break-all">{l.message}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        )}
      </div>
    </aside>
  );
}

/** A line's request and trace ids: narrow this view to one, or follow it across the platform. */
function FollowIds({
  line,
  correlate,
  traces,
  onNarrow,
}: {
  line: LogRecord;
  correlate: boolean;
  traces: boolean;
  onNarrow: (param: string, value: string) => void;
}) {
  const ids = [
    ["request_id", "request", line.request_id],
    ["trace_id", "trace", line.trace_id],
  ] as const;
  const present = ids.flatMap(([param, what, value]) => (value ? [{ param, what, value }] : []));
  if (present.length === 0) return null;
  return (
    <ul className="space-y-1 text-xs" aria-label="Follow this line's ids">
      {present.map(({ param, what, value }) => (
        <li key={param} className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-400"
            onClick={() => onNarrow(param, value)}
          >
            Only this {what} here
          </button>
          {correlate && (
            <Link
              className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
              href={correlateHref(param === "request_id" ? { request_id: value } : { trace_id: value }, line.ts)}
            >
              Follow this {what} across the platform →
            </Link>
          )}
          {traces && param === "trace_id" && isTraceId(value) && (
            <Link
              className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400"
              href={traceHref(value)}
            >
              Open the trace&apos;s waterfall →
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A workload's line leads to whether its env serves, and why its instances restarted. */
function WorkloadState({ line }: { line: LogRecord }) {
  const l = line as LogRecord & { org_id?: unknown; app_id?: unknown; env_id?: unknown };
  if (typeof l.org_id !== "string" || typeof l.app_id !== "string" || typeof l.env_id !== "string") return null;
  return (
    <p>
      <Link
        className="tap text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
        href={envHref(l.org_id, l.app_id, l.env_id)}
      >
        Is {l.app_id} · {l.env_id} serving? Restarts and their reasons
      </Link>
    </p>
  );
}
