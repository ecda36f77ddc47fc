"use client";

// One trace: what it was (root, duration, spans, errors, services, when) over its waterfall; a span chosen
// (?span=, a click, Enter) opens beside it — below it as a sheet on a phone. A trace sampling did not keep,
// a failed read and a trace of no spans each say so in words; none of them reads as fine.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { incidentsQuery } from "@/lib/client/queries/incidents";
import { traceQuery } from "@/lib/client/queries/traces";
import { ClientApiError, retryable } from "@/lib/client/api";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import type { Trace } from "@/lib/traces/contract";
import { traceHref } from "@/lib/traces/links";
import { Badge } from "@/components/ui/badge";
import { EmptyState, ErrorNotice, Fact, Panel, Skeleton } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { PinTo } from "@/components/incidents/pin-to";
import { SpanPanel, spanWindow } from "./span-panel";
import { spanDuration, Waterfall } from "./waterfall";

/** Sampling, in the words the pages use when a trace is not there. */
export const NOT_KEPT =
  "Sampling keeps every trace with an error or a slow span, and a share of the rest (TRACE_SAMPLE_RATE, 10 % by default): this one may not have been kept, may have aged out, or its spans may not have arrived yet.";

function useTrace(id: string) {
  return useQuery({ ...traceQuery(id), retry: (n, err) => retryable(err) && n < 2 });
}

/** What became of a trace read, when it is not a trace to draw. */
function TraceProblem({ q, id }: { q: ReturnType<typeof useTrace>; id: string }) {
  if (q.isPending) return <Skeleton rows={8} />;
  const err = q.error instanceof ClientApiError ? q.error : null;
  if (err?.status === 404)
    return (
      <Panel>
        <EmptyState title="This trace is not kept">
          No span of trace <span className="font-mono break-all">{id}</span> is stored. {NOT_KEPT}
        </EmptyState>
      </Panel>
    );
  if (q.isError)
    return <ErrorNotice title="Couldn't read this trace" message={q.error.message} requestId={err?.requestId} />;
  return (
    <Panel>
      <EmptyState title="This trace has no spans">The trace is known but none of its spans could be read.</EmptyState>
    </Panel>
  );
}

export function TraceView({ id, canPin }: { id: string; canPin: boolean }) {
  const { params, update } = useUrlFilters();
  const q = useTrace(id);
  const selected = params.get("span");
  const returnTo = useRef<string | null>(null);
  // The open incidents a trace can be pinned to come with it: arriving after it, the pin's controls pushed
  // the waterfall down (a layout shift on a phone).
  const open = useQuery({ ...incidentsQuery({ status: "open" }), enabled: canPin });
  const trace = q.data?.trace;
  if (trace && canPin && open.isPending) return <Skeleton rows={8} />;
  if (!trace || trace.spans.length === 0) return <TraceProblem q={q} id={id} />;
  const span = trace.spans.find((s) => s.span_id === selected) ?? null;
  const select = (spanId: string | null) => {
    if (spanId) returnTo.current = spanId;
    update((p) => (spanId ? p.set("span", spanId) : p.delete("span")));
  };
  return (
    <div className="space-y-4">
      <TraceHeader trace={trace} canPin={canPin} />
      {selected && !span && (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-400">
          Span <span className="font-mono">{selected}</span> is not in this trace
          {trace.truncated ? " (or not among the spans shown)" : ""}.
        </p>
      )}
      <Panel className="flex flex-col overflow-hidden lg:flex-row">
        <div className="min-w-0 flex-1">
          <Waterfall
            spans={trace.spans}
            start={trace.start}
            durationMs={trace.duration_ms}
            selected={span?.span_id ?? null}
            onOpen={select}
            label={`Spans of trace ${trace.trace_id}`}
          />
        </div>
        {span && (
          <SpanPanel
            trace={trace}
            span={span}
            canPin={canPin}
            onClose={() => {
              const back = returnTo.current ?? span.span_id;
              select(null);
              requestAnimationFrame(() =>
                document.querySelector<HTMLElement>(`[role="treegrid"] [data-span="${back}"]`)?.focus(),
              );
            }}
          />
        )}
      </Panel>
    </div>
  );
}

