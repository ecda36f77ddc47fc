"use client";

// A status grid panel: one cell per instance (or what the panel names), grouped by region, coloured by
// level or state, with the count of each.
import { useMemo } from "react";
import type { DashboardPanel } from "@/lib/metrics/contract";
import { stateLevelOf, type Level } from "@/lib/metrics/dashboards/types";
import { formatValue, LEVEL_TEXT, levelFor, seriesName } from "./format";

/** Cell colours with their text colour: each pair keeps 4.5:1 contrast. */
const LEVEL_CELL: Record<Level | "no_data", string> = {
  ok: "bg-emerald-700 text-white",
  no_data: "bg-zinc-300 text-zinc-900 dark:bg-zinc-600 dark:text-white",
  warn: "bg-amber-300 text-amber-950",
  critical: "bg-red-700 text-white",
};

function cellLevel(panel: DashboardPanel, labels: Record<string, string>, v: number | null): Level | "no_data" {
  if (panel.grid?.state) return stateLevelOf(labels[panel.grid.state]);
  return levelFor(v, panel.thresholds);
}

export function StatusGrid({ panel }: { panel: DashboardPanel }) {
  const cell = panel.grid?.cell ?? "instance";
  const groups = useMemo(() => {
    const by = new Map<
      string,
      { name: string; labels: Record<string, string>; v: number | null; level: Level | "no_data" }[]
    >();
    for (const s of panel.series) {
      const v = s.points[0]?.[1] ?? null;
      const key = s.labels.region ?? "";
      const list = by.get(key) ?? [];
      list.push({
        name: s.labels[cell] ?? seriesName(s.labels),
        labels: s.labels,
        v,
        level: cellLevel(panel, s.labels, v),
      });
      by.set(key, list);
    }
    for (const list of by.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [panel, cell]);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const s of panel.series) {
      const k = panel.grid?.state
        ? (s.labels[panel.grid.state] ?? "no state")
        : LEVEL_TEXT[cellLevel(panel, s.labels, s.points[0]?.[1] ?? null)];
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
              const state = panel.grid?.state
                ? c.labels[panel.grid.state]
                : (panel.grid?.values?.[String(c.v)] ?? formatValue(c.v, panel.unit));
              const label = `${c.name}: ${state}`;
              return (
                <li
                  key={c.name}
                  title={label}
                  aria-label={label}
                  data-level={c.level}
                  className={
                    small
                      ? `h-3.5 w-3.5 rounded-sm ${LEVEL_CELL[c.level]}`
                      : `rounded px-2 py-1 text-xs font-medium ${LEVEL_CELL[c.level]}`
                  }
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
