"use client";

// Every timestamp in the console goes through <Time>: UTC by default, local time when the user asks.
import { createContext, useCallback, useContext, useSyncExternalStore } from "react";

export type TimeMode = "utc" | "local";
const KEY = "time-mode";
const listeners = new Set<() => void>();

function read(): TimeMode {
  try {
    return localStorage.getItem(KEY) === "local" ? "local" : "utc";
  } catch {
    return "utc";
  }
}

const Ctx = createContext<{ mode: TimeMode; setMode: (m: TimeMode) => void }>({ mode: "utc", setMode: () => {} });

export function TimeModeProvider({ children }: { children: React.ReactNode }) {
  const mode = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    read,
    (): TimeMode => "utc",
  );
  const setMode = useCallback((m: TimeMode) => {
    localStorage.setItem(KEY, m);
    listeners.forEach((l) => l());
  }, []);
  return <Ctx.Provider value={{ mode, setMode }}>{children}</Ctx.Provider>;
}

export function useTimeMode() {
  return useContext(Ctx);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** 2026-11-22 22:55:40 UTC, or in local time; `compact` drops seconds and the zone (shown in the header). */
export function formatTime(iso: string, mode: TimeMode, compact = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const utc = mode === "utc";
  const parts: [number, number, number, number, number, number] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const [y, mo, da, h, mi, se] = parts;
  const date = `${y}-${pad(mo)}-${pad(da)}`;
  if (compact) return `${date} ${pad(h)}:${pad(mi)}`;
  return `${date} ${pad(h)}:${pad(mi)}:${pad(se)}${utc ? " UTC" : ""}`;
}

export function Time({
  iso,
  fallback = "—",
  compact = false,
}: {
  iso: string | null | undefined;
  fallback?: string;
  compact?: boolean;
}) {
  const { mode } = useTimeMode();
  if (!iso) return <span className="text-muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={iso} className="tabular-nums whitespace-nowrap">
      {formatTime(iso, mode, compact)}
    </time>
  );
}

export function TimeModeToggle() {
  const { mode, setMode } = useTimeMode();
  return (
    <button
      type="button"
      onClick={() => setMode(mode === "utc" ? "local" : "utc")}
      className="min-h-11 rounded-md px-2 py-1 text-xs font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 md:min-h-0 dark:text-zinc-300 dark:hover:bg-zinc-800"
      title="Show times in UTC or in your local time zone"
      aria-label={`Time: ${mode === "utc" ? "UTC" : "local"} — switch to ${mode === "utc" ? "local time" : "UTC"}`}
    >
      <span className="hidden sm:inline">Time: </span>
      {mode === "utc" ? "UTC" : "local"}
    </button>
  );
}
