// Where an investigation goes from a burning SLO, a panel, a point on a chart or an incident: the
// platform logs of the services it is about, in its regions, over its window (warnings and worse unless
// said otherwise), and the changes to those services in the same window. Browser-safe: the server puts
// these on SLOs; charts and the incident page build them for a point or an impact start.

import { type LogLevel, INVESTIGATION_MARGIN_MS } from "@/lib/vocabulary";
/** A burn's changes are looked for from this long before its window: what caused it came first. */
export const CHANGE_LEAD_MS = 60 * 60_000;

export interface InvestigationScope {
  services: readonly string[];
  regions?: readonly string[];
  from: number;
  to: number;
}

const iso = (t: number) => new Date(t).toISOString();
/** One region as a scope's list: none means every region. */
export const regionList = (region: string | null | undefined): string[] => (region ? [region] : []);

/** A point in time looked at with `margin` either side — but never past `now`: a window does not end in the future. */
export const aroundPoint = (t: number, margin = INVESTIGATION_MARGIN_MS, now = Date.now()) => ({
  from: t - margin,
  to: Math.max(Math.min(t + margin, now), t),
});

/** The platform's log lines of these services in these regions over the window, at `level` and worse. */
export function platformLogsHref(s: InvestigationScope, level: LogLevel = "warn"): string {
  const p = new URLSearchParams();
  for (const c of s.services) p.append("component", c);
  for (const r of s.regions ?? []) p.append("region", r);
  p.set("level", level);
  p.set("start", iso(s.from));
  p.set("end", iso(s.to));
  return `/platform/logs?${p}`;
}

/** The changes to these services that touched these regions in the window. */
export function changesHref(s: InvestigationScope): string {
  const p = new URLSearchParams();
  for (const c of s.services) p.append("service", c);
  for (const r of s.regions ?? []) p.append("region", r);
  p.set("from", iso(s.from));
  p.set("to", iso(s.to));
  return `/changes?${p}`;
}

/** The declare form, filled in: what degraded, its services and regions, and when impact began. */
export function declareHref(s: InvestigationScope & { title: string }): string {
  const p = new URLSearchParams({ declare: "1", title: s.title });
  if (s.services.length) p.set("services", s.services.join(","));
  if (s.regions?.length) p.set("regions", s.regions.join(","));
  p.set("impact_from", iso(s.from));
  p.set("impact_to", iso(s.to));
  return `/incidents?${p}`;
}
