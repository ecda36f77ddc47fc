"use client";

// A time series panel: lines with units, legend, threshold lines and change markers; a click on the plot
// picks a point and offers its logs, its changes and declaring an incident from it.
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import type { Annotation, DashboardPanel } from "@/lib/metrics/contract";
import { aroundPoint, changesHref, declareHref, platformLogsHref, regionList } from "@/lib/metrics/investigate";
import { formatTime, useTimeMode } from "@/components/ui/time";
import { INVESTIGATION_MARGIN_MS, INVESTIGATION_MARGIN_TEXT } from "@/lib/vocabulary";
import { formatValue, PALETTE, seriesName } from "./format";
import { ChangeDetails } from "./change-marker";
import { LineChart, type ChartSeries } from "./line-chart";
import { useDrawn } from "@/components/ui/use-drawn";

export function TimeSeries({ panel, region }: { panel: DashboardPanel; region?: string }) {
  const { mode } = useTimeMode();
  const [picked, setPicked] = useState<number | null>(null);
  const { series, times } = useMemo(() => {
    const series: ChartSeries[] = panel.series.map((s, i) => ({
      name: seriesName(s.labels),
      color: PALETTE[i % PALETTE.length]!,
      points: s.points,
    }));
    const times = [...new Set(panel.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
    return { series, times };
  }, [panel]);
  const unit = panel.unit;
  const fmt = useCallback((v: number | null) => formatValue(v, unit), [unit]);
  /** 14:05 within a day; 12-03 14:05 over longer ranges. */
  const long = (times.at(-1) ?? 0) - (times[0] ?? 0) > 86_400_000;
  const tick = useCallback(
    (t: number) => formatTime(new Date(t).toISOString(), mode, true).slice(long ? 5 : 11),
    [mode, long],
  );
  const pickedRegion = picked === null ? region : (region ?? worstRegionAt(panel, picked));
  const [marker, setMarker] = useState<Annotation | null>(null);
  const step = times.length > 1 ? times[1]! - times[0]! : 60_000;
  const first = times[0] ?? 0;
  /** The changes that started within half a step of a point: named in the readout at that point. */
  const near = (t: number) => panel.annotations.filter((a) => Math.abs(Math.max(a.time, first) - t) <= step / 2);
  const box = useRef<HTMLDivElement>(null);
  const drawn = useDrawn(box);
  return (
    <div>
      {/* The point is read from where the click or tap landed on the plot, not from a hover state:
          a tap on a phone is a click with no hover before it. */}
      <div ref={box} className="h-56" data-chart={panel.id}>
        {drawn && (
          <LineChart
            label={`${panel.title}: ${series.map((s) => s.name).join(", ")}`}
            series={series}
            times={times}
            zero={panel.thresholds?.direction !== "below"}
            thresholds={panel.thresholds ?? undefined}
            annotations={panel.annotations}
            formatValue={fmt}
            formatTick={tick}
            readout={(t) => (
              <>
                {formatTime(new Date(t).toISOString(), mode)}
                {near(t).map((a) => (
                  <span key={a.change_id} className="mt-0.5 block max-w-64 text-indigo-700 whitespace-normal">
                    ▲ {a.kind} {a.service}: {a.summary} — {a.actor}, {a.status.replace("_", " ")}
                  </span>
                ))}
              </>
            )}
            onPick={setPicked}
            onMarker={setMarker}
          />
        )}
      </div>
      {series.length > 1 && (
        <ul className="mt-1 flex flex-wrap justify-center gap-x-3 text-[11px]" aria-label="Series">
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-1">
              <span className="inline-block h-0.5 w-3" style={{ background: s.color }} aria-hidden />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      {marker && <ChangeDetails marker={marker} onDismiss={() => setMarker(null)} />}
      {picked !== null && (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span>At {formatTime(new Date(picked).toISOString(), mode)}:</span>
          <Link
            className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
            href={platformLogsHref({
              services: panel.services,
              regions: regionList(pickedRegion),
              ...aroundPoint(picked),
            })}
          >
            Logs {INVESTIGATION_MARGIN_TEXT}
          </Link>
          <Link
            className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
            href={changesHref({ services: panel.services, regions: regionList(pickedRegion), ...aroundPoint(picked) })}
          >
            Changes {INVESTIGATION_MARGIN_TEXT}
          </Link>
          <Link
            className="font-medium text-red-700 hover:underline dark:text-red-400"
            href={declareHref({
              title: `${panel.title} degraded${pickedRegion ? ` in ${pickedRegion}` : ""}`,
              services: panel.services,
              regions: regionList(pickedRegion),
              from: picked,
              to: picked + INVESTIGATION_MARGIN_MS,
            })}
          >
            Declare incident from this point
          </Link>
          <button type="button" className="hover:underline" onClick={() => setPicked(null)}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}

/** In an all-regions chart, the region whose series is worst at `t` (highest, or lowest when lower is worse). */
function worstRegionAt(panel: DashboardPanel, t: number): string | undefined {
  const below = panel.thresholds?.direction === "below";
  let best: { region: string; v: number } | undefined;
  for (const s of panel.series) {
    const region = s.labels.region;
    const v = s.points.reduce<[number, number | null] | undefined>(
      (near, p) => (!near || Math.abs(p[0] - t) < Math.abs(near[0] - t) ? p : near),
      undefined,
    )?.[1];
    if (!region || v === null || v === undefined) continue;
    if (!best || (below ? v < best.v : v > best.v)) best = { region, v };
  }
  return best?.region;
}
