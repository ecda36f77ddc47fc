"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { TimeModeProvider } from "@/components/ui/time";
import { retryable } from "@/lib/client/api";

export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 15_000, retry: (count, err) => count < 2 && retryable(err) },
        },
      }),
  );
  useEffect(() => {
    // Marks the page interactive (tests wait for it before clicking).
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <QueryClientProvider client={client}>
      <TimeModeProvider>{children}</TimeModeProvider>
    </QueryClientProvider>
  );
}
