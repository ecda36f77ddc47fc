"use client";

// The log explorer's filters: one picker per facet of the source, id fields, minimum level, text, and
// the time range (presets or a custom UTC range). Every value lives in the URL.
import { LOG_LEVELS } from "@/lib/logs/levels";
import type { LogSource, LogViewFilters } from "@/lib/client/queries/logs";
import { Button } from "@/components/ui/button";

export const PRESETS = ["15m", "1h", "6h", "24h", "7d"] as const;

export const control =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900";

const toUtcInput = (v?: string) => (v && /^\d{4}-/.test(v) ? v.slice(0, 16) : "");

export function FilterBar({
  source,
  filters,
  facets,
  onPick,
  onSet,
}: {
  source: LogSource;
  filters: LogViewFilters;
  facets: Record<string, string[]> | undefined;
  onPick: (param: string, values: string[]) => void;
  onSet: (param: string, value: string) => void;
}) {
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      aria-label="Log filters"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        onSet("q", String(data.get("q") ?? "").trim());
        for (const { param } of source.ids) onPick(param, String(data.get(param) ?? "").trim() ? [String(data.get(param)).trim()] : []);
      }}
    >
      {source.pickers.map((p) => (
        <Picker key={p.param} label={p.label} values={facets?.[p.facet]} selected={filters.multi[p.param] ?? []} onChange={(v) => onPick(p.param, v)} />
      ))}
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Level
        <select className={`${control} mt-0.5 block`} value={filters.level ?? ""} onChange={(e) => onSet("level", e.target.value)}>
          <option value="">all</option>
          {LOG_LEVELS.map((lv) => (
            <option key={lv} value={lv}>
              {lv} and up
            </option>
          ))}
        </select>
      </label>
      {source.ids.map((f) => (
        <label key={f.param} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {f.label}
          <input key={(filters.multi[f.param] ?? []).join(",")} name={f.param} defaultValue={(filters.multi[f.param] ?? [])[0] ?? ""} placeholder="exact" className={`${control} mt-0.5 block w-40`} />
        </label>
      ))}
      <label className="min-w-48 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Text
        <input key={filters.q ?? ""} name="q" defaultValue={filters.q} placeholder="contains… (Enter)" className={`${control} mt-0.5 block w-full`} />
      </label>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
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

export function RangeBar({ start, end, onRange }: { start?: string; end?: string; onRange: (start: string, end?: string) => void }) {
  return (
    <>
      <div role="group" aria-label="Time range" className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            onClick={() => onRange(p)}
            aria-pressed={start === p && !end}
            className={`px-2 py-1 text-xs ${start === p && !end ? "bg-indigo-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
          >
            {p}
          </button>
        ))}
      </div>
      <form
        className="flex items-center gap-1 text-xs"
        aria-label="Custom time range (UTC)"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const s = String(d.get("start") ?? "");
          const en = String(d.get("end") ?? "");
          if (s) onRange(new Date(`${s}Z`).toISOString(), en ? new Date(`${en}Z`).toISOString() : undefined);
        }}
      >
        <input key={`s${start}`} type="datetime-local" name="start" aria-label="Start (UTC)" defaultValue={toUtcInput(start)} className={control} />
        <span>→</span>
        <input key={`e${end}`} type="datetime-local" name="end" aria-label="End (UTC)" defaultValue={toUtcInput(end)} className={control} />
        <Button type="submit" variant="ghost" className="text-xs">
          Apply UTC
        </Button>
      </form>
    </>
  );
}
