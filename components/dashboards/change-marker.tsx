// A change on a chart: a small flag at the top of its line, named on hover, its details on click.
import type { Annotation } from "@/lib/metrics/contract";
import { Time } from "@/components/ui/time";

export function ChangeMarker({
  a,
  x,
  y,
  onPick,
}: {
  a: Annotation;
  x: number;
  y: number;
  onPick: (a: Annotation) => void;
}) {
  const bad = a.freeze_violation || a.status === "failed";
  return (
    <g
      transform={`translate(${x},${y})`}
      onClick={(e) => (e.stopPropagation(), onPick(a))}
      className="cursor-pointer"
      data-change-marker={a.change_id}
    >
      <title>{`${a.kind} ${a.service}: ${a.summary} — ${a.actor}, ${a.status.replace("_", " ")}`}</title>
      <path d="M-6,0 L6,0 L0,8 Z" fill={bad ? "#dc2626" : "#6366f1"} />
    </g>
  );
}

/** A picked change's details under the chart: when, what, who, its run or diff. */
export function ChangeDetails({ marker, onDismiss }: { marker: Annotation; onDismiss: () => void }) {
  return (
    <p
      className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="change-marker"
    >
      <span className="text-indigo-700 dark:text-indigo-300">▲</span>
      <span>
        <Time iso={new Date(marker.time).toISOString()} /> {marker.kind} {marker.service}
        {marker.regions.length ? ` (${marker.regions.join(", ")})` : ""}:{" "}
        <span className="text-zinc-900 dark:text-zinc-100">{marker.summary}</span> — {marker.actor},{" "}
        {marker.status.replace("_", " ")}
        {marker.freeze_violation ? ", during a deploy freeze" : ""}
      </span>
      {marker.url && (
        <a
          className="text-indigo-700 hover:underline dark:text-indigo-400"
          href={marker.url}
          target="_blank"
          rel="noreferrer"
        >
          run / diff
        </a>
      )}
      <button type="button" className="hover:underline" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
