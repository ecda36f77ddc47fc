"use client";

// A time range for any view: presets (relative to now) or a custom UTC range, both kept by the caller
// (in the URL). Used by the log explorers, the change feed and the correlated view.
import { Button } from "./button";
import { control } from "./control";
import { DateTimeInput } from "./time-input";

export const RANGE_PRESETS = ["15m", "1h", "6h", "24h", "7d"] as const;

const toUtcInput = (v?: string) => (v && /^\d{4}-/.test(v) ? v.slice(0, 16) : "");

export function RangeBar({
  start,
  end,
  onRange,
  presets = RANGE_PRESETS,
}: {
  start?: string;
  end?: string;
  onRange: (start: string, end?: string) => void;
  presets?: readonly string[];
}) {
  return (
    <>
      <div
        role="group"
        aria-label="Time range"
        className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700"
      >
        {presets.map((p) => (
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
        className="flex min-w-0 flex-wrap items-center gap-1 text-xs"
        aria-label="Custom time range (UTC)"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const s = String(d.get("start") ?? "");
          const en = String(d.get("end") ?? "");
          if (s) onRange(new Date(`${s}Z`).toISOString(), en ? new Date(`${en}Z`).toISOString() : undefined);
        }}
      >
        <DateTimeInput
          key={`s${start}`}
          name="start"
          aria-label="Start (UTC)"
          defaultValue={toUtcInput(start)}
          className={`${control} w-full min-w-0 sm:w-auto`}
        />
        <span className="hidden sm:inline">→</span>
        <DateTimeInput
          key={`e${end}`}
          name="end"
          aria-label="End (UTC)"
          defaultValue={toUtcInput(end)}
          className={`${control} w-full min-w-0 sm:w-auto`}
        />
        <Button type="submit" variant="ghost" className="text-xs">
          Apply UTC
        </Button>
      </form>
    </>
  );
}
