"use client";

// "Pin as evidence" to an open incident (the first open one unless another is chosen): one control for
// every view that pins something — a request's path, a trace or one of its spans. Shows nothing when no
// incident is open; says so when the link is already pinned there.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { incidentsQuery } from "@/lib/client/queries/incidents";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { ErrorNotice } from "@/components/ui/page";
import { usePin } from "./use-pin";

export function PinTo({
  url,
  body,
  label,
  action = "Pin as evidence",
}: {
  url: string;
  body: string;
  label: string;
  action?: string;
}) {
  const open = useQuery(incidentsQuery({ status: "open" }));
  const incidents = open.data?.incidents ?? [];
  const [chosen, setChosen] = useState("");
  const target = chosen || incidents[0]?.id || "";
  const { pin, isPinned, error, pending } = usePin(target);
  if (!incidents.length) return null;
  const ref = incidents.find((i) => i.id === target)?.ref ?? "";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Pin to
        <select className={control} value={target} onChange={(e) => setChosen(e.target.value)}>
          {incidents.map((i) => (
            <option key={i.id} value={i.id}>
              {i.ref} · {i.title}
            </option>
          ))}
        </select>
      </label>
      {isPinned(url) ? (
        <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          Pinned to {ref}
        </span>
      ) : (
        <Button variant="secondary" disabled={pending} onClick={() => pin(body, url, label)}>
          {action}
        </Button>
      )}
      {error && <ErrorNotice title="Couldn't pin" message={error.message} />}
    </div>
  );
}
