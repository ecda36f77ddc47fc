// Escalation contracts: an alert's escalation history, and where a person is paged.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { DELIVERY_STATUSES, NOTIFY_CHANNELS, RECIPIENTS } from "@/lib/vocabulary";

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000);

export const escalationSchema = z.object({
  step: z.number(),
  layer: z.string().describe("primary, secondary, tertiary, manager or executive"),
  recipient: z
    .enum(RECIPIENTS)
    .describe("step: the step's person; shadow: the rotation's shadow, sent a marked copy (never a step)"),
  fired_at: z.string().describe("the firing this step belongs to"),
  due_at: z.string(),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  channel: z
    .string()
    .nullable()
    .describe("the channels it went by, e.g. chat+email (chat, webhook, email, sms), or paging_webhook"),
  status: z
    .enum(DELIVERY_STATUSES)
    .describe("grouped: sent with another alert's notification (same service and region, fired within a minute)"),
  attempts: z.number(),
  detail: z.string(),
  finished_at: z.string().nullable(),
});
export type EscalationStep = z.infer<typeof escalationSchema>;

export const alertEscalationsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/alerts/{id}/escalations",
  summary: "Who was notified about this page, when, how, and whether it was delivered",
  tag: "alerts",
  scope: "alerts:write",
  params: z.object({ id: z.string().max(100) }),
  response: z.object({
    escalations: z.array(escalationSchema),
    policy: z.object({ severity: z.string(), ack_within_s: z.number(), escalate_after_s: z.number() }),
  }),
});

const contactSchema = z.object({
  webhook_url: httpUrl.optional().describe("a JSON webhook"),
  slack_webhook_url: httpUrl.optional().describe("chat: a Slack-compatible incoming webhook"),
  email: z.email({ message: "must be an email address" }).max(254).optional().describe("emailed only if set here"),
  sms_webhook_url: httpUrl.optional().describe("an SMS/phone gateway's webhook (critical alerts only, by default)"),
});

export const getContactEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/me/contact",
  summary: "Where you are notified: chat, a JSON webhook, email and an SMS/phone gateway",
  tag: "identity",
  auth: "session",
  response: z.object({ contact: contactSchema }),
});

export const putContactEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/me/contact",
  summary: "Set where you are notified",
  tag: "identity",
  auth: "session",
  audit: "contact.update",
  body: contactSchema,
  response: z.object({ contact: contactSchema }),
});

export const testContactEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/me/contact/test",
  summary: "Send a test notification to each channel you have set, and how each went",
  tag: "identity",
  auth: "session",
  audit: "contact.test",
  response: z.object({
    results: z.array(
      z.object({
        channel: z.enum(NOTIFY_CHANNELS),
        ok: z.boolean(),
        detail: z.string().describe("HTTP 200, the mail server's answer, or why it failed"),
      }),
    ),
  }),
  auditResult: (r) => ({ results: r.results.map((x) => `${x.channel} ${x.ok ? "delivered" : "failed"}`) }),
});
