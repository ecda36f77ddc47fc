"use client";

// The log explorer's filters: one picker per facet of the source, id fields, minimum level and text.
// Every value lives in the URL. Memoised: it is drawn again only when the filters or the facets change.
import type { LogSource, LogViewFilters } from "@/lib/client/queries/logs";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { PickField } from "@/components/ui/select-field";
import { LOG_LEVELS } from "@/lib/vocabulary";
import { memo } from "react";

export const FilterBar = memo(function FilterBar({
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
        for (const { param } of source.ids)
          onPick(param, String(data.get(param) ?? "").trim() ? [String(data.get(param)).trim()] : []);
      }}
    >
      {source.pickers.map((p) => (
        <PickField
          key={p.param}
          label={p.label}
          values={facets?.[p.facet]}
          selected={filters.multi[p.param] ?? []}
          onChange={(v) => onPick(p.param, v)}
        />
      ))}
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Level
        <select
          className={`${control} mt-0.5 block`}
          value={filters.level ?? ""}
          onChange={(e) => onSet("level", e.target.value)}
        >
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
          <input
            key={(filters.multi[f.param] ?? []).join(",")}
            name={f.param}
            defaultValue={(filters.multi[f.param] ?? [])[0] ?? ""}
            placeholder="exact"
            className={`${control} mt-0.5 block w-40`}
          />
        </label>
      ))}
      <label className="min-w-48 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Text
        <input
          key={filters.q ?? ""}
          name="q"
          defaultValue={filters.q}
          placeholder="contains… (Enter)"
          className={`${control} mt-0.5 block w-full`}
        />
      </label>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
});
