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
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      replace(next);
    },
    [params, replace],
  );
  return { params, set, replace, clear: () => router.replace(pathname) };
}
