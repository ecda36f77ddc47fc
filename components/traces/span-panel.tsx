"use client";

// One span in full: where it ran, its status and message, attributes, events (at their offset into the
// span), links to other traces, the platform's log lines of this trace in the span's seconds (its own
// component's first), and the actions: its component's logs for that window, and pinning it to an incident.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import type { Trace, TreeSpan } from "@/lib/traces/contract";
import { isoMs } from "@/lib/traces/waterfall";
import { traceHref } from "@/lib/traces/links";
import { correlateHref } from "@/lib/correlate/links";
import { lineHref, logParams, platformLogSource, platformSampleQuery } from "@/lib/client/queries/logs";
import { levelLabel } from "@/lib/vocabulary";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Skeleton } from "@/components/ui/page";
import { formatTime, Time, useTimeMode } from "@/components/ui/time";
import { LEVEL_STYLE } from "@/components/logs/log-list";
import { PinTo } from "@/components/incidents/pin-to";
import { spanDuration } from "./waterfall";

const SECOND = 1000;
const LINES = 50;

/** The span's own seconds, a second either side: what its Logs, its inline lines and its pin open. */
export function spanWindow(span: Pick<TreeSpan, "start" | "duration_ms">): { start: string; end: string } {
  const t = isoMs(span.start);
  return {
    start: new Date(Math.floor(t - SECOND)).toISOString(),
    end: new Date(Math.ceil(t + span.duration_ms + SECOND)).toISOString(),
  };
}

