"use client";

// A time series drawn as plain SVG: each series downsampled to the plot's pixel columns, a grid, axes,
// threshold lines, change markers and a hover readout. Cheap enough for a phone's CPU: a few paths per chart,
// and hovering redraws only the readout.
import { memo, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Annotation } from "@/lib/metrics/contract";
import { downsample, nearestIndex, timeTicks, valueAxis, type Point } from "@/lib/metrics/chart";
import { ChangeMarker } from "./change-marker";

export type ChartSeries = { name: string; color: string; points: readonly Point[] };

const HEIGHT = 224;
const M = { top: 10, right: 8, bottom: 20, left: 68 };
const axisText = "fill-zinc-600 dark:fill-zinc-400";
const grid = "stroke-zinc-200 dark:stroke-zinc-800";

type Props = {
  label: string;
  series: ChartSeries[];
  /** Every time that has a value, sorted: what the readout and a click snap to. */
  times: number[];
  zero: boolean;
  thresholds?: { warn: number; critical: number };
  annotations: Annotation[];
  formatValue: (v: number | null) => string;
  formatTick: (t: number) => string;
  /** The readout's heading at a time: the time and the changes near it. */
  readout: (t: number) => React.ReactNode;
  onPick: (t: number) => void;
  onMarker: (a: Annotation) => void;
};

export function LineChart(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const { times } = props;
  const at = (clientX: number): number | null => {
    const r = box.current?.getBoundingClientRect();
    const [from, to] = [times.at(0), times.at(-1)];
    if (!r || from === undefined || to === undefined) return null;
    const x = clientX - r.left - M.left;
    const w = r.width - M.left - M.right;
    if (x < 0 || x > w || w <= 0) return null;
    return times[nearestIndex(times, from + (x / w) * (to - from))] ?? null;
  };
  return (
    <div
      ref={box}
      className="relative h-56 cursor-crosshair"
      data-chart-plot
      onClick={(e) => {
        const t = at(e.clientX);
        if (t !== null) props.onPick(t);
      }}
      onPointerMove={(e) => e.pointerType === "mouse" && setHover(at(e.clientX))}
      onPointerLeave={() => setHover(null)}
    >
      {width > 0 && <Plot {...drawn(props)} width={width} />}
      {hover !== null && width > 0 && <Readout {...props} width={width} t={hover} />}
    </div>
  );
}

const x0 = (width: number, from: number, to: number) => (t: number) =>
  M.left + (to > from ? ((t - from) / (to - from)) * (width - M.left - M.right) : 0);

/** What the drawing is drawn from: the readout and a pick are not, so a new readout does not redraw it. */
type Drawn = Omit<Props, "readout" | "onPick">;
const drawn = ({ readout: _readout, onPick: _onPick, ...rest }: Props): Drawn => rest;

/** The drawing, memoised: hovering, picking a point or opening a marker does not redraw it. */
const Plot = memo(function Plot({
  label,
  series,
  times,
  zero,
  thresholds,
  annotations,
  formatValue,
  formatTick,
  onMarker,
  width,
}: Drawn & { width: number }) {
  const from = times.at(0) ?? 0;
  const to = times.at(-1) ?? 0;
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const { lines, axis } = useMemo(() => {
    const lines = series.map((s) => downsample(s.points, from, to, plotW));
    let lo = Infinity;
    let hi = -Infinity;
    for (const l of lines)
      for (const [, v] of l)
        if (v !== null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
    return { lines, axis: valueAxis(lo, hi, zero) };
  }, [series, from, to, plotW, zero]);
  const x = x0(width, from, to);
  const [d0, d1] = axis.domain;
  const y = (v: number) => M.top + (1 - (v - d0) / (d1 - d0 || 1)) * plotH;
  const inside = (v: number) => v >= d0 && v <= d1;
  return (
    <svg width={width} height={HEIGHT} role="img" aria-label={label} className="block overflow-visible">
      {axis.ticks.map((v) => (
        <g key={v}>
          <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} className={grid} strokeDasharray="3 3" />
          <text x={M.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize={11} className={axisText}>
            {formatValue(v)}
          </text>
        </g>
      ))}
      {timeTicks(from, to, plotW).map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={M.top} y2={M.top + plotH} className={grid} strokeDasharray="3 3" />
          <text x={x(t)} y={HEIGHT - 4} textAnchor="middle" fontSize={11} className={axisText}>
            {formatTick(t)}
          </text>
        </g>
      ))}
      {thresholds &&
        (
          [
            ["warn", thresholds.warn, "#f59e0b", -4],
            ["critical", thresholds.critical, "#ef4444", 11],
          ] as const
        ).map(
          ([name, v, color, dy]) =>
            inside(v) && (
              <g key={name}>
                <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} stroke={color} strokeDasharray="4 4" />
                <text x={width - M.right - 4} y={y(v) + dy} textAnchor="end" fontSize={10} fill={color}>
                  {name}
                </text>
              </g>
            ),
        )}
      {lines.map((l, i) => (
        <path
          key={series[i]!.name}
          className="chart-line"
          data-series={series[i]!.name}
          d={path(l, x, y)}
          fill="none"
          stroke={series[i]!.color}
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      ))}
      {annotations.map((a) => {
        const ax = x(Math.max(a.time, from));
        if (a.time > to) return null;
        const bad = a.freeze_violation || a.status === "failed";
        return (
          <g key={a.change_id}>
            <line
              x1={ax}
              x2={ax}
              y1={M.top}
              y2={M.top + plotH}
              stroke={bad ? "#dc2626" : "#6366f1"}
              strokeDasharray="3 3"
            />
            <ChangeMarker a={a} x={ax} y={M.top - 8} onPick={onMarker} />
          </g>
        );
      })}
    </svg>
  );
});

/** An SVG path through the points; a null lifts the pen. */
function path(points: readonly Point[], x: (t: number) => number, y: (v: number) => number): string {
  let d = "";
  let pen = false;
  for (const [t, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The values of every series at `t`, beside a vertical line. */
function Readout({ series, times, formatValue, readout, width, t }: Props & { width: number; t: number }) {
  const x = x0(width, times.at(0) ?? 0, times.at(-1) ?? 0)(t);
  const left = x > width / 2;
  return (
    <>
      <div
        className="pointer-events-none absolute w-px bg-zinc-400"
        style={{ left: x, top: M.top, bottom: M.bottom }}
      />
      <div
        className="pointer-events-none absolute top-2 z-10 max-w-72 rounded border border-zinc-200 bg-white px-2 py-1 text-xs shadow dark:border-zinc-700 dark:bg-zinc-900"
        style={left ? { right: width - x + 8 } : { left: x + 8 }}
      >
        <div className="whitespace-nowrap">{readout(t)}</div>
        {series.map((s) => (
          <div key={s.name} className="flex justify-between gap-3 whitespace-nowrap">
            <span style={{ color: s.color }}>{s.name}</span>
            <span className="tabular-nums">{formatValue(valueAt(s.points, t))}</span>
          </div>
        ))}
      </div>
    </>
  );
}

function valueAt(points: readonly Point[], t: number): number | null {
  const i = nearestIndex(
    points.map((p) => p[0]),
    t,
  );
  const p = points[i];
  return p && p[0] === t ? p[1] : null;
}
