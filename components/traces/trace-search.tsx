"use client";

// Trace search: service and operation (from the services that sent spans in the window), errors only,
// a minimum duration, region and the window — all in the URL; kept traces newest first, more by cursor;
// then which service calls which in the window, with its error rate.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import {
  traceDependenciesQuery,
  traceSearchQuery,
  traceServicesQuery,
  type TraceFilters,
} from "@/lib/client/queries/traces";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { traceHref } from "@/lib/traces/links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/input-field";
import { SelectField } from "@/components/ui/select-field";
import { EmptyState, Panel, QueryState } from "@/components/ui/page";
import { RangeBar } from "@/components/ui/range-bar";
import { Time } from "@/components/ui/time";
import { NOT_KEPT } from "./trace-view";
import { spanDuration } from "./waterfall";

export function TraceSearch() {
  const { params, set, update } = useUrlFilters();
  const win = { start: params.get("start") ?? "1h", end: params.get("end") ?? undefined };
  const minDuration = Number(params.get("min_duration"));
  const filters: TraceFilters = {
    ...win,
    service: params.get("service") || undefined,
    operation: params.get("operation") || undefined,
    status: params.get("status") === "error" ? "error" : undefined,
    min_duration: Number.isFinite(minDuration) && minDuration > 0 ? minDuration : undefined,
    region: params.get("region") || undefined,
  };
  const services = useQuery(traceServicesQuery(win));
  const operations = services.data?.services.find((s) => s.service === filters.service)?.operations ?? [];
  return (
    <div className="space-y-4">
      <Panel className="space-y-3 p-3">
        <form
          role="search"
          aria-label="Find traces"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => e.preventDefault()}
        >
          <SelectField
            label="service"
            value={filters.service ?? ""}
            onChange={(v) =>
              update((p) => {
                if (v) p.set("service", v);
                else p.delete("service");
                p.delete("operation");
              })
            }
            options={[
              ["", services.isError ? "any (services could not be read)" : "any service"],
              ...(services.data?.services.map((s) => s.service) ?? []),
              // A service in the URL stays choosable while the list loads or after it moved out of the window.
              ...(filters.service && !services.data?.services.some((s) => s.service === filters.service)
                ? [filters.service]
                : []),
            ]}
          />
          <SelectField
            label="operation"
            value={filters.operation ?? ""}
            onChange={(v) => set("operation", v)}
            options={[
              ["", filters.service ? "any operation" : "any (choose a service)"],
              ...operations,
              ...(filters.operation && !operations.includes(filters.operation) ? [filters.operation] : []),
            ]}
          />
          <InputField
            key={`min-${params.get("min_duration") ?? ""}`}
            label="at least (ms)"
            inputMode="numeric"
            className="w-28"
            defaultValue={params.get("min_duration") ?? ""}
            onBlur={(e) => set("min_duration", e.currentTarget.value.trim())}
            onKeyDown={(e) => e.key === "Enter" && set("min_duration", e.currentTarget.value.trim())}
          />
          <InputField
            key={`region-${params.get("region") ?? ""}`}
            label="region"
            className="w-32"
            defaultValue={params.get("region") ?? ""}
            onBlur={(e) => set("region", e.currentTarget.value.trim())}
            onKeyDown={(e) => e.key === "Enter" && set("region", e.currentTarget.value.trim())}
          />
          <label className="tap flex items-center gap-2 pb-1.5 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={filters.status === "error"}
              onChange={(e) => set("status", e.currentTarget.checked ? "error" : "")}
            />
            Errors only
          </label>
        </form>
        <div className="flex flex-wrap items-center gap-2">
          <RangeBar
            start={win.start}
            end={win.end}
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
      <Results key={JSON.stringify(filters)} filters={filters} />
      <Dependencies start={win.start} end={win.end} />
    </div>
  );
}

