"use client";

import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/page";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto mt-10 max-w-lg space-y-3">
      <ErrorNotice
        title="This page failed to load"
        message="The console hit an error. Try again; if it keeps happening, share the reference below."
        requestId={error.digest}
      />
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