const value = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function SpanPanel({
  trace,
  span,
  canPin,
  onClose,
}: {
  trace: Trace;
  span: TreeSpan;
  canPin: boolean;
  onClose: () => void;
}) {
  const panel = useRef<HTMLElement>(null);
  // Opening a span moves focus into its panel (its close button); Esc or ✕ returns it to the span's row.
  useEffect(() => panel.current?.querySelector<HTMLElement>("[data-close]")?.focus(), [span.span_id]);
  const w = spanWindow(span);
  const component = span.component ?? span.service;
  const logsHref = `${platformLogSource.page}?${logParams({ multi: { component: [component] }, ...w })}`;
  const offset = isoMs(span.start) - isoMs(trace.start);
  const pinUrl = traceHref(trace.trace_id, { span: span.span_id, window: w });
  return (
    <aside
      ref={panel}
      aria-label={`Span ${span.name}`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
      className="fixed inset-x-0 bottom-0 z-40 max-h-[85vh] overflow-auto rounded-t-xl border-t border-zinc-200 bg-white shadow-2xl lg:static lg:z-auto lg:max-h-[calc(70vh+4rem)] lg:w-[28rem] lg:shrink-0 lg:rounded-none lg:border-t-0 lg:border-l lg:shadow-none dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="sticky top-0 flex items-start justify-between gap-2 border-b border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-0">
          <h2 className="font-medium break-words">{span.name}</h2>
          <p className="text-xs text-muted">
            {span.service}
            {span.component && span.component !== span.service ? ` · ${span.component}` : ""} · {span.kind}
          </p>
        </div>
        <Button data-close variant="ghost" onClick={onClose} aria-label="Close span detail">
          ✕
        </Button>
      </div>
      <div className="space-y-4 p-3 text-sm">
        <div className="flex flex-wrap gap-1.5">
          {span.status === "error" ? (
            <Badge tone="bad">⚠ error</Badge>
          ) : span.status === "ok" ? (
            <Badge tone="good">status ok</Badge>
          ) : (
            <Badge>status not set</Badge>
          )}
          {span.critical && <Badge tone="warn">on the critical path</Badge>}
          {span.orphan && <Badge tone="warn">orphan: its parent was not kept</Badge>}
        </div>
        {span.status_message && (
          <p className="rounded bg-red-50 p-2 font-mono text-xs break-words text-red-800 dark:bg-red-950 dark:text-red-200">
            {span.status_message}
          </p>
        )}
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-xs">
          {(
            [
              ["Start", <Time key="t" iso={span.start} />],
              ["Offset", `+${spanDuration(offset)} into the trace`],
              ["Duration", spanDuration(span.duration_ms)],
              ["Self time", spanDuration(span.self_ms)],
              ["Region", span.region],
              ["Node", span.node_id],
              ["Org", span.org_id],
              [
                "Request id",
                span.request_id && (
                  <Link
                    className="text-indigo-700 underline dark:text-indigo-400"
                    href={correlateHref({ request_id: span.request_id }, span.start)}
                  >
                    {span.request_id}
                  </Link>
                ),
              ],
              ["Span id", span.span_id],
              ["Parent", span.parent_span_id],
            ] as [string, React.ReactNode][]
          ).map(([label, v]) => (
            <div key={label} className="contents">
              <dt className="text-muted">{label}</dt>
              <dd className="font-mono break-all">{v ?? "—"}</dd>
            </div>
          ))}
        </dl>
        <div className="flex flex-wrap gap-2">
          <Link
            href={logsHref}
            className="inline-flex min-h-11 items-center rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 md:min-h-9 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Logs of {component} in these seconds
          </Link>
        </div>
        {canPin && (
          <PinTo
            url={pinUrl}
            label={`Span ${span.name} (${span.service}) of trace ${trace.trace_id}`}
            body={`Span ${span.name} of ${span.service}: ${spanDuration(span.duration_ms)}, ${span.status === "error" ? `error${span.status_message ? ` — ${span.status_message}` : ""}` : span.status}, ${w.start} → ${w.end}`}
          />
        )}
        <Section title="Attributes" empty="No attributes." count={Object.keys(span.attributes).length}>
          <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-2 gap-y-1 font-mono text-xs">
            {Object.entries(span.attributes).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="break-all text-muted">{k}</dt>
                <dd className="break-all">{value(v)}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section title="Events" empty="No events." count={span.events.length}>
          <ol className="space-y-1 text-xs">
            {span.events.map((e, i) => (
              <li key={i}>
                <span className="font-mono text-muted">+{spanDuration(isoMs(e.ts) - isoMs(span.start))}</span>{" "}
                <span className="font-medium">{e.name}</span>
                {Object.keys(e.attributes).length > 0 && (
                  <span className="block pl-4 font-mono break-all text-muted">
                    {Object.entries(e.attributes)
                      .map(([k, v]) => `${k}=${value(v)}`)
                      .join(" ")}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </Section>
        <Section title="Links" empty="No links to other traces." count={span.links.length}>
          <ul className="space-y-1 font-mono text-xs">
            {span.links.map((l) => (
              <li key={`${l.trace_id}-${l.span_id}`}>
                <Link
                  className="text-indigo-700 underline break-all dark:text-indigo-400"
                  href={traceHref(l.trace_id, { span: l.span_id })}
                >
                  trace {l.trace_id} · span {l.span_id}
                </Link>
              </li>
            ))}
          </ul>
        </Section>
        <SpanLogs traceId={trace.trace_id} span={span} window={w} component={component} />
      </div>
    </aside>
  );
}

function Section({
  title,
  count,
  empty,
  children,
}: {
  title: string;
  count: number;
  empty: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-label={title}>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">
        {title} {count > 0 && `(${count})`}
      </h3>
      {count > 0 ? children : <p className="text-xs text-muted">{empty}</p>}
    </section>
  );
}

/** The platform's lines with this trace id in the span's seconds: its component's when it logged any, else all. */
function SpanLogs({
  traceId,
  span,
  window,
  component,
}: {
  traceId: string;
  span: TreeSpan;
  window: { start: string; end: string };
  component: string;
}) {
  const { mode } = useTimeMode();
  const q = useQuery(platformSampleQuery({ multi: { trace_id: [traceId] }, ...window }, LINES));
  const all = q.data?.lines ?? [];
  const own = all.filter((l) => l.component === component);
  const lines = own.length ? own : all;
  return (
    <section aria-label="Log lines of this span">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">Log lines</h3>
      {q.isPending ? (
        <Skeleton rows={3} />
      ) : q.isError ? (
        <ErrorNotice title="Couldn't read the span's log lines" message={q.error.message} />
      ) : lines.length === 0 ? (
        <p className="text-xs text-muted">
          No platform line carries this trace id between {formatTime(window.start, mode)} and{" "}
          {formatTime(window.end, mode)}.
        </p>
      ) : (
        <>
          <p className="mb-1 text-xs text-muted">
            {own.length
              ? `${component}'s lines of this trace in the span's seconds`
              : `${component} logged none of this trace in these seconds; the trace's other lines then`}
            {q.data?.truncated || all.length >= LINES ? ` (the first ${LINES})` : ""}:
          </p>
          <ol className="divide-y divide-zinc-100 rounded border border-zinc-200 font-mono text-xs dark:divide-zinc-800 dark:border-zinc-800">
            {lines.map((l) => (
              <li key={l.id}>
                <Link
                  href={lineHref(platformLogSource.page, l)}
                  className="flex gap-2 px-2 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-800"
                  data-span-line={span.span_id}
                >
                  <span className="shrink-0 text-muted">{formatTime(l.ts, mode).slice(11)}</span>
                  <span className={`shrink-0 uppercase ${LEVEL_STYLE[l.level] ?? ""}`}>{levelLabel(l.level)}</span>
                  <span className="shrink-0 text-muted">{l.component}</span>
                  <span className="break-all">{l.message}</span>
                </Link>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
