// A pinned console link as a card naming what it shows and its exact time range (lib/incidents/evidence).
import { describeEvidence, windowText } from "@/lib/incidents/evidence";

export function EvidenceCard({ url, label }: { url: string; label?: string }) {
  const view = describeEvidence(url);
  return (
    <a
      href={url}
      className="mt-1 block rounded-md border border-zinc-200 px-3 py-2 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      target="_blank"
      rel="noreferrer"
    >
      <span className="block text-sm font-medium break-all">
        {label && label !== view.what ? `${label} — ${view.what}` : view.what}
      </span>
      {view.window && <span className="block font-mono text-xs text-muted">{windowText(view.window)}</span>}
    </a>
  );
}