function TraceHeader({ trace, canPin }: { trace: Trace; canPin: boolean }) {
  return (
    <Panel className="space-y-3 p-4">
      <dl className="facts sm:grid-cols-3">
        <Fact label="root">{trace.root ? `${trace.root.service} · ${trace.root.name}` : "no root span kept"}</Fact>
        <Fact label="duration">{spanDuration(trace.duration_ms)}</Fact>
        <Fact label="spans">{trace.span_count.toLocaleString()}</Fact>
        <Fact label="errors">
          {trace.error_count > 0 ? (
            <Badge tone="bad">
              ⚠ {trace.error_count} error{trace.error_count === 1 ? "" : "s"}
            </Badge>
          ) : (
            "none"
          )}
        </Fact>
        <Fact label="services">{trace.services.join(", ")}</Fact>
        <Fact label="start">
          <Time iso={trace.start} />
        </Fact>
      </dl>
      {trace.truncated && (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          This trace has more spans than a read returns: the first {trace.spans.length.toLocaleString()} by start time
          are shown.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Link
          className="tap text-sm text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
          href={`/correlate?trace_id=${trace.trace_id}&start=${encodeURIComponent(new Date(Date.parse(trace.start) - 60_000).toISOString())}&end=${encodeURIComponent(new Date(Date.parse(trace.end) + 60_000).toISOString())}`}
        >
          This trace&apos;s log lines across the platform
        </Link>
        {canPin && (
          <PinTo
            action="Pin the trace"
            url={traceHref(trace.trace_id, {
              window: spanWindow({ start: trace.start, duration_ms: trace.duration_ms }),
            })}
            label={`Trace ${trace.trace_id}${trace.root ? ` (${trace.root.service} · ${trace.root.name})` : ""}`}
            body={`Trace ${trace.trace_id}: ${trace.root ? `${trace.root.service} · ${trace.root.name}, ` : ""}${spanDuration(trace.duration_ms)}, ${trace.span_count} spans, ${trace.error_count} errors`}
          />
        )}
      </div>
    </Panel>
  );
}

/** A trace beside a request's lines (correlate): its waterfall, compact, linking to the full page. */
export function CompactTrace({ id }: { id: string }) {
  const router = useRouter();
  const q = useTrace(id);
  const trace = q.data?.trace;
  const err = q.error instanceof ClientApiError ? q.error : null;
  return (
    <Panel className="p-3">
      <section aria-label="The request's trace" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="font-medium">Trace</h2>
          <Link className="tap text-sm text-indigo-700 underline dark:text-indigo-400" href={traceHref(id)}>
            Open the waterfall →
          </Link>
        </div>
        {q.isPending ? (
          <Skeleton rows={4} />
        ) : err?.status === 404 ? (
          <p className="text-sm text-muted">
            Trace {id} is not kept. {NOT_KEPT}
          </p>
        ) : q.isError ? (
          <ErrorNotice title="Couldn't read the trace" message={q.error.message} requestId={err?.requestId} />
        ) : !trace || trace.spans.length === 0 ? (
          <p className="text-sm text-muted">The trace has no spans to show.</p>
        ) : (
          <>
            <p className="text-xs text-muted">
              {spanDuration(trace.duration_ms)} · {trace.span_count} spans ·{" "}
              {trace.error_count ? `⚠ ${trace.error_count} errors` : "no errors"} · {trace.services.join(", ")}
            </p>
            <Waterfall
              spans={trace.spans}
              start={trace.start}
              durationMs={trace.duration_ms}
              selected={null}
              onOpen={(span) => router.push(traceHref(id, { span }))}
              label={`Spans of trace ${id}`}
              height="20rem"
            />
          </>
        )}
      </section>
    </Panel>
  );
}
