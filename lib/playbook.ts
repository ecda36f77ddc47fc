// The platform's playbook as data: how fast a page of each severity must be acknowledged and escalated,
// and how often customers hear about an open incident. lib/env reads it for its defaults and checks what
// is configured over it; the escalation and incident rules apply it. Pure, browser-safe.
import { ALERT_SEVERITIES, NOTIFY_CHANNELS, type AlertSeverity, type NotifyChannel, type Severity } from "./vocabulary";

export interface Policy {
  /** A page should be acknowledged within this; past it, it shows as overdue. */
  ack_within_s: number;
  /** Without an acknowledgement, the next step is notified this long after the previous one. */
  escalate_after_s: number;
}

/** Critical 5 min / 15 min, high 15 min / 1 h, medium 1 h / 4 h, low 4 h / 24 h. */
export const DEFAULT_POLICIES: Record<AlertSeverity, Policy> = {
  critical: { ack_within_s: 300, escalate_after_s: 900 },
  high: { ack_within_s: 900, escalate_after_s: 3600 },
  medium: { ack_within_s: 3600, escalate_after_s: 14_400 },
  low: { ack_within_s: 14_400, escalate_after_s: 86_400 },
};

/**
 * A configured policy table (ESCALATION_POLICY) read from its JSON: the policies it sets, by severity, and its
 * problems. Seconds must be numbers: "300" in quotes would pass a loose check and then add as text.
 */
export function readPolicies(v: unknown): { policies: Partial<Record<AlertSeverity, Policy>>; problems: string[] } {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    return { policies: {}, problems: [`must be a JSON object keyed by severity (${ALERT_SEVERITIES.join(", ")})`] };
  const policies: Partial<Record<AlertSeverity, Policy>> = {};
  const problems: string[] = [];
  const seconds = (x: unknown) => (typeof x === "number" && x > 0 ? x : null);
  for (const [k, p] of Object.entries(v)) {
    const severity = ALERT_SEVERITIES.find((s) => s === k);
    if (!severity) problems.push(`${k}: is not a severity (${ALERT_SEVERITIES.join(", ")})`);
    const q: { ack_within_s?: unknown; escalate_after_s?: unknown } | null = typeof p === "object" ? p : null;
    const ack = seconds(q?.ack_within_s);
    const escalate = seconds(q?.escalate_after_s);
    if (ack === null || escalate === null)
      problems.push(`${k}: needs ack_within_s and escalate_after_s, both positive seconds`);
    else if (severity) policies[severity] = { ack_within_s: ack, escalate_after_s: escalate };
  }
  return { policies, problems };
}

/** Problems with a configured policy table, by severity. */
export const policyProblems = (v: unknown): string[] => readPolicies(v).problems;

/** Minutes between customer updates while an incident of each severity is open (none for sev3). */
export const DEFAULT_UPDATE_CADENCE: Record<Severity, number | null> = { sev0: 15, sev1: 30, sev2: 60, sev3: null };

/** Hours after resolution a postmortem draft is due: 24 for SEV0/SEV1 (the playbook), 48 for SEV2 (the guide); none for SEV3. */
export const DEFAULT_POSTMORTEM_DRAFT_HOURS: Record<Severity, number | null> = {
  sev0: 24,
  sev1: 24,
  sev2: 48,
  sev3: null,
};

/**
 * The playbook's targets for an incident's clocks, in seconds, by severity: acknowledge a page within its
 * policy's clock, and for critical incidents an MTTR under 2 minutes (the playbook's target); the others are
 * the escalation policy's windows. Drawn on the weekly review's charts.
 */
export const MTTR_TARGET_S: Record<Severity, number> = { sev0: 120, sev1: 3600, sev2: 14_400, sev3: 86_400 };
export const MTTA_TARGET_S: Record<Severity, number> = {
  sev0: DEFAULT_POLICIES.critical.ack_within_s,
  sev1: DEFAULT_POLICIES.high.ack_within_s,
  sev2: DEFAULT_POLICIES.medium.ack_within_s,
  sev3: DEFAULT_POLICIES.low.ack_within_s,
};

/**
 * Which channels a notification of each severity goes by: critical — every channel the person has, SMS/phone
 * included; high and medium — chat and email; low — email only, within the working hours of the owning
 * rotation's zone. NOTIFY_CHANNELS changes it, e.g. "high=chat+email,low=email@working-hours".
 */
export interface ChannelRule {
  channels: NotifyChannel[];
  /** Sent only within the owning rotation's working hours (else held until they begin). */
  workingHours: boolean;
}

export const DEFAULT_NOTIFY_CHANNELS: Record<AlertSeverity, ChannelRule> = {
  critical: { channels: ["chat", "webhook", "email", "sms"], workingHours: false },
  high: { channels: ["chat", "email"], workingHours: false },
  medium: { channels: ["chat", "email"], workingHours: false },
  low: { channels: ["email"], workingHours: true },
};

/** NOTIFY_CHANNELS read over the defaults: the table and its problems (a severity left out keeps its default). */
export function parseNotifyChannels(v: string): { rules: Record<AlertSeverity, ChannelRule>; problems: string[] } {
  const rules = { ...DEFAULT_NOTIFY_CHANNELS };
  const problems: string[] = [];
  for (const part of v
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z]+)=([a-z+]+)(@working-hours)?$/.exec(part);
    const severity = ALERT_SEVERITIES.find((s) => s === m?.[1]);
    const channels = (m?.[2] ?? "").split("+");
    const unknown = channels.filter((c) => !NOTIFY_CHANNELS.some((k) => k === c));
    if (!m || !severity || unknown.length) {
      problems.push(
        `'${part}' is not like high=chat+email or low=email@working-hours (severities ${ALERT_SEVERITIES.join(", ")}; channels ${NOTIFY_CHANNELS.join(", ")})`,
      );
      continue;
    }
    rules[severity] = {
      channels: NOTIFY_CHANNELS.filter((c) => channels.includes(c)),
      workingHours: Boolean(m[3]),
    };
  }
  return { rules, problems };
}
