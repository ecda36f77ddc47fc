// Which channels a notification of each severity goes by, as the playbook says: critical — every channel
// the person has, SMS/phone included; high and medium — chat and email; low — email only, within the
// working hours of the owning rotation's zone. NOTIFY_CHANNELS changes it, e.g.
// "critical=chat+webhook+email+sms,high=chat+email,medium=chat+email,low=email@working-hours".
// Also the choice for one notification and one person, and working hours for the clock. Pure, browser-safe.
import { ALERT_SEVERITIES, NOTIFY_CHANNELS, type AlertSeverity, type NotifyChannel } from "@/lib/vocabulary";
import type { Contact } from "@/lib/db/schema/oncall";
import { dayNumber, fromDayNumber, localParts, zonedInstant } from "@/lib/oncall/wall-clock";

import type { ChannelRule } from "@/lib/playbook";

export { DEFAULT_NOTIFY_CHANNELS, parseNotifyChannels, type ChannelRule } from "@/lib/playbook";

/** Where each channel is set on a person's contact. */
export const CONTACT_FIELD = {
  chat: "slack_webhook_url",
  webhook: "webhook_url",
  email: "email",
  sms: "sms_webhook_url",
} as const satisfies Record<NotifyChannel, keyof Contact>;

/** The channels a person has set, in the vocabulary's order. */
export const channelsSet = (contact: Contact): NotifyChannel[] =>
  NOTIFY_CHANNELS.filter((c) => contact[CONTACT_FIELD[c]]);

export interface ChannelChoice {
  /** The person's channels to send by (empty: the platform's paging webhook, if there is one). */
  channels: NotifyChannel[];
  /** Why these are not the severity's own channels, for the outcome's detail; null when they are. */
  fallback: string | null;
}

/**
 * The channels a notification goes by: the severity's channels the person has set (a ticket never by
 * SMS: it never wakes anyone; a shadow's copy goes by the same channels as the step's). When the person
 * has none of them: their other channels but SMS, else the platform's paging webhook — and it says so.
 */
export function channelsFor(n: {
  severity: AlertSeverity;
  kind: "page" | "ticket" | "reminder";
  contact: Contact;
  rule: ChannelRule;
}): ChannelChoice {
  const set = channelsSet(n.contact);
  const wanted = n.rule.channels.filter((c) => !(c === "sms" && n.kind === "ticket"));
  const chosen = set.filter((c) => wanted.includes(c));
  if (chosen.length) return { channels: chosen, fallback: null };
  const none = `none of ${n.severity}'s channels (${wanted.join(", ") || "none"}) set`;
  const other = set.filter((c) => c !== "sms");
  if (other.length) return { channels: other, fallback: `${none}: sent by ${other.join(" and ")} instead` };
  return { channels: [], fallback: `${none}: sent to the platform's paging webhook` };
}

/** A rotation's working hours: [start, end) in whole local hours, Monday to Friday, in its zone. */
export interface WorkingHours {
  timeZone: string;
  workStartHour: number;
  workEndHour: number;
}

const weekday = (p: { y: number; m: number; d: number }) => new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
const isWorkday = (p: { y: number; m: number; d: number }) => weekday(p) >= 1 && weekday(p) <= 5;

/** Whether an instant falls within the rotation's working hours (its zone's wall clock, DST included). */
export function withinWorkingHours(now: number | Date, h: WorkingHours): boolean {
  const p = localParts(+now, h.timeZone);
  return isWorkday(p) && p.hh >= h.workStartHour && p.hh < h.workEndHour;
}

/**
 * When a notice held for working hours may go: `now` itself within them, else the next weekday's start
 * in the rotation's zone (a DST change between now and then is counted).
 */
export function nextWorkingStart(now: number | Date, h: WorkingHours): number {
  const at = +now;
  if (withinWorkingHours(at, h)) return at;
  const today = localParts(at, h.timeZone);
  for (let i = 0; i <= 7; i++) {
    const day = fromDayNumber(dayNumber(today.y, today.m, today.d) + i);
    if (!isWorkday(day)) continue;
    const start = zonedInstant(day.y, day.m, day.d, h.workStartHour, 0, h.timeZone);
    if (start > at) return start;
  }
  throw new Error(`No working hours in ${h.timeZone} from ${h.workStartHour}:00 to ${h.workEndHour}:00.`);
}

const CHANNEL_NAMES: Record<NotifyChannel, string> = { chat: "chat", webhook: "webhook", email: "email", sms: "SMS" };

/** Which severities use which channels, in a line: "Critical: chat, webhook, email, SMS · … · Low: email (working hours)". */
export function describeChannels(rules: Record<AlertSeverity, ChannelRule>): string {
  return ALERT_SEVERITIES.map((s) => {
    const r = rules[s];
    const names = r.channels.map((c) => CHANNEL_NAMES[c]).join(", ") || "none";
    return `${s[0]!.toUpperCase()}${s.slice(1)}: ${names}${r.workingHours ? " (working hours)" : ""}`;
  }).join(" · ");
}
