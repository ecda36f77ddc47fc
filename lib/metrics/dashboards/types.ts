// Dashboards as data: panels with one typed query each (./../query), units, thresholds and runbooks.
// Browser-safe.
import type { Matchers, Query, Selector } from "../query";
import type { Service } from "../services";

export type Unit = "percent" | "seconds" | "per_second" | "count";
export type PanelKind = "timeseries" | "stat" | "status-grid" | "table";

/** "above": a value over warn is a warning, over critical is critical; "below" the other way round. */
export interface Thresholds {
  warn: number;
  critical: number;
  direction: "above" | "below";
}

export interface Panel {
  id: string;
  title: string;
  description: string;
  unit: Unit;
  kind: PanelKind;
  query: Query;
  thresholds?: Thresholds;
  /** Slug of the runbook for the alert this panel backs (/runbooks/{slug}). */
  runbook?: string;
  /**
   * Status grids: the label naming a cell, the label carrying its state (else the value and thresholds),
   * and words for values (1 → "up").
   */
  grid?: { cell: string; state?: string; values?: Record<string, string> };
  /** The services this panel is about, when not the dashboard's. */
  services?: Service[];
  /** Where in the console the question this panel raises is answered (the consumers' cursors, for lag). */
  more?: { href: string; label: string; title: string };
}

export interface Dashboard {
  slug: string;
  title: string;
  description: string;
  /** The services the dashboard is about: where its Logs and Changes links look, which changes mark its charts. */
  services: Service[];
  panels: Panel[];
}

/** The services a panel is about: its own, else its dashboard's. */
export const panelServices = (d: Dashboard, p: Panel): Service[] => p.services ?? d.services;

export const sel = (metric: string, match?: Matchers): Selector => ({ metric, match });

export type Level = "ok" | "warn" | "critical";

/** A value's level against its thresholds: a value that is not there (null, NaN) is no data, never ok. */
export function levelOf(value: number | null, t: Thresholds | undefined): Level | "no_data" {
  if (value === null || Number.isNaN(value)) return "no_data";
  if (!t) return "ok";
  if (t.direction === "above") return value > t.critical ? "critical" : value > t.warn ? "warn" : "ok";
  return value < t.critical ? "critical" : value < t.warn ? "warn" : "ok";
}

/** Grid cells whose state label reads as trouble. */
export const STATE_LEVEL: Record<string, Level> = {
  ready: "ok",
  cordoned: "warn",
  draining: "warn",
  drained: "warn",
  down: "critical",
};

/** A grid cell's level from its state label: a state the console does not know (or none) is no data, never ok. */
export const stateLevelOf = (state: string | undefined): Level | "no_data" =>
  state !== undefined && Object.hasOwn(STATE_LEVEL, state) ? STATE_LEVEL[state]! : "no_data";
