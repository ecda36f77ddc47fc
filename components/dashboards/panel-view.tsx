"use client";

// One dashboard panel: a time series chart with units, legend and threshold lines; a stat; a status grid;
// or a table — each with its own loading, error and empty state, and its runbook link.
import Link from "next/link";
import { useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Annotation, DashboardPanel } from "@/lib/metrics/contract";
import { aroundPoint, changesHref, declareHref, platformLogsHref, regionList } from "@/lib/metrics/investigate";
import { stateLevelOf, type Level, type Panel as PanelDef } from "@/lib/metrics/dashboards/types";
import { Badge } from "@/components/ui/badge";
import { formatTime, Time, useTimeMode } from "@/components/ui/time";
import { formatValue, LEVEL_TEXT, LEVEL_TONE, levelFor, PALETTE, seriesName } from "./format";
import { INVESTIGATION_MARGIN_MS, INVESTIGATION_MARGIN_TEXT } from "@/lib/vocabulary";

type Meta = Pick<PanelDef, "id" | "title" | "description" | "unit" | "kind">;

/** Cell colours with their text colour: each pair keeps 4.5:1 contrast. */
const LEVEL_CELL: Record<Level | "no_data", string> = {
  ok: "bg-emerald-700 text-white",
  no_data: "bg-zinc-300 text-zinc-900 dark:bg-zinc-600 dark:text-white",
  warn: "bg-amber-300 text-amber-950",
  critical: "bg-red-700 text-white",
};

const link = "shrink-0 text-xs text-indigo-700 hover:underline dark:text-indigo-400";

export function PanelFrame({
  meta,
  data,
  loading,
  region,
  range,
  children,
}: {
  meta: Meta;
  data?: DashboardPanel;
  loading: boolean;
  region?: string;
  /** The dashboard's range (unix ms): where the panel's Logs and Changes look. */
  range?: { from: number; to: number };
  children?: React.ReactNode;
}) {
  const wide = meta.kind === "status-grid" || meta.kind === "table";
  const scope = data && range ? { services: data.services, regions: regionList(region), ...range } : null;
  return (
    <section
      aria-label={meta.title}
      data-panel={meta.id}
      className={`flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 ${wide ? "lg:col-span-2" : ""}`}
    >
      <header className="mb-2 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-sm font-medium" title={meta.title}>
            {meta.title}
          </h2>
          <p className="text-xs text-muted">{meta.description}</p>
        </div>
        <nav aria-label={`${meta.title}: investigate`} className="flex shrink-0 gap-2">
          {scope && (
            <>
              <Link href={platformLogsHref(scope)} className={link} title={`Warnings and errors of ${data!.services.join(", ")} in this range`}>
                Logs
              </Link>
              <Link href={changesHref(scope)} className={link} title={`Changes to ${data!.services.join(", ")} in this range`}>
                Changes
              </Link>
            </>
          )}
          {data?.runbook_url && (
            <Link href={data.runbook_url} className={link}>
              Runbook
            </Link>
          )}
        </nav>
      </header>
      {loading && !data ? (
        <div role="status" aria-label={`Loading ${meta.title}`} className="h-48 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
      ) : data?.error ? (
        <div role="alert" className="flex h-48 items-center justify-center rounded border border-red-200 bg-red-50 p-3 text-center text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          <span>
            <span className="font-medium">This panel could not load.</span> {data.error}
          </span>
        </div>
      ) : data && data.series.length === 0 ? (
        <div role="status" data-state="no_data" className="flex h-48 items-center justify-center rounded bg-zinc-100 p-3 text-center text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          <span>
            <span className="font-medium">No data</span>
            {region ? ` for ${region}` : ""} <Since iso={data.no_data_since ?? null} />. This is not OK: the service or its exporter may be down.
          </span>
        </div>
      ) : data ? (
        <>
          {(data.no_data_since !== undefined || data.missing_regions) && (
            <p role="status" data-state="no_data" className="mb-2 rounded bg-zinc-100 px-2 py-1 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              <span className="font-medium">No data</span>
              {data.no_data_since !== undefined ? (
                <>
                  {" "}
                  <Since iso={data.no_data_since} />
                </>
              ) : (
                <> from {data.missing_regions?.join(", ")} now</>
              )}
              : not OK — the service or its exporter may be down.
            </p>
          )}
          {children ?? <PanelBody panel={data} region={region} />}
        </>
      ) : null}
    </section>
  );
}

