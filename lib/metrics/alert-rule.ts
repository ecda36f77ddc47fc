// The shape of an alert rule as code: its condition over the dashboards' typed queries and panel lines,
// and what the page tells whoever it reaches. Browser-safe.
import type { AlertSeverity } from "@/lib/vocabulary";
import type { Query } from "./query";
import type { Service } from "./services";
import type { Level } from "./dashboards/types";

export type Condition =
  /** A panel's query over its `level` line; `by` narrows the alert's labels (e.g. one alert per region, not per host). */
  | { kind: "panel"; panel: string; level: Exclude<Level, "ok">; by?: string[] }
  /** A query below `fraction` of itself `offsetS` ago (traffic against the same hour last week). */
  | { kind: "drop"; query: Query; fraction: number; offsetS: number }
  /** The service's key metric had samples in a region within the last hour and has none in the last `gapS`. */
  | { kind: "silent"; service: Service; gapS: number }
  /** A scrape target Prometheus cannot reach (`up == 0`). */
  | { kind: "target-down" }
  /** An SLO's error budget left (the recording rule) at or under `remaining` (1 = untouched). */
  | { kind: "budget"; atMost: number; below?: boolean }
  /** Always true: the dead man's switch. */
  | { kind: "always" };

export interface AlertRuleDef {
  /** The alertname. */
  name: string;
  severity: AlertSeverity;
  service: Service;
  /** How long the condition must hold before the alert fires. */
  forS: number;
  when: Condition;
  /** One line, may use {{ $labels.region }}. */
  summary: string;
  /** What users notice. */
  impact: string;
  /** What is affected, and how to tell how much. */
  scope: string;
  firstSteps: string[];
  /** docs/runbooks/{slug}.md */
  runbook: string;
  /** The dashboard to open (and the panel, when the rule is one). */
  dashboard: string;
}

/** A minute, in the seconds rules count in. */
export const MIN = 60;
