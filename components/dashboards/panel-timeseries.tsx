"use client";

// A time series panel: lines with units, legend, threshold lines and change markers; a click on the plot
// picks a point and offers its logs, its changes and declaring an incident from it.
import Link from "next/link";
import { useMemo, useState } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Annotation, DashboardPanel } from "@/lib/metrics/contract";
import { aroundPoint, changesHref, declareHref, platformLogsHref, regionList } from "@/lib/metrics/investigate";
import { formatTime, useTimeMode } from "@/components/ui/time";
import { INVESTIGATION_MARGIN_MS, INVESTIGATION_MARGIN_TEXT } from "@/lib/vocabulary";
import { formatValue, PALETTE, seriesName } from "./format";
import { ChangeDetails, ChangeMarker } from "./change-marker";

/** One point in time of the chart: its time, and each series' value at it (`s0`, `s1`, …). */
type ChartRow = { t: number; [series: string]: number | null };

export function TimeSeries({ panel, region }: { panel: DashboardPanel; region?: string }) {
  const { mode } = useTimeMode();
  const [picked, setPicked] = useState<number | null>(null);
  const { rows, names } = useMemo(() => {
    const byT = new Map<number, ChartRow>();
    const names = panel.series.map((s) => seriesName(s.labels));
    panel.series.forEach((s, i) => {
      for (const [t, v] of s.points) {
        const row = byT.get(t) ?? { t };
        row[`s${i}`] = v;
        byT.set(t, row);
      }
    });
    return { rows: [...byT.values()].sort((a, b) => a.t - b.t), names };
  }, [panel]);
  const fmt = (v: unknown) => formatValue(typeof v === "number" ? v : null, panel.unit);
  const tick = (t: number) => formatTime(new Date(t).toISOString(), mode, true).slice(5);
  const pickedRegion = picked === null ? region : (region ?? worstRegionAt(panel, picked));
  const [marker, setMarker] = useState<Annotation | null>(null);
  const [head, second] = rows;
  const step = head && second ? second.t - head.t : 60_000;
  const first = head?.t ?? 0;
  /** The changes that started within half a step of a point: named in the tooltip at that point. */
  const near = (t: number) => panel.annotations.filter((a) => Math.abs(Math.max(a.time, first) - t) <= step / 2);
  return (
    <div>
      {/* The point is read from where the click or tap landed on the plot, not from the tooltip's hover state:
          a tap on a phone is a click with no hover before it. */}
      <div
        className="h-56 cursor-crosshair"
        data-chart={panel.id}
        onClick={(e) => {
          const t = pointAt(e.currentTarget, e.clientX, rows);
          if (t !== null) setPicked(t);
        }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={tick}
              tick={{ fontSize: 11 }}
              minTickGap={40}
            />
            <YAxis
              tickFormatter={fmt}
              tick={{ fontSize: 11 }}
              width={72}
              domain={panel.thresholds?.direction === "below" ? ["auto", "auto"] : [0, "auto"]}
            />
            <Tooltip
              labelFormatter={(t) => (
                <>
                  {formatTime(new Date(Number(t)).toISOString(), mode)}
                  {near(Number(t)).map((a) => (
                    <span key={a.change_id} className="mt-0.5 block max-w-64 text-indigo-700 whitespace-normal">
                      ▲ {a.kind} {a.service}: {a.summary} — {a.actor}, {a.status.replace("_", " ")}
                    </span>
                  ))}
                </>
              )}
              formatter={(v, name) => [fmt(v), String(name)]}
              contentStyle={{ fontSize: 12 }}
            />
            {names.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {panel.thresholds && (
              <>
                <ReferenceLine
                  y={panel.thresholds.warn}
                  stroke="#f59e0b"
                  strokeDasharray="4 4"
                  ifOverflow="hidden"
                  label={{ value: "warn", fontSize: 10, fill: "#f59e0b", position: "insideTopRight" }}
                />
                <ReferenceLine
                  y={panel.thresholds.critical}
                  stroke="#ef4444"
                  strokeDasharray="4 4"
                  ifOverflow="hidden"
                  label={{ value: "critical", fontSize: 10, fill: "#ef4444", position: "insideBottomRight" }}
                />
              </>
            )}
            {panel.annotations.map((a) => (
              <ReferenceLine
                key={a.change_id}
                x={Math.max(a.time, first)}
                stroke={a.freeze_violation || a.status === "failed" ? "#dc2626" : "#6366f1"}
                strokeDasharray="3 3"
                ifOverflow="hidden"
                label={(props: { viewBox?: { x?: number; y?: number } }) => (
                  <ChangeMarker a={a} x={props.viewBox?.x ?? 0} y={props.viewBox?.y ?? 0} onPick={setMarker} />
                )}
              />
            ))}
            {names.map((n, i) => (
              <Line
                key={n}
                dataKey={`s${i}`}
                name={n}
                stroke={PALETTE[i % PALETTE.length]}
                dot={false}
                strokeWidth={1.5}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
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

/** The row time nearest to `clientX` on the chart's plot area (the grid spans it), or null outside it. */
function pointAt(chart: HTMLElement, clientX: number, rows: ChartRow[]): number | null {
  const plot = chart.querySelector(".recharts-cartesian-grid")?.getBoundingClientRect();
  const [head, last] = [rows.at(0), rows.at(-1)];
  if (!plot || plot.width <= 0 || !head || !last || clientX < plot.left || clientX > plot.right) return null;
  const from = head.t;
  const to = last.t;
  const t = from + ((clientX - plot.left) / plot.width) * (to - from);
  let nearest = from;
  for (const r of rows) if (Math.abs(r.t - t) < Math.abs(nearest - t)) nearest = r.t;
  return nearest;
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
