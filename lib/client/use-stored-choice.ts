"use client";

// A small choice this browser remembers (timeline order, where new log lines appear): kept in
// localStorage, the same in every component that reads it, and the default on the server's render.
import { useCallback, useSyncExternalStore } from "react";
import { oneOf } from "./one-of";

const listeners = new Map<string, Set<() => void>>();

export function useStoredChoice<T extends string>(
  key: string,
  choices: readonly T[],
  fallback: T,
): [T, (v: T) => void] {
  const value = useSyncExternalStore(
    (cb) => {
      const set = listeners.get(key) ?? new Set();
      set.add(cb);
      listeners.set(key, set);
      return () => set.delete(cb);
    },
    () => oneOf(choices, localStorage.getItem(key) || null) ?? fallback,
    () => fallback,
  );
  const set = useCallback(
    (v: T) => {
      localStorage.setItem(key, v);
      listeners.get(key)?.forEach((l) => l());
    },
    [key],
  );
  return [value, set];
}
