// Page or ticket, and pager eligibility, from an alert's labels and annotations. Browser-safe.
import { isOpen, type AlertKind } from "@/lib/vocabulary";

export interface Classification {
  kind: AlertKind;
  pagerEligible: boolean;
  reason: string | null;
}

/**
 * `severity` page/critical pages; anything else is a ticket. A page without a runbook link or a summary
 * — or whose link names one of the console's runbooks that is missing or short of the standard
 * (`runbookProblem`, worked out by the intake) — is downgraded to a ticket and marked not
 * pager-eligible, with the reason, so its owner can fix it.
 */
export function classify(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  runbookProblem: string | null = null,
): Classification {
  const severity = (labels.severity ?? "").toLowerCase();
  if (severity !== "page" && severity !== "critical") return { kind: "ticket", pagerEligible: false, reason: null };
  const missing = [
    !annotations.runbook_url?.trim() && "a runbook_url annotation",
    !annotations.summary?.trim() && "a summary annotation",
  ].filter(Boolean);
  if (missing.length)
    return { kind: "ticket", pagerEligible: false, reason: `a page needs ${missing.join(" and ")}; sent as a ticket` };
  // No runbook, no pager — by content: one of the console's runbooks that falls short does not count.
  if (runbookProblem) return { kind: "ticket", pagerEligible: false, reason: `${runbookProblem}; sent as a ticket` };
  return { kind: "page", pagerEligible: true, reason: null };
}

/** The service and region an alert is about: its `service` and `region` labels, or the SLO it burns. */
export function alertScope(
  labels: Record<string, string>,
  sloService: (slo: string) => string | undefined,
): { service: string | null; region: string | null } {
  return {
    service: labels.service ?? (labels.slo ? (sloService(labels.slo) ?? null) : null),
    region: labels.region ?? null,
  };
}

/**
 * The open incidents an alert most likely belongs to, best first: one that names the alert's service
 * and region, then one that names either (and does not name another), never one that matches on nothing
 * but naming nothing itself.
 */
export function matchingIncidents<I extends { status: string; services: string[]; regions: string[] }>(
  scope: { service: string | null; region: string | null },
  incidents: I[],
): I[] {
  const score = (i: I): number => {
    if (!isOpen(i.status)) return 0;
    const svc = scope.service && i.services.includes(scope.service) ? 2 : scope.service && i.services.length ? -10 : 0;
    const reg = scope.region && i.regions.includes(scope.region) ? 1 : scope.region && i.regions.length ? -10 : 0;
    return svc + reg;
  };
  return incidents
    .map((i) => [i, score(i)] as const)
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([i]) => i);
}

/** How an alert that fires again is treated: a flap (soon after it resolved), and whether it flaps too often to page. */
export function refire(o: {
  flaps: readonly string[];
  resolvedAt: Date | null;
  now: Date;
  flapMinutes: number;
  flapLimit: number;
}): { flap: boolean; flaps: string[]; tooOften: boolean } {
  const hourAgo = o.now.getTime() - 3_600_000;
  const recent = o.flaps.filter((t) => Date.parse(t) > hourAgo);
  const flap = o.resolvedAt !== null && o.now.getTime() - o.resolvedAt.getTime() <= o.flapMinutes * 60_000;
  if (flap) recent.push(o.now.toISOString());
  return { flap, flaps: recent, tooOften: recent.length > o.flapLimit };
}

/** Flaps within the last hour. */
export const recentFlaps = (flaps: readonly string[], now = Date.now()) =>
  flaps.filter((t) => Date.parse(t) > now - 3_600_000).length;

/** The name of the dead man's switch: an alert that always fires, proving the pipeline delivers. */
export const WATCHDOG = "Watchdog";

/** The alert list's page size, in the console and for the page it is served with. */
export const ALERT_PAGE = 200;

/** What the alert list shows: its filters as the URL gives them (`state` open by default, "all" for none). */
export interface AlertFilters {
  state?: string;
  kind?: string;
  name?: string;
  /** The alerts attached to this incident. */
  incident?: string;
}

/** The alert list's filters from its URL, the same in the browser and for the page the server sends. */
export function alertFilters(params: { get(key: string): string | null }): AlertFilters {
  const state = params.get("state") ?? "open";
  return {
    state: state === "all" ? undefined : state,
    kind: params.get("kind") || undefined,
    name: params.get("name") || undefined,
  };
}
