// The public status contract: what anyone may read without signing in — components' state, and the
// incidents customers were told about with only their customer updates. Never internal entries, people,
// severities or tenant data.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { PUBLIC_STATES } from "./rules";

const state = z.enum(PUBLIC_STATES);

export const publicIncidentSchema = z.object({
  id: z.string(),
  title: z.string().describe("what it affects — never the internal title"),
  state,
  services: z.array(z.string()),
  regions: z.array(z.string()),
  started_at: z.string().describe("when the impact began (UTC)"),
  resolved_at: z.string().nullable(),
  updates: z.array(z.object({ id: z.string(), at: z.string(), body: z.string(), state })),
});
export type PublicIncident = z.infer<typeof publicIncidentSchema>;

export const statusSchema = z.object({
  updated_at: z.string(),
  state,
  components: z.array(
    z.object({ id: z.string(), name: z.string(), state, regions: z.array(z.object({ region: z.string(), state })) }),
  ),
  incidents: z.array(publicIncidentSchema).describe("open ones, then those resolved in the last 14 days, newest first"),
});
export type PublicStatus = z.infer<typeof statusSchema>;

export const statusEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/status",
  summary: "The public status: components by region, and the incidents customers were told about (no sign-in)",
  tag: "status",
  auth: "public",
  publicRead: true,
  response: statusSchema,
});

export const statusFeedEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/status/feed",
  summary: "The public status as an Atom feed: one entry per customer update (no sign-in)",
  tag: "status",
  auth: "public",
  publicRead: true,
  produces: "application/atom+xml",
  response: z.string(),
});
