// Change event API contracts: pipelines, agents and flag services post changes (changes:write);
// operators read the feed; a tenant reads the changes that carry its org (its releases).
import { z } from "zod";
import { endpoint, limitParam, repeated, slug } from "@/lib/http/endpoint";
import { CHANGE_KINDS, CHANGE_STATUSES } from "@/lib/vocabulary";
import { maintenanceRefSchema } from "@/lib/maintenance/contract";

const iso = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const name = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const httpUrl = z
  .string()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { message: "must be an http(s) URL" });

export const changeKindSchema = z.enum(CHANGE_KINDS, { message: `must be one of: ${CHANGE_KINDS.join(", ")}` });
export const changeStatusSchema = z.enum(CHANGE_STATUSES, { message: `must be one of: ${CHANGE_STATUSES.join(", ")}` });

export const postChangeBodySchema = z
  .object({
    external_id: name(200).describe(
      "the pipeline's own id for this change; a later post with it updates status and finish time",
    ),
    kind: changeKindSchema,
    service: slug.describe(
      "the service changed: control-plane, scheduler, projector, postgres, edge, agent, overlay, storage, or a tenant app",
    ),
    regions: z.array(slug).max(50).default([]).describe("the regions it touches; none: every region"),
    summary: name(500),
    ref: z.string().max(200).nullish().describe("release, commit or config version"),
    url: httpUrl.nullish().describe("the pipeline run, the diff or the flag's page"),
    actor: name(200).describe("who or what made the change"),
    status: changeStatusSchema,
    started_at: iso,
    finished_at: iso.nullish(),
    org_id: slug.nullish().describe("a tenant's release: the org it belongs to (the tenant sees it)"),
    app_id: z.string().max(100).nullish(),
    env_id: z.string().max(100).nullish(),
    backfill: z
      .boolean()
      .optional()
      .describe(
        "an import of past changes: started_at may lie further back than CHANGE_MAX_BACKDATE_MINUTES, and the freeze is judged at started_at",
      ),
  })
  .refine((b) => !b.finished_at || Date.parse(b.finished_at) >= Date.parse(b.started_at), {
    path: ["finished_at"],
    message: "must not be before started_at",
  });
export type PostChangeBody = z.infer<typeof postChangeBodySchema>;

export const changeSchema = z.object({
  id: z.string(),
  external_id: z.string(),
  kind: changeKindSchema,
  service: z.string(),
  regions: z.array(z.string()),
  summary: z.string(),
  ref: z.string().nullable(),
  url: z.string().nullable(),
  actor: z.string(),
  status: changeStatusSchema,
  started_at: z.string(),
  finished_at: z.string().nullable(),
  org_id: z.string().nullable(),
  app_id: z.string().nullable(),
  env_id: z.string().nullable(),
  freeze_violation: z.boolean(),
  freeze_incidents: z.array(z.string()),
  backfill: z.boolean().describe("posted as an import of past changes"),
  freeze_budgets: z
    .array(z.string())
    .describe("the SLOs (slo:region) whose spent error budget froze this deploy when it was posted"),
  recorded_at: z.string().describe("when the console first heard of it"),
  maintenance: maintenanceRefSchema
    .nullable()
    .describe("posted while this maintenance window ran on its service and region: part of that planned work"),
});
export type Change = z.infer<typeof changeSchema>;

const many = (item: z.ZodType<string>) => repeated(item).pipe(z.array(z.string()).max(50, "at most 50 values"));

export const changeQuerySchema = z.object({
  service: many(slug),
  region: many(slug),
  kind: many(changeKindSchema),
  org: slug.optional(),
  from: z.string().max(64).optional().describe("ISO-8601 or relative (24h); default: 24 hours before `to`"),
  to: z.string().max(64).optional().describe("ISO-8601 or relative; default: now"),
  limit: limitParam(500, 100),
  cursor: z.string().max(200).optional(),
});
export type ChangeQuery = z.infer<typeof changeQuerySchema>;

const list = z.object({ changes: z.array(changeSchema), next_cursor: z.string().nullable() });

export const postChangeEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/changes",
  summary:
    "Record a change (idempotent by external_id: a later post updates its status and finish time); a deploy or config change during a deploy freeze is flagged and written into the freezing incident's timeline",
  tag: "changes",
  scope: "changes:write",
  body: postChangeBodySchema,
  response: z.object({ change: changeSchema, created: z.boolean() }),
  auditResult: (r) => ({
    change_id: r.change.id,
    external_id: r.change.external_id,
    freeze_violation: r.change.freeze_violation,
  }),
  audit: "change.post",
});

export const listChangesEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/changes",
  summary: "Changes, newest first, by service, region, kind, org and time",
  tag: "changes",
  scope: "incidents:read",
  query: changeQuerySchema,
  response: list,
});

export const listOrgChangesEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs/{org}/changes",
  summary: "The changes that carry this org: its releases",
  tag: "changes",
  scope: "logs:read",
  params: z.object({ org: slug }),
  query: changeQuerySchema.omit({ org: true }),
  response: list,
});
