// Service catalog API contracts: which team owns each service, with its runbooks, dashboards, SLOs and
// escalation policy; versioned like schedules, with the services nobody owns listed as gaps.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { SERVICES } from "@/lib/metrics/services";

const ref = z.string().max(100);
const refs = (what: string) => z.array(ref).max(20).describe(`the ${what} of the service (must exist)`);
const policy = z.object({ ack_within_s: z.number(), escalate_after_s: z.number() });

export const catalogEntrySchema = z.object({
  service: z.string().max(64),
  team: z.string().max(64),
  escalation_policy: z.record(z.string(), policy).optional().describe("over the playbook's clocks, per severity"),
  runbooks: refs("runbooks (slugs)"),
  dashboards: refs("dashboards (slugs)"),
  slos: refs("SLOs (ids)"),
});

export type CatalogEntryView = z.infer<typeof catalogEntrySchema>;

const catalogSchema = z.object({
  version: z.number().nullable().describe("null: never saved (every service is a gap)"),
  entries: z.array(catalogEntrySchema),
  created_by: z.string().nullable(),
  created_at: z.string().nullable(),
});

export const getCatalogEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/catalog",
  summary: "The service catalog in force, and the services with no owner (their alerts go to the platform team)",
  tag: "catalog",
  scope: "incidents:read",
  response: z.object({
    catalog: catalogSchema.extend({
      gaps: z.array(z.string()).describe("services with no entry: routed to the platform team"),
    }),
  }),
});

export const putCatalogEndpoint = endpoint({
  method: "PUT",
  path: "/api/v1/catalog",
  summary: "Replace the catalog (admins): the whole list, saved as a new version",
  tag: "catalog",
  scope: "admin",
  audit: "catalog.update",
  body: z.object({
    entries: z.array(catalogEntrySchema.extend({ escalation_policy: z.unknown().optional() })).max(SERVICES.length * 2),
  }),
  response: z.object({ catalog: catalogSchema.extend({ gaps: z.array(z.string()) }) }),
  auditResult: (r) => ({ version: r.catalog.version, gaps: r.catalog.gaps }),
});

export const catalogVersionsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/catalog/versions",
  summary: "Every saved version of the catalog, newest first",
  tag: "catalog",
  scope: "incidents:read",
  response: z.object({ versions: z.array(catalogSchema) }),
});
