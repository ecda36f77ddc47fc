"use client";

// Every timestamp in the console goes through <Time>: UTC by default, local time when the user asks.
import { createContext, useCallback, useContext, useSyncExternalStore } from "react";
import { formatTime, type TimeMode } from "@/lib/time-format";

export { formatTime, type TimeMode };

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
