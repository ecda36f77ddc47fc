"use client";

// One request's (or trace's) path: the platform's lines and, per org it touched, that org's lines once
// a reason is stated for that org — one list in time order, each line saying where it came from.
import { envHref } from "@/lib/events/links";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { correlateKeys, correlateQuery, type Correlated } from "@/lib/client/queries/correlate";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { lineHref, platformLogSource, tenantLogSource } from "@/lib/client/queries/logs";
import { ClientApiError } from "@/lib/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { RangeBar } from "@/components/ui/range-bar";
import { control } from "@/components/ui/control";
import { Time } from "@/components/ui/time";
import { LEVEL_STYLE } from "@/components/logs/log-list";
import { ReasonForm } from "@/components/logs/reason-gate";
import { PinPath } from "./pin-path";
import { CompactTrace } from "@/components/traces/trace-view";
import { isTraceId } from "@/lib/traces/links";
import { levelLabel } from "@/lib/vocabulary";

type Line = Correlated["lines"][number];

const origin = (l: Line) =>
  l.source === "platform"
    ? `${l.component} · ${l.region} · ${l.node_id}`
    : `${l.org_id} · ${l.app_id}/${l.env_id} · ${l.instance_id}`;
const pageOf = (l: Line) => (l.source === "platform" ? platformLogSource.page : tenantLogSource(l.org_id).page);

export function CorrelateView({ canPin, traces }: { canPin: boolean; traces: boolean }) {
  const { params, update } = useUrlFilters();
  const requestId = params.get("request_id") ?? undefined;
  const traceId = params.get("trace_id") ?? undefined;
  const start = params.get("start") ?? "24h";
  const end = params.get("end") ?? undefined;
  const q = useQuery(correlateQuery({ request_id: requestId, trace_id: traceId, start, end }));
  const apiError = q.error instanceof ClientApiError ? q.error : null;
  return (
    <div className="space-y-4">
      <Panel className="space-y-2 p-3">
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Follow an id"
          onSubmit={(e) => {
            e.preventDefault();
            const d = new FormData(e.currentTarget);
            const kind = String(d.get("kind"));
            const id = String(d.get("id") ?? "").trim();
            update((p) => {
              p.delete("request_id");
              p.delete("trace_id");
              if (id) p.set(kind, id);
            });
          }}
        >
          <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Follow
            <select
              name="kind"
              defaultValue={traceId ? "trace_id" : "request_id"}
              className={`${control} mt-0.5 block`}
            >
              <option value="request_id">request id</option>
              <option value="trace_id">trace id</option>
            </select>
          </label>
          <label className="min-w-56 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Id
            <input
              key={requestId ?? traceId ?? ""}
              name="id"
              defaultValue={requestId ?? traceId ?? ""}
              required
              maxLength={200}
              placeholder="e.g. req-7f3a…"
              className={`${control} mt-0.5 block w-full font-mono`}
            />
          </label>
          <Button type="submit">Follow</Button>
        </form>
        <div className="flex flex-wrap items-center gap-2">
          <RangeBar
            start={start}
            end={end}
            presets={["1h", "6h", "24h", "7d"]}
            onRange={(s, e) =>
              update((p) => {
                p.set("start", s);
                if (e) p.set("end", e);
                else p.delete("end");
              })
            }
          />
        </div>
      </Panel>
      {!requestId && !traceId ? (
        <Panel>
          <EmptyState title="Follow one request">
            Give a request id or a trace id — from a platform or tenant log line, an alert or a customer&apos;s report —
            to see its path from the edge into the workload.
          </EmptyState>
        </Panel>
      ) : apiError ? (
        <ErrorNotice title="Couldn't follow that id" message={apiError.message} requestId={apiError.requestId} />
      ) : q.isPending ? (
        <Skeleton rows={8} />
      ) : q.data ? (
        <>
          {canPin && (
            <PinPath follows={{ request_id: requestId, trace_id: traceId }} ts={q.data.lines.map((l) => l.ts)} />
          )}
          <Path data={q.data} traces={traces} />
        </>
      ) : null}
    </div>
  );
}

