// Escalation as plain functions: every open alert's severity (P0–P3) picks a policy (acknowledge within,
// escalate after); step 0 notifies the owning rotation's primary when it fires, and each `escalate_after`
// without an acknowledgement notifies the next step — secondary, tertiary, the engineering manager, and for a
// critical alert on a SEV0 the executive. A ticket has the same owner and clock; it never wakes anyone.
// Browser-safe.

import { SEVERITY_PRIORITY, STEPS, type AlertSeverity, type Step } from "@/lib/vocabulary";
import type { Policy } from "@/lib/playbook";

const PRIORITIES: Record<string, AlertSeverity> = { P0: "critical", P1: "high", P2: "medium", P3: "low" };

/**
 * An alert's severity, as the playbook names them: its `priority` label (P0–P3) when it has one, else its
 * `severity` label the way Alertmanager rules spell it — page/critical, error/high, warning, info/low. An alert
 * that says nothing is low: it still has an owner and a clock, and never wakes anyone.
 */
export function alertSeverity(labels: Record<string, string>): AlertSeverity {
  const p = PRIORITIES[(labels.priority ?? "").trim().toUpperCase()];
  if (p) return p;
  const s = (labels.severity ?? "").trim().toLowerCase();
  if (s === "page" || s === "critical" || s === "sev0" || s === "sev1") return "critical";
  if (s === "high" || s === "error" || s === "major" || s === "sev2") return "high";
  if (s === "warning" || s === "warn" || s === "medium" || s === "sev3") return "medium";
  return "low";
}

/**
 * How many steps an alert's ladder has: primary, secondary, tertiary and the engineering manager; a
 * critical alert attached to a SEV0 goes on to the executive.
 */
export const ladderLength = (severity: AlertSeverity, incidentSeverity: string | null) =>
  severity === "critical" && incidentSeverity === "sev0" ? STEPS.length : STEPS.indexOf("executive");

/** When step `n` is due for an alert whose clock started at `start` (ms). */
export const stepDueAt = (start: number, p: Policy, n: number) => start + n * p.escalate_after_s * 1000;

/** The steps of a `steps`-long ladder due by `now` that have not been taken, oldest first. */
export function dueSteps(
  start: number,
  p: Policy,
  now: number,
  taken: ReadonlySet<number>,
  steps: number = ladderLength("critical", null),
): number[] {
  const out: number[] = [];
  for (let n = 0; n < steps; n++) if (stepDueAt(start, p, n) <= now && !taken.has(n)) out.push(n);
  return out;
}

/** When the first step not taken falls due; null when the whole ladder has been taken. */
export function nextDueAt(start: number, p: Policy, taken: ReadonlySet<number>, steps: number): number | null {
  for (let n = 0; n < steps; n++) if (!taken.has(n)) return stepDueAt(start, p, n);
  return null;
}

/** Whether an unacknowledged page is past its response time. */
export const ackOverdue = (firedAt: number, p: Policy, now: number) => now - firedAt > p.ack_within_s * 1000;

/** The message a notification carries, as plain text (Slack's `text`, and the webhook's `message`). */
export function notificationText(
  a: {
    name: string;
    summary?: string;
    region?: string;
    service?: string;
    url: string;
    with?: string[];
    kind?: "page" | "ticket";
    severity?: AlertSeverity;
  },
  step: Step,
  firedAt: string,
): string {
  const where = [a.service, a.region].filter(Boolean).join(" in ");
  const what = a.kind === "ticket" ? "ticket" : "page";
  const priority = a.severity ? `${SEVERITY_PRIORITY[a.severity]} ` : "";
  const why =
    step === "primary"
      ? `${priority}${what === "ticket" ? "Ticket" : "Page"}`
      : `${priority}Escalated to ${step}: unacknowledged ${what}`;
  const also = a.with?.length
    ? ` With ${a.with.length} more for the same service and region: ${a.with.join(", ")}.`
    : "";
  return `${why}: ${a.name}${where ? ` (${where})` : ""}${a.summary ? ` — ${a.summary}` : ""}. Firing since ${firedAt}.${also} ${a.url}`;
}

/** Alerts for one service and region that fire within this of each other notify once. */
export const GROUP_WINDOW_MS = 60_000;

type Groupable = {
  id: string;
  firedAt: number;
  service: string | null;
  region: string | null;
  groupedWith: string | null;
};

/**
 * The alert `a`'s notifications go with: the earliest other open alert for the same service and region
 * that fired up to a minute before it (ties by id) and is not grouped itself; null when `a` leads.
 */
export function groupLeader<T extends Groupable>(a: T, open: readonly T[]): T | null {
  if (!a.service || !a.region) return null;
  const before = open
    .filter(
      (b) =>
        b.id !== a.id &&
        !b.groupedWith &&
        b.service === a.service &&
        b.region === a.region &&
        b.firedAt <= a.firedAt &&
        a.firedAt - b.firedAt <= GROUP_WINDOW_MS &&
        (b.firedAt < a.firedAt || b.id < a.id),
    )
    .sort((x, y) => x.firedAt - y.firedAt || x.id.localeCompare(y.id));
  return before[0] ?? null;
}

/** The open alerts that go with `leader`'s notification (fired within a minute after it, same service and region). */
export function groupMembers<T extends Groupable>(leader: T, open: readonly T[]): T[] {
  return open.filter((b) => b.id !== leader.id && groupLeader(b, open)?.id === leader.id);
}

/** The layer an escalation step reaches; a step outside the ladder is a bug in whoever numbered it. */
export function stepLayer(step: number): Step {
  const layer = STEPS[step];
  if (!layer) throw new Error(`No escalation step ${step}: the ladder has steps 0 to ${STEPS.length - 1}.`);
  return layer;
}