/** "since 14:02", or "for over an hour" when the console saw nothing within it. */
function Since({ iso }: { iso: string | null }) {
  return iso ? (
    <>
      since <Time iso={iso} compact />
    </>
  ) : (
    <>for over an hour</>
  );
}

function PanelBody({ panel, region }: { panel: DashboardPanel; region?: string }) {
  switch (panel.kind) {
    case "timeseries":
      return <TimeSeries panel={panel} region={region} />;
    case "stat":
      return <Stat panel={panel} />;
    case "status-grid":
      return <StatusGrid panel={panel} />;
    case "table":
      return <Table panel={panel} />;
  }
}

function Stat({ panel }: { panel: DashboardPanel }) {
  const v = panel.series[0]?.points[0]?.[1] ?? null;
  const level = levelFor(v, panel.thresholds);
  const color = { ok: "text-zinc-900 dark:text-zinc-100", no_data: "text-zinc-500 dark:text-zinc-400", warn: "text-amber-600 dark:text-amber-400", critical: "text-red-600 dark:text-red-400" }[level];
  return (
    <div className="flex h-48 flex-col items-center justify-center gap-2">
      <span className={`text-5xl font-semibold tabular-nums ${color}`} data-testid="stat-value">
        {formatValue(v, panel.unit)}
      </span>
      {level !== "ok" && <Badge tone={LEVEL_TONE[level]}>{LEVEL_TEXT[level]}</Badge>}
    </div>
  );
}

function cellLevel(panel: DashboardPanel, labels: Record<string, string>, v: number | null): Level | "no_data" {
  if (panel.grid?.state) return stateLevelOf(labels[panel.grid.state]);
  return levelFor(v, panel.thresholds);
}

