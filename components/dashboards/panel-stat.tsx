// A stat panel: one number, coloured by its thresholds, with its level named when it is not OK.
import type { DashboardPanel } from "@/lib/metrics/contract";
import { Badge } from "@/components/ui/badge";
import { formatValue, LEVEL_TEXT, LEVEL_TONE, levelFor } from "./format";

export function Stat({ panel }: { panel: DashboardPanel }) {
  const v = panel.series[0]?.points[0]?.[1] ?? null;
  const level = levelFor(v, panel.thresholds);
  const color = {
    ok: "text-zinc-900 dark:text-zinc-100",
    no_data: "text-zinc-500 dark:text-zinc-400",
    warn: "text-amber-600 dark:text-amber-400",
    critical: "text-red-600 dark:text-red-400",
  }[level];
  return (
    <div className="flex h-48 flex-col items-center justify-center gap-2">
      <span className={`text-5xl font-semibold tabular-nums ${color}`} data-testid="stat-value">
        {formatValue(v, panel.unit)}
      </span>
      {level !== "ok" && <Badge tone={LEVEL_TONE[level]}>{LEVEL_TEXT[level]}</Badge>}
    </div>
  );
}
