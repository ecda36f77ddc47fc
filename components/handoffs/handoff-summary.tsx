"use client";

// One open incident in a handoff: where it stands, and the outgoing's summary of its investigation.
import Link from "next/link";
import { useState } from "react";
import type { HandoffView } from "@/lib/handoffs/contract";
import { age } from "@/lib/incidents/rules";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";

export function SummaryBox({
  incident,
  saved,
  canEdit,
  onSave,
}: {
  incident: HandoffView["context"]["incidents"][number];
  saved?: string;
  canEdit: boolean;
  onSave: (s: string) => void;
}) {
  const [text, setText] = useState(saved ?? "");
  const dirty = text.trim() !== (saved ?? "").trim();
  return (
    <li className="py-3" data-incident={incident.ref}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link
          href={`/incidents/${incident.ref}`}
          className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
        >
          {incident.ref}
        </Link>
        <SeverityBadge severity={incident.severity} />
        <StatusBadge status={incident.status} />
        <span className="min-w-0 truncate">{incident.title}</span>
        <span className="text-xs text-muted">IC {incident.commander_name ?? "none"}</span>
        <span className={`text-xs ${incident.stale ? "font-medium text-red-600 dark:text-red-400" : "text-muted"}`}>
          last update {incident.last_entry_at ? `${age(incident.last_entry_at)} ago` : "never"}
          {incident.stale ? " · stale" : ""}
        </span>
      </div>
      {canEdit ? (
        <div className="mt-2 flex items-start gap-2">
          <textarea
            className={`${control} min-h-16 flex-1`}
            aria-label={`Investigation summary for ${incident.ref}`}
            placeholder="Where the investigation stands, what is being tried, what to watch."
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Button type="button" variant="secondary" disabled={!dirty || !text.trim()} onClick={() => onSave(text)}>
            {saved ? "Update" : "Save"}
          </Button>
        </div>
      ) : (
        <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
          {saved ?? <span className="text-muted">No summary yet.</span>}
        </p>
      )}
    </li>
  );
}
