// The public status contract: what anyone may read without signing in — components' state, and the
// incidents customers were told about with only their customer updates. Never internal entries, people,
// severities or tenant data.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { MAINTENANCE_KINDS } from "@/lib/vocabulary";
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

export const publicMaintenanceSchema = z.object({
  id: z.string().describe("M-3"),
  kind: z.enum(MAINTENANCE_KINDS),
  state: z.enum(["upcoming", "active"]),
  title: z.string().describe("Scheduled maintenance: Edge in eu-west, Sun 2026-12-06 02:00–04:00 UTC"),
  description: z.string().describe("what the work means for customers"),
  services: z.array(z.string()),
  regions: z.array(z.string()).describe("none: every region"),
  start: z.string(),
  end: z.string(),
  announced_at: z.string(),
});
export type PublicMaintenance = z.infer<typeof publicMaintenanceSchema>;

export const statusSchema = z.object({
  updated_at: z.string(),
  state,
  components: z.array(
    z.object({ id: z.string(), name: z.string(), state, regions: z.array(z.object({ region: z.string(), state })) }),
  ),
  incidents: z.array(publicIncidentSchema).describe("open ones, then those resolved in the last 14 days, newest first"),
  maintenance: z
    .array(publicMaintenanceSchema)
    .describe("maintenance running now or starting in the next 7 days, soonest first"),
});
export type PublicStatus = z.infer<typeof statusSchema>;

export const statusEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/status",
  summary:
    "The public status: components by region, the incidents customers were told about, and maintenance now or in the next 7 days (no sign-in)",
  tag: "status",
  auth: "public",
  publicRead: true,
  response: statusSchema,
});

export const statusFeedEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/status/feed",
  summary:
    "The public status as an Atom feed: one entry per customer update, and one per maintenance window announced (no sign-in)",
  tag: "status",
  auth: "public",
  publicRead: true,
  produces: "application/atom+xml",
  response: z.string(),
});
