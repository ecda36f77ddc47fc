// Who takes each layer over next, and when: in the console's time and on the layer's own clock (its zone),
// for /oncall and the overview. No hooks: it renders on the server or in the browser alike.
import type { ShiftView } from "@/lib/oncall/contract";
import { Time } from "@/components/ui/time";
import { LAYER_LABEL as LABEL } from "./layer-label";

export type NextShift = ShiftView & { time_zone: string };

/** The wall-clock time of `iso` in `timeZone`, e.g. "Mon 7 Dec, 10:00". */
function onTheirClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
}

export function NextOnCall({ next, className = "" }: { next: NextShift[]; className?: string }) {
  if (!next.length) return null;
  return (
    <ul className={`space-y-0.5 text-sm ${className}`} aria-label="Next on call">
      {next.map((s) => (
        <li key={s.layer} data-layer={s.layer}>
          <span className="text-muted">{LABEL[s.layer]}</span> <span className="font-medium">{s.user.name}</span>{" "}
          <span className="text-xs text-muted">
            from <Time iso={s.start} compact /> ({onTheirClock(s.start, s.time_zone)} {s.time_zone})
          </span>
        </li>
      ))}
    </ul>
  );
}
