// Escalation contracts: an alert's escalation history, and where a person is paged.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { DELIVERY_STATUSES, RECIPIENTS } from "@/lib/vocabulary";

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
  channel: z.string().nullable().describe("the channels it went by, e.g. chat+email; or paging_webhook"),
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

const contactSchema = z.object({ webhook_url: httpUrl.optional(), slack_webhook_url: httpUrl.optional() });

export const getContactEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/me/contact",
  summary: "Where you are paged: a JSON webhook and/or a Slack-compatible incoming webhook",
  tag: "identity",
  auth: "session",
  response: z.object({ contact: contactSchema }),
});

export const putContactEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/me/contact",
  summary: "Set where you are paged",
  tag: "identity",
  auth: "session",
  audit: "contact.update",
  body: contactSchema,
  response: z.object({ contact: contactSchema }),
});
