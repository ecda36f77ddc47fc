// Delivery: reaching one person about a page, a ticket or a reminder by the channels its severity uses
// (./channels, NOTIFY_CHANNELS) among those they set — chat, webhook, email, SMS gateway — all at once,
// each retried, and reporting how each went. With none of the severity's channels set: their others but
// SMS, else the platform's paging webhook.
import "server-only";
import { alerts, type Contact } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { postJson, type Outcome } from "@/lib/http/outbound";
import { scopeOf } from "@/lib/alerts";
import { SEVERITY_PRIORITY, type AlertKind, type AlertSeverity, type NotifyChannel } from "@/lib/vocabulary";
import { notificationText, stepLayer } from "./rules";
import { contactOf } from "./contacts";
import { channelsFor, channelsSet } from "./channels";
import { sendMail } from "./email";
import { take, type Window } from "@/lib/limits";
import { ApiError } from "@/lib/http/errors";
import { type Actor } from "@/lib/auth/permissions";

/** Retries after a failed notification, in units of ESCALATION_RETRY_MS. */
const RETRY_STEPS = [0, 1, 4];
/** An SMS gateway gets the text cut to this. */
const SMS_MAX_CHARS = 300;

export type AlertRow = typeof alerts.$inferSelect;
export type Person = { id: string; name: string; email: string };

export interface Notice {
  kind: "page" | "ticket" | "reminder";
  severity: AlertSeverity;
  /** A shadow's copy: the same channels, the text marked "[shadow] ". */
  shadow?: boolean;
  subject: string;
  text: string;
  /** The webhook's body (it gets `to`, `message`, `severity`, `priority` and `shadow` besides). */
  json: Record<string, unknown>;
  /** Email headers naming what it is about, e.g. X-Ops-Console-Alert. */
  headers?: Record<string, string>;
}

type Via = NotifyChannel | "paging_webhook";

export interface ChannelResult {
  channel: Via;
  ok: boolean;
  attempts: number;
  detail: string;
}

export interface Delivery {
  /** The channels it went by, e.g. "chat+email"; null when there was none. */
  channel: string | null;
  /** Delivered by at least one channel. */
  ok: boolean;
  attempts: number;
  /** Per channel: "chat delivered; email failed: 550 …". */
  detail: string;
  results: ChannelResult[];
}

async function retried(send: () => Promise<Outcome>, retry: boolean): Promise<{ last: Outcome; attempts: number }> {
  let last: Outcome = { ok: false, detail: "" };
  let attempts = 0;
  for (const units of retry ? RETRY_STEPS : [0]) {
    if (units) await new Promise((r) => setTimeout(r, units * env().ESCALATION_RETRY_MS));
    attempts++;
    last = await send();
    if (last.ok || last.refused) break;
  }
  return { last, attempts };
}

/** Sends a notice by one channel (retried unless `retry` is false). */
async function sendVia(via: Via, to: Person, contact: Contact, n: Notice, retry = true): Promise<ChannelResult> {
  const text = n.shadow ? `[shadow] ${n.text}` : n.text;
  const webhookBody = {
    ...n.json,
    to: { id: to.id, name: to.name, email: to.email },
    message: text,
    severity: n.severity,
    priority: SEVERITY_PRIORITY[n.severity],
    shadow: Boolean(n.shadow),
  };
  const send = (): Promise<Outcome> => {
    switch (via) {
      case "chat":
        return postJson(contact.slack_webhook_url ?? "", { text });
      case "webhook":
        return postJson(contact.webhook_url ?? "", webhookBody);
      case "paging_webhook":
        return postJson(env().PAGING_WEBHOOK_URL ?? "", webhookBody);
      case "sms":
        return postJson(contact.sms_webhook_url ?? "", {
          to: { id: to.id, name: to.name },
          message: text.slice(0, SMS_MAX_CHARS),
        });
      case "email":
        return sendMail({
          to: contact.email ?? "",
          subject: n.shadow ? `[shadow] ${n.subject}` : n.subject,
          text,
          headers: { "X-Ops-Console-Kind": n.kind, "X-Ops-Console-Severity": n.severity, ...n.headers },
        });
    }
  };
  const { last, attempts } = await retried(send, retry);
  return { channel: via, ok: last.ok, attempts, detail: last.detail };
}

