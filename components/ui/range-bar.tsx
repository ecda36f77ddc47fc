"use client";

// A time range for any view: presets (relative to now) or a custom UTC range typed as 24-hour times,
// both kept by the caller (in the URL). A custom range is checked here, against the view's own limit,
// before it is asked for. Used by the log explorers, the change feed and the correlated view.
import { useState } from "react";
import { checkRange, toUtcInput } from "@/lib/client/range";
import { Button } from "./button";
import { control } from "./control";
import { DateTimeInput } from "./time-input";

export const RANGE_PRESETS = ["15m", "1h", "6h", "24h", "7d"] as const;

const FIELD = "w-full min-w-0 sm:w-40";

export function RangeBar({
  start,
  end,
  onRange,
  presets = RANGE_PRESETS,
  maxHours,
}: {
  start?: string;
  end?: string;
  onRange: (start: string, end?: string) => void;
  presets?: readonly string[];
  /** The longest window the view answers (a longer custom range is refused here); null while it is being read. */
  maxHours?: number | null;
}) {
  const [problem, setProblem] = useState<{ field: "start" | "end"; message: string } | null>(null);
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
            className={`px-3 py-1 text-xs sm:px-2 ${start === p && !end ? "bg-indigo-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
          >
            {p}
          </button>
        ))}
      </div>
      <form
        className="flex min-w-0 flex-wrap items-center gap-1 text-xs"
        aria-label="Custom time range (UTC)"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const r = checkRange(String(d.get("start") ?? ""), String(d.get("end") ?? ""), {
            now: Date.now(),
            maxHours: maxHours ?? undefined,
          });
          setProblem(r.ok ? null : r);
          if (r.ok) onRange(r.start, r.end);
          else
            e.currentTarget
              .querySelectorAll<HTMLInputElement>("input[type=text]")
              [r.field === "start" ? 0 : 1]?.focus();
        }}
      >
        <DateTimeInput
          key={`s${start}`}
          name="start"
          aria-label="Start (UTC, 24-hour)"
          defaultValue={toUtcInput(start)}
          aria-invalid={problem?.field === "start" || undefined}
          aria-describedby={problem ? "range-problem" : undefined}
          className={`${control} ${FIELD}`}
        />
        <span className="hidden sm:inline">→</span>
        <DateTimeInput
          key={`e${end}`}
          name="end"
          aria-label="End (UTC, 24-hour; empty for now)"
          placeholder="now"
          defaultValue={toUtcInput(end)}
          aria-invalid={problem?.field === "end" || undefined}
          aria-describedby={problem ? "range-problem" : undefined}
          className={`${control} ${FIELD}`}
        />
        <Button type="submit" variant="ghost" className="text-xs" disabled={maxHours === null}>
          Apply UTC
        </Button>
        {problem && (
          <p id="range-problem" role="alert" className="basis-full text-xs text-red-700 dark:text-red-400">
            {problem.message}
          </p>
        )}
      </form>
    </>
  );
}
