// What the model is made of: series of labelled samples, and what a subsystem builds them on (the
// platform: its noise, its scenarios' effects, and where a series is added). Types only.
import type { ScenarioKind } from "./scenarios";

export type Labels = Record<string, string>;

export interface Series {
  index: number;
  /** Sample name as exposed (e.g. http_request_duration_seconds_bucket). */
  metric: string;
  /** Family for # TYPE lines (e.g. http_request_duration_seconds) and its type. */
  family: string;
  familyType: "counter" | "gauge" | "histogram";
  help: string;
  counter: boolean;
  labels: Labels;
  /** The service that reports it (lib/metrics/signals), which a "metrics-silent" scenario can silence. */
  service: string | null;
  /** Per-second rate (counters) or value (gauges) during UTC minute `m`. */
  at: (m: number) => number;
}

/** The platform as its subsystems build on it. */
export interface SeriesHost {
  noise(key: number, m: number): number;
  effect(kind: ScenarioKind, region: string, m: number, target?: string): number;
  activeSince(kind: ScenarioKind, region: string, m: number, target?: string): number | null;
  add(s: Omit<Series, "index" | "service">): void;
}