/** Sends by several channels at once; the outcome in one line per the escalation history. */
async function sendAll(
  vias: Via[],
  to: Person,
  contact: Contact,
  n: Notice,
  opts: { retry?: boolean; note?: string | null } = {},
): Promise<Delivery> {
  const results = await Promise.all(vias.map((v) => sendVia(v, to, contact, n, opts.retry)));
  const each = results.map((r) => (r.ok ? `${r.channel} delivered` : `${r.channel} failed: ${r.detail}`));
  return {
    channel: vias.join("+") || null,
    ok: results.some((r) => r.ok),
    attempts: results.reduce((sum, r) => sum + r.attempts, 0),
    detail: [opts.note, each.join("; ")].filter(Boolean).join("; "),
    results,
  };
}

/**
 * Reaches a person about a notice by the channels its severity and kind use among those they set (all at
 * once, each retried), else their other channels but SMS, else the platform's paging webhook.
 */
export async function deliver(to: Person, notice: Notice): Promise<Delivery> {
  const contact = await contactOf(to.id);
  const choice = channelsFor({
    severity: notice.severity,
    kind: notice.kind,
    contact,
    rule: env().NOTIFY_CHANNELS[notice.severity],
  });
  if (choice.channels.length) return sendAll(choice.channels, to, contact, notice, { note: choice.fallback });
  if (!env().PAGING_WEBHOOK_URL)
    return {
      channel: null,
      ok: false,
      attempts: 0,
      detail: "no contact (set one on the On call page, or PAGING_WEBHOOK_URL)",
      results: [],
    };
  return sendAll(["paging_webhook"], to, contact, notice, { note: choice.fallback });
}

/** Test notices per person per minute, on every console process (counted in the database). */
const CONTACT_TESTS: Window = { name: "contact tests per person", bucket: "contact_test", max: 3, windowMs: 60_000 };

/** A test notice to every channel the person has set, once each (a few a minute at most): how each went. */
export async function testContact(actor: Actor) {
  const wait = await take(CONTACT_TESTS, actor.user.id);
  if (wait > 0)
    throw new ApiError("rate_limited", `At most ${CONTACT_TESTS.max} tests a minute; try again in ${wait} s.`, {
      retryAfter: wait,
    });
  const to = actor.user;
  const contact = await contactOf(to.id);
  const text = `Test notification from Ops Console for ${to.name}: this channel reaches you.`;
  const { results } = await sendAll(
    channelsSet(contact),
    to,
    contact,
    { kind: "page", severity: "low", subject: "Ops Console: test notification", text, json: { type: "test" } },
    { retry: false },
  );
  return {
    results: results.flatMap((r) =>
      r.channel === "paging_webhook" ? [] : [{ channel: r.channel, ok: r.ok, detail: r.detail }],
    ),
  };
}

/** Pages (or tickets) one step's person about an alert, and the alerts grouped with it. */
export function notify(
  to: Person,
  a: AlertRow,
  step: number,
  origin: string,
  group: AlertRow[] = [],
  opts: { severity?: AlertSeverity; kind?: AlertKind; shadow?: boolean } = {},
): Promise<Delivery> {
  const severity = opts.severity ?? a.severity;
  const kind = opts.kind ?? a.kind;
  const scope = scopeOf(a.labels);
  const layer = stepLayer(step);
  const url = `${origin}/alerts?name=${encodeURIComponent(a.name)}`;
  const where = [scope.service, scope.region].filter(Boolean).join(" in ");
  const what = kind === "ticket" ? "Ticket" : "Page";
  const text = notificationText(
    {
      name: a.name,
      summary: a.annotations.summary,
      region: scope.region ?? undefined,
      service: scope.service ?? undefined,
      url,
      with: group.map((g) => g.name),
      kind,
      severity,
    },
    layer,
    a.firedAt.toISOString(),
  );
  const brief = (x: AlertRow) => ({
    id: x.id,
    name: x.name,
    labels: x.labels,
    summary: x.annotations.summary ?? null,
    fired_at: x.firedAt.toISOString(),
  });
  return deliver(to, {
    kind,
    severity,
    shadow: opts.shadow,
    subject: `[${SEVERITY_PRIORITY[severity]} ${severity}] ${layer === "primary" ? what : `${what} escalated to ${layer}`}: ${a.name}${where ? ` (${where})` : ""}`,
    text,
    json: {
      type: kind,
      step: layer,
      alert: { ...brief(a), url },
      ...(group.length ? { grouped: group.map(brief) } : {}),
    },
    headers: { "X-Ops-Console-Alert": a.id },
  });
}