function Results({ filters }: { filters: TraceFilters }) {
  const q = useInfiniteQuery(traceSearchQuery(filters));
  return (
    <Panel>
      <section aria-labelledby="traces-heading">
        <h2 id="traces-heading" className="border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800">
          Traces, newest first
        </h2>
        <QueryState
          query={q}
          empty={(d) =>
            d.pages[0]?.traces.length ? null : (
              <EmptyState title="No kept trace matches">
                Widen the window or loosen the filters. {NOT_KEPT.split(":")[0]}.
              </EmptyState>
            )
          }
        >
          {(d) => (
            <>
              <table className="w-full text-sm">
                <thead className="hidden text-left text-xs text-muted sm:table-header-group">
                  <tr>
                    <th className="px-3 py-1.5 font-medium">Start</th>
                    <th className="px-3 py-1.5 text-right font-medium">Duration</th>
                    <th className="px-3 py-1.5 font-medium">Root</th>
                    <th className="px-3 py-1.5 text-right font-medium">Spans</th>
                    <th className="px-3 py-1.5 font-medium">Errors</th>
                    <th className="px-3 py-1.5 font-medium">Services</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {d.pages
                    .flatMap((p) => p.traces)
                    .map((t) => (
                      <tr
                        key={t.trace_id}
                        data-trace={t.trace_id}
                        className="flex flex-wrap gap-x-3 px-3 py-2 hover:bg-zinc-50 sm:table-row sm:px-0 sm:py-0 dark:hover:bg-zinc-800/60"
                      >
                        <td className="w-full font-mono text-xs text-muted sm:w-auto sm:px-3 sm:py-1.5">
                          <Time iso={t.start} />
                        </td>
                        <td className="font-mono sm:px-3 sm:py-1.5 sm:text-right">{spanDuration(t.duration_ms)}</td>
                        <td className="min-w-0 sm:px-3 sm:py-1.5">
                          <Link
                            href={traceHref(t.trace_id)}
                            className="tap font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
                          >
                            {t.root
                              ? `${t.root.service} · ${t.root.name}`
                              : `trace ${t.trace_id.slice(0, 12)}… (no root kept)`}
                          </Link>
                        </td>
                        <td className="text-muted sm:px-3 sm:py-1.5 sm:text-right">
                          {t.span_count}
                          <span className="sm:hidden"> spans</span>
                        </td>
                        <td className="sm:px-3 sm:py-1.5">
                          {t.error_count > 0 ? (
                            <Badge tone="bad">
                              ⚠ {t.error_count} error{t.error_count === 1 ? "" : "s"}
                            </Badge>
                          ) : (
                            <span className="text-muted">none</span>
                          )}
                        </td>
                        <td className="w-full text-xs text-muted sm:w-auto sm:px-3 sm:py-1.5">
                          {t.services.join(", ")}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
              {q.hasNextPage && (
                <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
                  <Button variant="secondary" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
                    {q.isFetchingNextPage ? "Loading…" : "More"}
                  </Button>
                </div>
              )}
            </>
          )}
        </QueryState>
      </section>
    </Panel>
  );
}

function Dependencies({ start, end }: { start: string; end?: string }) {
  const q = useQuery(traceDependenciesQuery({ start, end }));
  return (
    <Panel>
      <section aria-labelledby="deps-heading">
        <h2 id="deps-heading" className="border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800">
          Which service calls which, in this window
        </h2>
        <QueryState
          query={q}
          rows={3}
          empty={(d) => (d.edges.length ? null : <EmptyState title="No calls between services in kept traces" />)}
        >
          {(d) => (
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-muted">
                <tr>
                  <th className="px-3 py-1.5 font-medium">Caller → called</th>
                  <th className="px-3 py-1.5 text-right font-medium">Calls</th>
                  <th className="px-3 py-1.5 text-right font-medium">Errors</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {[...d.edges]
                  .sort((a, b) => b.calls - a.calls)
                  .map((e) => (
                    <tr key={`${e.parent}>${e.child}`}>
                      <td className="px-3 py-1.5">
                        {e.parent} → {e.child}
                      </td>
                      <td className="px-3 py-1.5 text-right font-mono">{e.calls.toLocaleString()}</td>
                      <td className="px-3 py-1.5 text-right font-mono">
                        {e.errors > 0 ? (
                          <span className="text-red-700 dark:text-red-400">
                            ⚠ {e.errors.toLocaleString()} ({((e.errors / Math.max(1, e.calls)) * 100).toFixed(1)} %)
                          </span>
                        ) : (
                          "0"
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
    </Panel>
  );
}
