"use client";

// Filters that live in the URL: read them from the search params, change one without losing the rest.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

export function useUrlFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const replace = useCallback(
    (next: URLSearchParams) => router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false }),
    [pathname, router],
  );
  // The last change asked for and not yet rendered: the next change builds on it, so two quick
  // changes never undo each other (the router updates the address bar after it renders).
  const pending = useRef<string | null>(null);
  useEffect(() => {
    pending.current = null;
  }, [params]);
  /** Changes the search params in place, on top of any change still on its way. */
  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(
        pending.current ?? (typeof window === "undefined" ? params.toString() : window.location.search),
      );
      change(next);
      pending.current = next.toString();
      replace(next);
    },
    [params, replace],
  );
  const set = useCallback(
    (key: string, value: string) => update((next) => (value ? next.set(key, value) : next.delete(key))),
    [update],
  );
  return { params, set, update, replace, clear: () => router.replace(pathname) };
}
