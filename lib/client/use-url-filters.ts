"use client";

// Filters that live in the URL: read them from the search params, change one without losing the rest.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export function useUrlFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const replace = useCallback((next: URLSearchParams) => router.replace(`${pathname}${next.size ? `?${next}` : ""}`), [pathname, router]);
  const set = useCallback(
    (key: string, value: string) => {
      // The address bar, not the render's params: two quick changes must not undo each other.
      const next = new URLSearchParams(typeof window === "undefined" ? params : window.location.search);
      if (value) next.set(key, value);
      else next.delete(key);
      replace(next);
    },
    [params, replace],
  );
  return { params, set, replace, clear: () => router.replace(pathname) };
}
