// Escalation as plain functions: an open page's severity picks a policy (acknowledge within, escalate
// after); step 0 notifies the primary when the page fires, and each `escalate_after` without an
// acknowledgement notifies the next step — secondary, tertiary, then the engineering manager.
// Browser-safe.

import { STEPS, type AlertSeverity, type Step } from "@/lib/vocabulary";
import type { Policy } from "@/lib/playbook";

/** An alert's escalation severity from its `severity` label (Alertmanager's conventions). */
export function escalationSeverity(labels: Record<string, string>): AlertSeverity {
  const s = (labels.severity ?? "").toLowerCase();
  if (s === "page" || s === "critical" || s === "sev0" || s === "sev1") return "critical";
  if (s === "high" || s === "error" || s === "major" || s === "sev2") return "high";
  if (s === "warning" || s === "warn" || s === "medium" || s === "sev3") return "medium";
  return "low";
}

/** When step `n` is due for a page that fired at `firedAt` (ms). */
export const stepDueAt = (firedAt: number, p: Policy, n: number) => firedAt + n * p.escalate_after_s * 1000;

/** The steps due by `now` that have not been taken, oldest first. */
export function dueSteps(firedAt: number, p: Policy, now: number, taken: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let n = 0; n < STEPS.length; n++) if (stepDueAt(firedAt, p, n) <= now && !taken.has(n)) out.push(n);
  return out;
}

/** Whether an unacknowledged page is past its response time. */
export const ackOverdue = (firedAt: number, p: Policy, now: number) => now - firedAt > p.ack_within_s * 1000;

/** The message a notification carries, as plain text (Slack's `text`, and the webhook's `message`). */
export function notificationText(
  a: { name: string; summary?: string; region?: string; service?: string; url: string; with?: string[] },
  step: Step,
  firedAt: string,
): string {
  const where = [a.service, a.region].filter(Boolean).join(" in ");
  const why = step === "primary" ? "Page" : `Escalated to ${step}: unacknowledged page`;
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