/** The trace a path's lines carry (the first line with one), when it can name a trace. */
const pathTrace = (lines: Line[]) => lines.map((l) => l.trace_id).find(isTraceId) ?? null;

function Path({ data, traces }: { data: Correlated; traces: boolean }) {
  const needReason = data.orgs.filter((o) => o.status === "reason_required");
  const trace = traces ? pathTrace(data.lines) : null;
  return (
    <>
      {data.orgs.length > 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          Orgs on this path:{" "}
          {data.orgs.map((o, i) => (
            <span key={o.org}>
              {i > 0 && ", "}
              <span data-org={o.org} className="font-medium text-zinc-900 dark:text-zinc-100">
                {o.org}
              </span>{" "}
              {o.status === "included" ? `(${o.lines} line${o.lines === 1 ? "" : "s"})` : "(reason needed)"}
            </span>
          ))}
        </p>
      )}
      {needReason.map((o) => (
        <Panel key={o.org} className="border-amber-300 p-3 dark:border-amber-900">
          <p className="text-sm">
            <span className="font-medium">{o.org}</span>&apos;s own lines for this id are customer data. State why you
            are reading them: the reason is recorded with the read and shown to {o.org} in its audit log.
          </p>
          <ReasonForm org={o.org} placeholder="e.g. INC-12: checkout timeouts" also={[correlateKeys.all]} />
        </Panel>
      ))}
      {/* The request's trace over its lines: which component spent the time, then what each one said. */}
      {trace && <CompactTrace id={trace} />}
      <Panel>
        {data.lines.length === 0 ? (
          <EmptyState title="No lines with this id">
            Nothing logged it in this window. Widen the window, or check the id.
          </EmptyState>
        ) : (
          <ol
            aria-label="The request's path"
            className="divide-y divide-zinc-100 font-mono text-xs dark:divide-zinc-800"
          >
            {data.lines.map((l) => (
              <li
                key={`${l.source}-${l.id}`}
                data-source={l.source}
                className="flex flex-col gap-1 px-3 py-1.5 sm:flex-row sm:items-baseline sm:gap-3"
              >
                <span className="shrink-0 text-muted">
                  <Time iso={l.ts} />
                </span>
                <span className="shrink-0">
                  <Badge tone={l.source === "platform" ? "info" : "neutral"}>
                    {l.source === "platform" ? "platform" : "tenant"}
                  </Badge>
                </span>
                <span className={`w-10 shrink-0 uppercase ${LEVEL_STYLE[l.level] ?? ""}`}>{levelLabel(l.level)}</span>
                <span className="shrink-0 text-muted sm:w-72 sm:truncate" title={origin(l)}>
                  {l.source === "platform" ? (
                    origin(l)
                  ) : (
                    <Link
                      href={envHref(l.org_id, l.app_id, l.env_id)}
                      className="underline decoration-dotted underline-offset-2"
                      title={`Is ${l.app_id} · ${l.env_id} serving? Its instances and restarts`}
                    >
                      {origin(l)}
                    </Link>
                  )}
                </span>
                <Link href={lineHref(pageOf(l), l)} className="min-w-0 flex-1 break-words hover:underline">
                  {l.message}
                  {l.source === "platform" && l.error_class && (
                    <span className="ml-2 text-red-700 dark:text-red-400">{l.error_class}</span>
                  )}
                </Link>
              </li>
            ))}
          </ol>
        )}
        {data.truncated && (
          <p className="border-t border-zinc-100 px-3 py-2 text-xs text-amber-700 dark:border-zinc-800 dark:text-amber-400">
            More lines carry this id than are shown: narrow the window.
          </p>
        )}
      </Panel>
    </>
  );
}
