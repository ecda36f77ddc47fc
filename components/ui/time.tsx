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
    () => "utc" as TimeMode,
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

export function formatTime(iso: string, mode: TimeMode): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (mode === "utc") {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function Time({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) {
  const { mode } = useTimeMode();
  if (!iso) return <span className="text-zinc-400">{fallback}</span>;
  return (
    <time dateTime={iso} title={iso} className="tabular-nums whitespace-nowrap">
      {formatTime(iso, mode)}
    </time>
  );
}

export function TimeModeToggle() {
  const { mode, setMode } = useTimeMode();
  return (
    <button
      type="button"
      onClick={() => setMode(mode === "utc" ? "local" : "utc")}
      className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      title="Show times in UTC or in your local time zone"
      aria-label={`Times shown in ${mode === "utc" ? "UTC" : "local time"}; switch`}
    >
      {mode === "utc" ? "UTC" : "Local"}
    </button>
  );
}
