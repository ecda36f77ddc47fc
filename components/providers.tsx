"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { TimeModeProvider } from "@/components/ui/time";

export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 15_000, retry: (count, err) => count < 2 && !((err as { status?: number }).status! < 500) },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <TimeModeProvider>{children}</TimeModeProvider>
    </QueryClientProvider>
  );
}
