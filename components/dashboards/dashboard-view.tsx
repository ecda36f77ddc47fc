"use client";

// A dashboard: time range (presets or custom, in the URL), region, auto-refresh with "updated N s ago",
// and its panels, each drawn as soon as the data arrives.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { dashboardQuery } from "@/lib/client/queries/dashboards";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import type { Panel } from "@/lib/metrics/dashboards/types";
import type { DashboardData } from "@/lib/metrics/contract";
import { ClientApiError } from "@/lib/client/api";
import { SelectField } from "@/components/ui/select-field";
import { ErrorNotice } from "@/components/ui/page";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { ChangeList } from "@/components/changes/change-list";
import { PanelFrame } from "./panel-view";
import { DateTimeInput } from "@/components/ui/time-input";

const PRESETS = [
  ["15m", "Last 15 minutes"],
  ["1h", "Last hour"],
  ["6h", "Last 6 hours"],
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
] as const;
const REFRESH = [
  ["", "Auto-refresh off"],
  ["10s", "Every 10 s"],
  ["30s", "Every 30 s"],
  ["1m", "Every minute"],
] as const;
const REFRESH_MS: Record<string, number> = { "10s": 10_000, "30s": 30_000, "1m": 60_000 };

const isAbsolute = (v: string | null) => Boolean(v && v.includes("T"));
/** ISO (UTC) ↔ the value of an <input type="datetime-local"> read as UTC. */
const toInput = (iso: string | null) => (iso && isAbsolute(iso) ? new Date(iso).toISOString().slice(0, 16) : "");
const fromInput = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : "");

/** Seconds since `t`, ticking; null until mounted, so the server's HTML and the first client render agree. */
function useSecondsSince(t: number) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, []);
  return t && now !== null ? Math.max(0, Math.round((now - t) / 1000)) : null;
}

export function DashboardView({
  slug,
  panels,
  regions,
  initial,
}: {
  slug: string;
  panels: Pick<Panel, "id" | "title" | "description" | "unit" | "kind">[];
  /** The regions to filter by (the server's METRICS_REGIONS). */
  regions: string[];
  /** Data the server loaded with the page, for the range it was loaded for. */
  initial?: { range: { from: string; to?: string; region?: string }; data: DashboardData };
}) {
  const { params, set, replace } = useUrlFilters();
  const from = params.get("from") ?? "6h";
  const to = params.get("to") ?? "";
  const region = params.get("region") ?? "";
  const refresh = params.get("refresh") ?? "";
  const range = { from, to: to || undefined, region: region || undefined };
  const sameRange =
    initial &&
    initial.range.from === range.from &&
    initial.range.to === range.to &&
    initial.range.region === range.region;
  const q = useQuery({
    ...dashboardQuery(slug, range, REFRESH_MS[refresh] ?? false),
    ...(sameRange ? { initialData: initial.data, initialDataUpdatedAt: Date.parse(initial.data.to) } : {}),
  });
  const custom = isAbsolute(from);
  const [draft, setDraft] = useState({ from: toInput(from), to: toInput(to) });
  const [editing, setEditing] = useState(false);

  const applyCustom = () => {
    const next = new URLSearchParams(params);
    next.set("from", fromInput(draft.from));
    if (draft.to) next.set("to", fromInput(draft.to));
    else next.delete("to");
    replace(next);
    setEditing(false);
  };
  const preset = (v: string) => {
    const next = new URLSearchParams(params);
    next.set("from", v);
    next.delete("to");
    replace(next);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Time range"
          value={custom ? "custom" : from}
          onChange={(v) => (v === "custom" ? setEditing(true) : preset(v))}
          options={[...PRESETS, ["custom", custom ? "Custom range" : "Custom…"]]}
        />
        <SelectField
          label="Region"
          value={region}
          onChange={(v) => set("region", v)}
          options={[["", "All regions"], ...regions]}
        />
        <SelectField label="Refresh" value={refresh} onChange={(v) => set("refresh", v)} options={REFRESH} />
        <div className="ml-auto flex items-center gap-3 text-xs text-muted" aria-live="polite">
          {q.isFetching && <span>Updating…</span>}
          <UpdatedAgo at={q.dataUpdatedAt} />
          {q.data && (
            <span>
              source: {q.data.source} · step {q.data.step} s
            </span>
          )}
          <Button variant="secondary" onClick={() => void q.refetch()}>
            Refresh
          </Button>
        </div>
      </div>
      {(editing || custom) && (
        <form
          aria-label="Custom time range"
          className="flex flex-wrap items-end gap-3 rounded-md border border-zinc-200 p-3 text-xs dark:border-zinc-800"
          onSubmit={(e) => {
            e.preventDefault();
            applyCustom();
          }}
        >
          <label className="font-medium text-zinc-600 dark:text-zinc-400">
            From (UTC)
            <DateTimeInput
              required
              className={`${control} mt-0.5 block`}
              value={draft.from}
              onValue={(v) => setDraft({ ...draft, from: v })}
            />
          </label>
          <label className="font-medium text-zinc-600 dark:text-zinc-400">
            To (UTC, empty for now)
            <DateTimeInput
              className={`${control} mt-0.5 block`}
              value={draft.to}
              onValue={(v) => setDraft({ ...draft, to: v })}
            />
          </label>
          <Button type="submit">Apply</Button>
          {!custom && (
            <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          )}
        </form>
      )}
      {q.isError && (
        <ErrorNotice
          title={
            q.error instanceof ClientApiError && q.error.status === 400
              ? "That time range does not work"
              : "The dashboard could not load"
          }
          message={q.error.message}
          requestId={q.error instanceof ClientApiError ? q.error.requestId : undefined}
        />
      )}
      {q.data && <RangeChanges data={q.data} />}
      <div className="grid gap-4 lg:grid-cols-2">
        {panels.map((p) => (
          <PanelFrame
            key={p.id}
            meta={p}
            data={q.data?.panels.find((x) => x.id === p.id)}
            loading={q.isPending}
            region={region || undefined}
            from={q.data?.from}
            to={q.data?.to}
          />
        ))}
      </div>
    </div>
  );
}

/** "Updated 12 s ago", ticking on its own: the panels do not redraw every second with it. */
function UpdatedAgo({ at }: { at: number }) {
  const ago = useSecondsSince(at);
  return ago !== null && <span data-testid="updated-ago">Updated {ago} s ago</span>;
}

/** The changes in the range to the dashboard's services — what the charts' markers are. */
function RangeChanges({ data }: { data: DashboardData }) {
  const n = data.changes.length;
  return (
    <details
      className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
      open={n > 0 && n <= 3}
    >
      <summary className="cursor-pointer px-3 py-3 text-sm font-medium sm:py-2">
        {n === 0 ? "No changes" : `${n}${data.changes_truncated ? "+" : ""} change${n === 1 ? "" : "s"}`} in this range
        {data.region ? ` in ${data.region}` : ""}
        {data.changes.some((c) => c.freeze_violation) && (
          <span className="ml-2 text-red-700 dark:text-red-400">· during a deploy freeze</span>
        )}
      </summary>
      <div className="border-t border-zinc-100 dark:border-zinc-800">
        <ChangeList
          changes={data.changes}
          empty="Nothing was deployed, configured or flagged on these services in this range."
        />
      </div>
    </details>
  );
}
