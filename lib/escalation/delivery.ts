// Delivery: reaching one person about a page or a reminder, by the contact they set (or the platform's
// paging webhook), with retries, and reporting the channel it went by and how it ended.
import "server-only";
import { alerts, type Contact } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { postJson, type Outcome } from "@/lib/http/outbound";
import { scopeOf } from "@/lib/alerts";
import { notificationText, stepLayer } from "./rules";
import { contactOf } from "./contacts";

/** Retries after a failed notification, in units of ESCALATION_RETRY_MS. */
const RETRY_STEPS = [0, 1, 4];

export type AlertRow = typeof alerts.$inferSelect;
export type Person = { id: string; name: string; email: string };

/** Where a person is reached: their JSON webhook, else their Slack webhook, else the platform's paging webhook. */
function routeOf(contact: Contact): { channel: "webhook" | "slack" | "paging_webhook"; target: string } | null {
  if (contact.webhook_url) return { channel: "webhook", target: contact.webhook_url };
  if (contact.slack_webhook_url) return { channel: "slack", target: contact.slack_webhook_url };
  const paging = env().PAGING_WEBHOOK_URL;
  return paging ? { channel: "paging_webhook", target: paging } : null;
}

/**
 * Reaches a person by their contact (JSON webhook, else Slack, else the platform's paging webhook), with
 * retries; the channel it went by and how it ended. `json` is the webhook body; Slack gets `{text}`.
 */
export async function deliver(to: Person, json: Record<string, unknown>, text: string) {
  const route = routeOf(await contactOf(to.id));
  if (!route)
    return {
      channel: null,
      ok: false,
      attempts: 0,
      detail: "no contact (set one on the On call page, or PAGING_WEBHOOK_URL)",
    };
  const { channel, target } = route;
  const body =
    channel === "slack" ? { text } : { ...json, to: { id: to.id, name: to.name, email: to.email }, message: text };
  let last: Outcome = { ok: false, detail: "" };
  let attempts = 0;
  for (const units of RETRY_STEPS) {
    if (units) await new Promise((r) => setTimeout(r, units * env().ESCALATION_RETRY_MS));
    attempts++;
    last = await postJson(target, body);
    if (last.ok || last.refused) break;
  }
  return { channel, ok: last.ok, attempts, detail: last.detail };
}

/** Pages one step's person about an alert, and the alerts grouped with it. */
export function notify(
  to: Person,
  a: AlertRow,
  step: number,
  origin: string,
  group: AlertRow[] = [],
  opts: { severity: AlertRow["severity"]; kind: AlertRow["kind"]; shadow: boolean } = {
    severity: a.severity,
    kind: a.kind,
    shadow: false,
  },
) {
  const scope = scopeOf(a.labels);
  const layer = stepLayer(step);
  const url = `${origin}/alerts?name=${encodeURIComponent(a.name)}`;
  const text = notificationText(
    {
      name: a.name,
      summary: a.annotations.summary,
      region: scope.region ?? undefined,
      service: scope.service ?? undefined,
      url,
      with: group.map((g) => g.name),
      kind: opts.kind,
      severity: opts.severity,
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
  return deliver(
    to,
    {
      type: opts.kind,
      step: layer,
      severity: opts.severity,
      ...(opts.shadow ? { shadow: true } : {}),
      alert: { ...brief(a), url },
      ...(group.length ? { grouped: group.map(brief) } : {}),
    },
    opts.shadow ? `[shadow] ${text}` : text,
  );
}
