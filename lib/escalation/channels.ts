// Which channels a notification of each severity goes by, as the playbook says: critical — every channel
// the person has, SMS/phone included; high and medium — chat and email; low — email only, within the
// working hours of the owning rotation's zone. NOTIFY_CHANNELS changes it, e.g.
// "critical=chat+webhook+email+sms,high=chat+email,medium=chat+email,low=email@working-hours".
// Pure, browser-safe.
import { ALERT_SEVERITIES, NOTIFY_CHANNELS, type AlertSeverity, type NotifyChannel } from "@/lib/vocabulary";

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
