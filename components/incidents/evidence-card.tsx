// A pinned console link as a card naming what it shows and its exact time range (lib/incidents/evidence);
// a pinned path that follows a trace also opens that trace's waterfall.
import Link from "next/link";
import { describeEvidence, windowText } from "@/lib/incidents/evidence";
import { isTraceId, traceHref } from "@/lib/traces/links";

export function EvidenceCard({ url, label }: { url: string; label?: string }) {
  const view = describeEvidence(url);
  const trace = url.startsWith("/correlate") && isTraceId(view.follows) ? view.follows : null;
  return (
    <>
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
      {trace && (
        <Link className="tap text-xs text-indigo-700 underline dark:text-indigo-400" href={traceHref(trace)}>
          Open trace {trace.slice(0, 12)}…&apos;s waterfall
        </Link>
      )}
    </>
  );
}