function StatusGrid({ panel }: { panel: DashboardPanel }) {
  const cell = panel.grid?.cell ?? "instance";
  const groups = useMemo(() => {
    const by = new Map<string, { name: string; labels: Record<string, string>; v: number | null; level: Level | "no_data" }[]>();
    for (const s of panel.series) {
      const v = s.points[0]?.[1] ?? null;
      const key = s.labels.region ?? "";
      const list = by.get(key) ?? [];
      list.push({ name: s.labels[cell] ?? seriesName(s.labels), labels: s.labels, v, level: cellLevel(panel, s.labels, v) });
      by.set(key, list);
    }
    for (const list of by.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [panel, cell]);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const s of panel.series) {
      const k = panel.grid?.state ? (s.labels[panel.grid.state] ?? "no state") : LEVEL_TEXT[cellLevel(panel, s.labels, s.points[0]?.[1] ?? null)];
      c[k] = (c[k] ?? 0) + 1;
    }
    return c;
  }, [panel]);
  const small = panel.series.length > 40;
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {Object.entries(counts).map(([k, n]) => (
          <span key={k}>
            {k}: <span className="font-medium tabular-nums">{n}</span>
          </span>
        ))}
      </p>
      {groups.map(([region, cells]) => (
        <div key={region}>
          {region && <h3 className="mb-1 text-xs font-medium text-muted">{region}</h3>}
          <ul className="flex flex-wrap gap-1" aria-label={`${panel.title} ${region}`}>
            {cells.map((c) => {
              const state = panel.grid?.state ? c.labels[panel.grid.state] : (panel.grid?.values?.[String(c.v)] ?? formatValue(c.v, panel.unit));
              const label = `${c.name}: ${state}`;
              return (
                <li
                  key={c.name}
                  title={label}
                  aria-label={label}
                  data-level={c.level}
                  className={small ? `h-3.5 w-3.5 rounded-sm ${LEVEL_CELL[c.level]}` : `rounded px-2 py-1 text-xs font-medium ${LEVEL_CELL[c.level]}`}
                >
                  {small ? null : `${c.name} · ${state}`}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Table({ panel }: { panel: DashboardPanel }) {
  const [all, setAll] = useState(false);
  const rows = useMemo(() => {
    const list = panel.series.map((s) => ({ labels: s.labels, v: s.points[0]?.[1] ?? null }));
    const dir = panel.thresholds?.direction === "below" ? 1 : -1;
    return list.sort((a, b) => dir * ((a.v ?? 0) - (b.v ?? 0)));
  }, [panel]);
  const keys = Object.keys(rows[0]?.labels ?? {});
  const shown = all ? rows : rows.slice(0, 12);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-muted">
          <tr>
            {keys.map((k) => (
              <th key={k} className="py-1 pr-3 font-medium">
                {k}
              </th>
            ))}
            <th className="py-1 pr-3 text-right font-medium">value</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const level = levelFor(r.v, panel.thresholds);
            return (
              <tr key={JSON.stringify(r.labels)} className="border-t border-zinc-100 dark:border-zinc-800">
                {keys.map((k) => (
                  <td key={k} className="max-w-64 truncate py-1 pr-3 font-mono text-xs" title={r.labels[k]}>
                    {r.labels[k]}
                  </td>
                ))}
                <td className="py-1 pr-3 text-right tabular-nums">
                  {level !== "ok" && (
                    <span className="mr-2">
                      <Badge tone={LEVEL_TONE[level]}>{LEVEL_TEXT[level]}</Badge>
                    </span>
                  )}
                  {formatValue(r.v, panel.unit)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > 12 && (
        <button type="button" className="mt-2 text-xs text-indigo-700 hover:underline dark:text-indigo-400" onClick={() => setAll(!all)}>
          {all ? "Show the worst 12" : `Show all ${rows.length}`}
        </button>
      )}
    </div>
  );
}

function TimeSeries({ panel, region }: { panel: DashboardPanel; region?: string }) {
  const { mode } = useTimeMode();
  const [picked, setPicked] = useState<number | null>(null);
  const { rows, names } = useMemo(() => {
    const byT = new Map<number, Record<string, number | null>>();
    const names = panel.series.map((s) => seriesName(s.labels));
    panel.series.forEach((s, i) => {
      for (const [t, v] of s.points) {
        const row = byT.get(t) ?? { t };
        row[`s${i}`] = v;
        byT.set(t, row);
      }
    });
    return { rows: [...byT.values()].sort((a, b) => (a.t as number) - (b.t as number)), names };
  }, [panel]);
  const fmt = (v: unknown) => formatValue(typeof v === "number" ? v : null, panel.unit);
  const tick = (t: number) => formatTime(new Date(t).toISOString(), mode, true).slice(5);
  const pickedRegion = picked === null ? region : (region ?? worstRegionAt(panel, picked));
  const [marker, setMarker] = useState<Annotation | null>(null);
  const step = rows.length > 1 ? (rows[1]!.t as number) - (rows[0]!.t as number) : 60_000;
  const first = (rows[0]?.t as number | undefined) ?? 0;
  /** The changes that started within half a step of a point: named in the tooltip at that point. */
  const near = (t: number) => panel.annotations.filter((a) => Math.abs(Math.max(a.time, first) - t) <= step / 2);
  return (
    <div>
      {/* The point is read from where the click or tap landed on the plot, not from the tooltip's hover state:
          a tap on a phone is a click with no hover before it. */}
      <div className="h-56 cursor-crosshair" data-chart={panel.id} onClick={(e) => {
        const t = pointAt(e.currentTarget, e.clientX, rows);
        if (t !== null) setPicked(t);
      }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-zinc-200 dark:stroke-zinc-800" />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 11 }} minTickGap={40} />
            <YAxis tickFormatter={fmt} tick={{ fontSize: 11 }} width={72} domain={panel.thresholds?.direction === "below" ? ["auto", "auto"] : [0, "auto"]} />
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
                <ReferenceLine y={panel.thresholds.warn} stroke="#f59e0b" strokeDasharray="4 4" ifOverflow="hidden" label={{ value: "warn", fontSize: 10, fill: "#f59e0b", position: "insideTopRight" }} />
                <ReferenceLine y={panel.thresholds.critical} stroke="#ef4444" strokeDasharray="4 4" ifOverflow="hidden" label={{ value: "critical", fontSize: 10, fill: "#ef4444", position: "insideBottomRight" }} />
              </>
            )}
            {panel.annotations.map((a) => (
              <ReferenceLine
                key={a.change_id}
                x={Math.max(a.time, first)}
                stroke={a.freeze_violation || a.status === "failed" ? "#dc2626" : "#6366f1"}
                strokeDasharray="3 3"
                ifOverflow="hidden"
                label={(props: { viewBox?: { x?: number; y?: number } }) => <ChangeMarker a={a} x={props.viewBox?.x ?? 0} y={props.viewBox?.y ?? 0} onPick={setMarker} />}
              />
            ))}
            {names.map((n, i) => (
              <Line key={n} dataKey={`s${i}`} name={n} stroke={PALETTE[i % PALETTE.length]} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {marker && (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="change-marker">
          <span className="text-indigo-700 dark:text-indigo-300">▲</span>
          <span>
            <Time iso={new Date(marker.time).toISOString()} /> {marker.kind} {marker.service}
            {marker.regions.length ? ` (${marker.regions.join(", ")})` : ""}: <span className="text-zinc-900 dark:text-zinc-100">{marker.summary}</span> — {marker.actor}, {marker.status.replace("_", " ")}
            {marker.freeze_violation ? ", during a deploy freeze" : ""}
          </span>
          {marker.url && (
            <a className="text-indigo-700 hover:underline dark:text-indigo-400" href={marker.url} target="_blank" rel="noreferrer">
              run / diff
            </a>
          )}
          <button type="button" className="hover:underline" onClick={() => setMarker(null)}>
            Dismiss
          </button>
        </p>
      )}
      {picked !== null && (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span>At {formatTime(new Date(picked).toISOString(), mode)}:</span>
          <Link className="font-medium text-indigo-700 hover:underline dark:text-indigo-400" href={platformLogsHref({ services: panel.services, regions: regionList(pickedRegion), ...aroundPoint(picked) })}>
            Logs {INVESTIGATION_MARGIN_TEXT}
          </Link>
          <Link className="font-medium text-indigo-700 hover:underline dark:text-indigo-400" href={changesHref({ services: panel.services, regions: regionList(pickedRegion), ...aroundPoint(picked) })}>
            Changes {INVESTIGATION_MARGIN_TEXT}
          </Link>
          <Link
            className="font-medium text-red-700 hover:underline dark:text-red-400"
            href={declareHref({ title: `${panel.title} degraded${pickedRegion ? ` in ${pickedRegion}` : ""}`, services: panel.services, regions: regionList(pickedRegion), from: picked, to: picked + INVESTIGATION_MARGIN_MS })}
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
function pointAt(chart: HTMLElement, clientX: number, rows: Record<string, number | null>[]): number | null {
  const plot = chart.querySelector(".recharts-cartesian-grid")?.getBoundingClientRect();
  if (!plot || plot.width <= 0 || rows.length === 0 || clientX < plot.left || clientX > plot.right) return null;
  const from = rows[0]!.t as number;
  const to = rows[rows.length - 1]!.t as number;
  const t = from + ((clientX - plot.left) / plot.width) * (to - from);
  let nearest = from;
  for (const r of rows) if (Math.abs((r.t as number) - t) < Math.abs(nearest - t)) nearest = r.t as number;
  return nearest;
}

/** In an all-regions chart, the region whose series is worst at `t` (highest, or lowest when lower is worse). */
function worstRegionAt(panel: DashboardPanel, t: number): string | undefined {
  const below = panel.thresholds?.direction === "below";
  let best: { region: string; v: number } | undefined;
  for (const s of panel.series) {
    const region = s.labels.region;
    const v = s.points.reduce<[number, number | null] | undefined>((near, p) => (!near || Math.abs(p[0] - t) < Math.abs(near[0] - t) ? p : near), undefined)?.[1];
    if (!region || v === null || v === undefined) continue;
    if (!best || (below ? v < best.v : v > best.v)) best = { region, v };
  }
  return best?.region;
}

/** A change on a chart: a small flag at the top of its line, named on hover, its details on click. */
function ChangeMarker({ a, x, y, onPick }: { a: Annotation; x: number; y: number; onPick: (a: Annotation) => void }) {
  const bad = a.freeze_violation || a.status === "failed";
  return (
    <g transform={`translate(${x},${y})`} onClick={(e) => (e.stopPropagation(), onPick(a))} className="cursor-pointer" data-change-marker={a.change_id}>
      <title>{`${a.kind} ${a.service}: ${a.summary} — ${a.actor}, ${a.status.replace("_", " ")}`}</title>
      <path d="M-6,0 L6,0 L0,8 Z" fill={bad ? "#dc2626" : "#6366f1"} />
    </g>
  );
}
