"use client";

// An org's logs: filters in the URL, a virtualized list, live tail, line detail with context, export.
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LogLine } from "@/lib/logs/contract";
import { accessQuery, contextQuery, endAccessReason, exportUrl, facetsQuery, limitsQuery, logKeys, logParams, logsQuery, stateAccessReason, tailUrl, type LogViewFilters } from "@/lib/client/queries/logs";
import { ClientApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { LogDetail } from "./log-detail";
import { LogList, type Row } from "./log-list";
import { useLogTail, type TailItem } from "./use-log-tail";

const PRESETS = ["15m", "1h", "6h", "24h", "7d"] as const;
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
const TAIL_CAP = 50_000;

const control =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900";

function readFilters(p: URLSearchParams): LogViewFilters {
  return {
    app: p.getAll("app"),
    env: p.getAll("env"),
    process: p.getAll("process"),
    instance: p.getAll("instance"),
    level: p.get("level") ?? undefined,
    q: p.get("q") ?? undefined,
    start: p.get("start") ?? "1h",
    end: p.get("end") ?? undefined,
  };
}

const toUtcInput = (v?: string) => (v && /^\d{4}-/.test(v) ? v.slice(0, 16) : "");

export function LogView({ org, orgName, needsReason }: { org: string; orgName: string; needsReason: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => readFilters(params), [params]);
  const tailOn = params.get("tail") === "1";
  const lineParam = params.get("line");

  // Changes build on the latest URL we asked for, so two quick changes do not undo each other.
  const latest = useRef(params.toString());
  useEffect(() => {
    latest.current = params.toString();
  }, [params]);
  const setParams = useCallback(
    (change: (p: URLSearchParams) => void) => {
      const next = new URLSearchParams(latest.current);
      change(next);
      latest.current = next.toString();
      router.replace(`${pathname}?${next}`, { scroll: false });
    },
    [pathname, router],
  );

  const access = useQuery({ ...accessQuery(org), enabled: needsReason });
  if (needsReason) {
    if (access.isPending) return <Skeleton rows={4} />;
    if (!access.data?.access) return <ReasonGate org={org} orgName={orgName} />;
  }
  return (
    <>
      {needsReason && access.data?.access && <ReasonBanner org={org} reason={access.data.access.reason} expiresAt={access.data.access.expires_at} />}
      <LogExplorer org={org} filters={filters} tailOn={tailOn} lineParam={lineParam} setParams={setParams} />
    </>
  );
}

function LogExplorer({
  org,
  filters,
  tailOn,
  lineParam,
  setParams,
}: {
  org: string;
  filters: LogViewFilters;
  tailOn: boolean;
  lineParam: string | null;
  setParams: (change: (p: URLSearchParams) => void) => void;
}) {
  const facets = useQuery(facetsQuery(org));
  const limits = useQuery(limitsQuery(org));
  const logs = useInfiniteQuery(logsQuery(org, filters));
  const [tailRows, setTailRows] = useState<TailItem[]>([]);
  const [hideQuery, setHideQuery] = useState(false);
  const [selected, setSelected] = useState<LogLine | null>(null);
  const linked = useQuery({ ...contextQuery(org, lineParam ?? ""), enabled: Boolean(lineParam) && !selected });
  const current = selected ?? (lineParam && linked.data?.line.id === lineParam ? linked.data.line : null);

  const queried = useMemo(() => (hideQuery ? [] : (logs.data?.pages.flatMap((p) => p.lines) ?? [])), [logs.data, hideQuery]);
  const newestId = queried[0]?.id;
  const [tailFrom, setTailFrom] = useState<string | undefined>(undefined);
  const tailSource = tailOn ? tailUrl(org, filters, tailFrom ?? newestId) : null;
  const onItems = useCallback((items: TailItem[]) => setTailRows((rows) => [...items.reverse(), ...rows].slice(0, TAIL_CAP)), []);
  const tail = useLogTail(logs.isSuccess || hideQuery ? tailSource : null, onItems);

  const rows: Row[] = useMemo(() => [...tailRows, ...queried.map((line) => ({ kind: "line" as const, line }))], [tailRows, queried]);
  const lineCount = rows.filter((r) => r.kind === "line").length;

  const linkFor = (line: LogLine) => {
    const t = Date.parse(line.ts);
    const p = logParams({ ...filters, start: new Date(t - 15 * 60_000).toISOString(), end: new Date(t + 15 * 60_000).toISOString() }, { line: line.id });
    return `/orgs/${org}/logs?${p}`;
  };
  const setFilter = (key: string, values: string[]) =>
    setParams((p) => {
      p.delete(key);
      values.forEach((v) => p.append(key, v));
      p.delete("line");
    });
  const setRange = (start: string, end?: string) =>
    setParams((p) => {
      p.set("start", start);
      if (end) p.set("end", end);
      else p.delete("end");
    });
  const toggleTail = () => {
    setTailFrom(tailOn ? undefined : newestId);
    setParams((p) => (tailOn ? p.delete("tail") : p.set("tail", "1")));
  };

  const apiError = logs.error instanceof ClientApiError ? logs.error : null;
  const l = limits.data;
  return (
    <div className="flex h-[calc(100vh-9rem)] min-h-[32rem] flex-col gap-3">
      <Panel className="p-3">
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Log filters"
          onSubmit={(e) => {
            e.preventDefault();
            const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
            setParams((p) => (q ? p.set("q", q) : p.delete("q")));
          }}
        >
          <Picker label="App" values={facets.data?.apps} selected={filters.app} onChange={(v) => setFilter("app", v)} />
          <Picker label="Env" values={facets.data?.envs} selected={filters.env} onChange={(v) => setFilter("env", v)} />
          <Picker label="Process" values={facets.data?.processes} selected={filters.process} onChange={(v) => setFilter("process", v)} />
          <Picker label="Instance" values={facets.data?.instances} selected={filters.instance} onChange={(v) => setFilter("instance", v)} />
          <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Level
            <select className={`${control} mt-0.5 block`} value={filters.level ?? ""} onChange={(e) => setParams((p) => (e.target.value ? p.set("level", e.target.value) : p.delete("level")))}>
              <option value="">all</option>
              {LEVELS.map((lv) => (
                <option key={lv} value={lv}>
                  {lv} and up
                </option>
              ))}
            </select>
          </label>
          <label className="min-w-48 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Text
            <input key={filters.q ?? ""} name="q" defaultValue={filters.q} placeholder="contains… (Enter)" className={`${control} mt-0.5 block w-full`} />
          </label>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <div role="group" aria-label="Time range" className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
            {PRESETS.map((p) => (
              <button
                key={p}
                type="button"
                onClick={() => setRange(p)}
                aria-pressed={filters.start === p && !filters.end}
                className={`px-2 py-1 text-xs ${filters.start === p && !filters.end ? "bg-indigo-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
              >
                {p}
              </button>
            ))}
          </div>
          <CustomRange start={filters.start} end={filters.end} onApply={setRange} />
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <Button variant={tailOn ? "primary" : "secondary"} onClick={toggleTail} aria-pressed={tailOn}>
              {tailOn ? "● Live" : "Live tail"}
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
            <a className="rounded-md px-2 py-1.5 text-sm font-medium text-indigo-600 hover:bg-zinc-100 dark:text-indigo-400 dark:hover:bg-zinc-800" href={exportUrl(org, filters)} download>
              Download NDJSON
            </a>
          </div>
        </div>
      </Panel>
      <div className="flex items-center gap-3 text-xs text-zinc-500" aria-label="Limits">
        <span>
          {lineCount.toLocaleString()} line{lineCount === 1 ? "" : "s"}
          {logs.data?.pages.at(-1)?.truncated ? " (more available)" : ""}
        </span>
        {tailOn && <TailBadge state={tail.state} />}
        {l && (
          <span className="ml-auto">
            window ≤ {l.limits.max_window_hours % 24 === 0 ? `${l.limits.max_window_hours / 24} d` : `${l.limits.max_window_hours} h`} · {l.limits.retention_days} d retention · page ≤ {l.limits.max_page_lines.toLocaleString()} lines · tails{" "}
            {l.usage.tails_open}/{l.usage.tails_max} · tail ≤ {l.limits.tail_lines_per_second}/s · export ≤ {l.limits.export_max_lines.toLocaleString()}
          </span>
        )}
      </div>
      {apiError && <ErrorNotice title="Couldn't load logs" message={apiError.message} requestId={apiError.requestId} />}
      {tail.state === "failed" && <ErrorNotice title="Live tail stopped" message={`The tail connection closed. ${l && l.usage.tails_open >= l.usage.tails_max ? `This org has ${l.usage.tails_open}/${l.usage.tails_max} tails open; close one and try again.` : "Turn it off and on to retry."}`} />}
      <Panel className="flex min-h-0 flex-1 flex-col overflow-hidden lg:flex-row">
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          {logs.isPending && !hideQuery ? (
            <Skeleton rows={12} />
          ) : rows.length === 0 ? (
            <EmptyState title={tailOn ? "Waiting for new lines…" : "No lines match"}>
              {tailOn ? "New lines appear here as they arrive." : "Widen the time range, or clear a filter."}
            </EmptyState>
          ) : (
            <LogList
              rows={rows}
              selectedId={current?.id ?? null}
              onSelect={(line) => {
                setSelected(line);
                setParams((p) => p.set("line", line.id));
              }}
              footer={
                logs.hasNextPage && !hideQuery ? (
                  <div className="p-3 text-center">
                    <Button variant="secondary" onClick={() => logs.fetchNextPage()} disabled={logs.isFetchingNextPage}>
                      {logs.isFetchingNextPage ? "Loading…" : "Load older lines"}
                    </Button>
                  </div>
                ) : null
              }
            />
          )}
        </div>
        {current && (
          <LogDetail
            org={org}
            line={current}
            linkFor={linkFor}
            onClose={() => {
              setSelected(null);
              setParams((p) => p.delete("line"));
            }}
            onFilterInstance={(i) => setFilter("instance", [i])}
          />
        )}
      </Panel>
    </div>
  );
}

function Picker({ label, values, selected, onChange }: { label: string; values?: string[]; selected: string[]; onChange: (v: string[]) => void }) {
  const options = [...new Set([...(values ?? []), ...selected])];
  return (
    <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
      {label}
      <select className={`${control} mt-0.5 block max-w-48`} value={selected[0] ?? ""} onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}>
        <option value="">all</option>
        {options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function CustomRange({ start, end, onApply }: { start?: string; end?: string; onApply: (start: string, end?: string) => void }) {
  return (
    <form
      className="flex items-center gap-1 text-xs"
      aria-label="Custom time range (UTC)"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        const s = String(d.get("start") ?? "");
        const en = String(d.get("end") ?? "");
        if (s) onApply(new Date(`${s}Z`).toISOString(), en ? new Date(`${en}Z`).toISOString() : undefined);
      }}
    >
      <input key={`s${start}`} type="datetime-local" name="start" aria-label="Start (UTC)" defaultValue={toUtcInput(start)} className={control} />
      <span>→</span>
      <input key={`e${end}`} type="datetime-local" name="end" aria-label="End (UTC)" defaultValue={toUtcInput(end)} className={control} />
      <Button type="submit" variant="ghost" className="text-xs">
        Apply UTC
      </Button>
    </form>
  );
}

function TailBadge({ state }: { state: string }) {
  const text: Record<string, string> = { connecting: "connecting…", live: "live", reconnecting: "reconnecting…", failed: "stopped", off: "off" };
  const tone = state === "live" ? "text-emerald-600" : state === "failed" ? "text-red-600" : "text-amber-600";
  return <span className={tone}>tail {text[state] ?? state}</span>;
}

function ReasonBanner({ org, reason, expiresAt }: { org: string; reason: string; expiresAt: string }) {
  const client = useQueryClient();
  return (
    <p className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
      <span>
        Reading as an operator until {expiresAt.slice(11, 16)} UTC. Your reason, shown to the tenant in its audit log: <strong className="break-all">{reason}</strong>
      </span>
      <button
        type="button"
        className="ml-auto underline underline-offset-2"
        onClick={async () => {
          await endAccessReason(org);
          await client.invalidateQueries({ queryKey: logKeys.org(org) });
        }}
      >
        Stop reading
      </button>
    </p>
  );
}

function ReasonGate({ org, orgName }: { org: string; orgName: string }) {
  const client = useQueryClient();
  const [error, setError] = useState<ClientApiError | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <Panel className="mx-auto mt-8 max-w-lg p-6">
      <h2 className="font-medium">Why are you reading {orgName}&apos;s logs?</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Tenant logs are customer data. Your reason is recorded with every read and shown to {orgName} in its audit log. It applies to you alone, for this org, for a limited time — a link you share does not carry it.
      </p>
      <form
        className="mt-4 flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
          if (!r) return;
          setPending(true);
          setError(null);
          try {
            await stateAccessReason(org, r);
            await client.invalidateQueries({ queryKey: logKeys.org(org) });
          } catch (err) {
            setError(err instanceof ClientApiError ? err : new ClientApiError(0, "error", String(err)));
          } finally {
            setPending(false);
          }
        }}
      >
        <input name="reason" required maxLength={500} placeholder="e.g. SUP-1234: customer reports 502s" aria-label="Reason" className={`${control} flex-1`} />
        <Button type="submit" disabled={pending}>
          Continue
        </Button>
      </form>
      {error && <ErrorNotice title="Couldn't record your reason" message={error.message} requestId={error.requestId} />}
    </Panel>
  );
}
