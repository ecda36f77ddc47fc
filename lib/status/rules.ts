// What customers are told, as plain functions: the public state an incident implies (by measured impact,
// else by severity), when a change moves it, and when a change must come with a customer update. Browser-safe.
import { isMajor, type Severity, type Status } from "@/lib/vocabulary";

/** Public states, from best to worst. */
export const PUBLIC_STATES = ["operational", "monitoring", "degraded", "partial_outage", "major_outage"] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

export const PUBLIC_STATE_LABEL: Record<PublicState, string> = {
  major_outage: "Major outage",
  partial_outage: "Partial outage",
  degraded: "Degraded performance",
  monitoring: "Recovering — monitoring",
  operational: "Operational",
};

/** The worst of some states (operational when there are none). */
export const worstState = (states: PublicState[]): PublicState =>
  states.reduce<PublicState>((a, b) => (PUBLIC_STATES.indexOf(b) > PUBLIC_STATES.indexOf(a) ? b : a), "operational");

/** Below this success rate (percent) most of what customers do fails: a major outage. */
export const MAJOR_BELOW = 50;
/** Below this, a noticeable share fails outright: a partial outage; at or above it, things are slow or flaky. */
export const PARTIAL_BELOW = 95;

/**
 * What customers see of an open incident: what they measurably suffer when it was measured (the success
 * rate of what they do, in percent) — 96.8 % is degraded performance, 80 % a partial outage, 30 % a major
 * outage — and otherwise what its severity implies (SEV0 major, SEV1 partial, SEV2/SEV3 degraded).
 * A mitigated incident is being monitored; a resolved one leaves the service operational.
 */
export function publicState(i: { severity: Severity; status: Status; successRate?: number | null }): PublicState {
  if (i.status === "resolved") return "operational";
  if (i.status === "mitigated") return "monitoring";
  const rate = i.successRate;
  if (typeof rate === "number" && Number.isFinite(rate)) {
    if (rate < MAJOR_BELOW) return "major_outage";
    return rate < PARTIAL_BELOW ? "partial_outage" : "degraded";
  }
  if (i.severity === "sev0") return "major_outage";
  return isMajor(i.severity) ? "partial_outage" : "degraded";
}

type Facts = { severity: Severity; status: Status };

/**
 * Whether a change from `before` to `after` must come with a customer update: only when customers were told
 * about the incident (it is published) and the change moves what /status shows for it. An incident never
 * published changes (and resolves) without one: there is nothing to take back.
 */
export function customerUpdateNeeded(
  published: boolean,
  before: Facts,
  after: Facts,
  /** The rate customers were last told (what /status shows now). */
  told: number | null = null,
  /** The rate the change tells them, if it tells one. */
  next: number | null = told,
): { from: PublicState; to: PublicState } | null {
  if (!published) return null;
  const from = publicState({ ...before, successRate: told });
  const to = publicState({ ...after, successRate: next });
  return from === to ? null : { from, to };
}

/** A measured success rate as a customer update carries it: a percent from 0 to 100, else nothing. */
export function successRateOf(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 100 ? v : null;
}

/** When customers are told the impact began: when it began, not when the incident was declared. */
export const publicStart = (i: { impactStartedAt: Date | null; declaredAt: Date }) =>
  (i.impactStartedAt ?? i.declaredAt).toISOString();

/** A time as /status and its feed print it: the minute, in UTC, saying so. */
export function publicTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}
