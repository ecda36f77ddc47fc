// How dashboard values read: units, levels and series names.
import { levelOf, type Level, type Thresholds, type Unit } from "@/lib/metrics/dashboards/types";
import type { DataState } from "@/lib/metrics/contract";

export type { Unit };

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatDuration(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return "0 s";
  if (a < 0.001) return `${trim(s * 1e6, 0)} µs`;
  if (a < 1) return `${trim(s * 1000, a < 0.01 ? 2 : 0)} ms`;
  if (a < 120) return `${trim(s, 2)} s`;
  if (a < 7200) return `${trim(s / 60, 1)} min`;
  if (a < 172_800) return `${trim(s / 3600, 1)} h`;
  return `${trim(s / 86400, 1)} d`;
}

export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  switch (unit) {
    case "percent": {
      const p = v * 100;
      // 99.95 % and 0.032 % both keep the digits that matter.
      if (p >= 99) return `${trim(p, 3)} %`;
      if (Math.abs(p) < 1) return `${trim(p, 3)} %`;
      return `${trim(p, 2)} %`;
    }
    case "seconds":
      return formatDuration(v);
    case "per_second":
      return `${v >= 100 ? Math.round(v).toLocaleString("en") : trim(v, v >= 1 ? 1 : 4)}/s`;
    case "count":
      return Math.round(v).toLocaleString("en");
  }
}

export function seriesName(labels: Record<string, string>): string {
  const v = Object.values(labels);
  return v.length ? v.join(" · ") : "all";
}

/** How a state reads: "no data" is grey and says so — never OK — and a failing source is its own state. */
export const LEVEL_TONE: Record<DataState, "good" | "warn" | "bad" | "neutral"> = {
  ok: "good",
  warn: "warn",
  critical: "bad",
  no_data: "neutral",
  error: "bad",
};
export const LEVEL_TEXT: Record<DataState, string> = {
  ok: "OK",
  warn: "Warning",
  critical: "Critical",
  no_data: "No data",
  error: "Source error",
};

export function levelFor(v: number | null, t: Thresholds | null | undefined): Level | "no_data" {
  return levelOf(v, t ?? undefined);
}

export const PALETTE = [
  "#6366f1",
  "#f59e0b",
  "#10b981",
  "#ef4444",
  "#06b6d4",
  "#a855f7",
  "#84cc16",
  "#ec4899",
  "#64748b",
  "#f97316",
];
