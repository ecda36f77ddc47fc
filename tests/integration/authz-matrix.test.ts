// Every /api/v1 route × every role and token kind → the status it must answer. A route a route file
// exports that is missing here fails the suite.
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { brokenDeploy, ev, postEvents } from "../support/events";
import { call, loadRoute, METHODS, mintToken, routeFiles, USERS, type Who } from "../support/api";
import { db } from "@/lib/db/client";
import { apiTokens } from "@/lib/db/schema";
import { eq } from "drizzle-orm";

withTestDb();

const CALLERS = [
  "anonymous",
  "admin",
  "operator",
  "tenant_acme",
  "tenant_globex",
  "token_platform_admin",
  "token_operator",
  "token_acme",
  "token_revoked",
  "token_expired",
  "token_forged",
] as const;
type Caller = (typeof CALLERS)[number];

const who: Partial<Record<Caller, Who>> = {
  anonymous: null,
  admin: USERS.admin,
  operator: USERS.oncall,
  tenant_acme: USERS.acme,
  tenant_globex: USERS.globex,
  token_forged: { token: "opc_this-token-was-never-minted-0000000000000" },
};

type Row = Record<Caller, number>;
const everyone = (status: number): Row => Object.fromEntries(CALLERS.map((c) => [c, status])) as Row;
const BAD_TOKENS = { token_revoked: 401, token_expired: 401, token_forged: 401 } as const;

/** `${METHOD} ${url}` — the url fills the template's parameters. */
// Log reads by people who are not members of the org need a stated reason (403 reason_required without).
const LOG_READ: Row = {
  ...everyone(403),
  anonymous: 401,
  tenant_acme: 200,
  token_acme: 200,
  ...BAD_TOKENS,
};

const INC_READ: Row = {
  ...everyone(403),
  anonymous: 401,
  admin: 200,
  operator: 200,
  token_operator: 200,
  ...BAD_TOKENS,
};
// alerts:write: operators and admins (the platform token in the matrix holds admin, audit:read, logs:write only).
const ALERTS: Row = { ...everyone(403), anonymous: 401, admin: 200, operator: 200, ...BAD_TOKENS };
// dashboards:read: operators and admins; tenants never see platform metrics.
const DASH: Row = { ...everyone(403), anonymous: 401, admin: 200, operator: 200, ...BAD_TOKENS };
// handoffs:write: operators and admins; what a participant may do is checked after the scope (the matrix
// handoff goes from the IC to the on-call operator, so only the operator is its incoming engineer).
const HANDOFF = (operator: number, admin: number): Row => ({
  ...everyone(403),
  anonymous: 401,
  admin,
  operator,
  ...BAD_TOKENS,
});
const INC_WRITE = (ok: number): Row => ({ ...everyone(403), anonymous: 401, admin: ok, operator: ok, ...BAD_TOKENS });

// platform-logs:read: operators and admins (sessions); the matrix's tokens do not hold it.
const PLATFORM_READ: Row = { ...everyone(403), anonymous: 401, admin: 200, operator: 200, ...BAD_TOKENS };
const platformLine = () => [
  {
    ts: new Date().toISOString(),
    component: "edge",
    region: "eu-west",
    node_id: "edge-eu-west-1",
    level: "error",
    message: "matrix platform line",
    org_id: "acme",
  },
];

const INGEST = (ok: number): Row => ({
  ...everyone(403),
  anonymous: 401,
  admin: ok,
  token_platform_admin: ok,
  ...BAD_TOKENS,
});
const otlpBody = (resource: Record<string, string>) => ({
  resourceLogs: [
    {
      resource: { attributes: Object.entries(resource).map(([key, v]) => ({ key, value: { stringValue: v } })) },
      scopeLogs: [{ logRecords: [{ timeUnixNano: String(Date.now() * 1e6), body: { stringValue: "matrix otlp" } }] }],
    },
  ],
});
const lokiBody = (stream: Record<string, string>) => ({
  streams: [{ stream, values: [[String(Date.now() * 1e6), "matrix loki"]] }],
});

/** A kept trace (it failed) the matrix reads; its spans name acme. */
const MATRIX_TRACE = "5b8efff798038103d269b633813fc60c";
const spanBody = () => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "edge" } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: MATRIX_TRACE,
              spanId: Math.floor(Math.random() * 2 ** 48)
                .toString(16)
                .padStart(16, "1"),
              name: "matrix span",
              startTimeUnixNano: String(Date.now() * 1e6),
              endTimeUnixNano: String(Date.now() * 1e6 + 1e6),
              attributes: [{ key: "org_id", value: { stringValue: "acme" } }],
              status: { code: 2 },
            },
          ],
        },
      ],
    },
  ],
});

const MATRIX: Record<string, { template: string; body?: () => unknown; expect: Row }> = {
  // traces:write: platform tokens (and admins); traces:read: operators and admins, never a tenant or an org-bound token.
  "POST /api/v1/platform/otlp/v1/traces": {
    template: "/api/v1/platform/otlp/v1/traces",
    body: spanBody,
    expect: INGEST(200),
  },
  "GET /api/v1/traces": { template: "/api/v1/traces", expect: PLATFORM_READ },
  "GET /api/v1/traces/{trace_id}": { template: "/api/v1/traces/{trace_id}", expect: PLATFORM_READ },
  "GET /api/v1/traces/services": { template: "/api/v1/traces/services", expect: PLATFORM_READ },
  "GET /api/v1/traces/dependencies": { template: "/api/v1/traces/dependencies", expect: PLATFORM_READ },
  "GET /api/v1/platform/logs": { template: "/api/v1/platform/logs", expect: PLATFORM_READ },
  // changes:write: pipelines' tokens (and admins, who hold every scope); the feed: incidents:read; an org's releases: logs:read on it, no reason.
  "POST /api/v1/changes": {
    template: "/api/v1/changes",
    body: () => ({
      external_id: `matrix-${Math.random()}`,
      kind: "deploy",
      service: "scheduler",
      regions: ["us-east"],
      summary: "matrix",
      actor: "ci",
      status: "started",
      started_at: new Date().toISOString(),
    }),
    expect: { ...everyone(403), anonymous: 401, admin: 200, ...BAD_TOKENS },
  },
  "GET /api/v1/changes": { template: "/api/v1/changes", expect: INC_READ },
  // events:write: the control plane's tokens (and admins). Operators read the platform's events whole
  // (platform-logs:read); one tenant's env, route or instance needs a stated reason, as its logs do, so
  // without one even they are refused. A tenant reads its own org's events and env (logs:read on it).
  "POST /api/v1/platform/events": {
    template: "/api/v1/platform/events",
    body: () => ({ events: [ev({ kind: "release.created", org_id: "acme", app_id: "web", release_id: "v9" })] }),
    expect: { ...everyone(403), anonymous: 401, admin: 200, ...BAD_TOKENS },
  },
  "GET /api/v1/platform/events": { template: "/api/v1/platform/events", expect: PLATFORM_READ },
  "GET /api/v1/platform/events/tail": { template: "/api/v1/platform/events/tail", expect: PLATFORM_READ },
  "GET /api/v1/platform/cursors": { template: "/api/v1/platform/cursors", expect: PLATFORM_READ },
  "GET /api/v1/platform/describe/env/{org}/{app}/{env}": {
    template: "/api/v1/platform/describe/env/{org}/{app}/{env}",
    expect: { ...everyone(403), anonymous: 401, ...BAD_TOKENS },
  },
  "GET /api/v1/platform/describe/route/{route}": {
    template: "/api/v1/platform/describe/route/{route}",
    expect: { ...everyone(403), anonymous: 401, ...BAD_TOKENS },
  },
  "GET /api/v1/platform/describe/instance/{id}": {
    template: "/api/v1/platform/describe/instance/{instance}",
    expect: { ...everyone(403), anonymous: 401, ...BAD_TOKENS },
  },
  "GET /api/v1/orgs/{org}/events": { template: "/api/v1/orgs/{org}/events", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/events/tail": { template: "/api/v1/orgs/{org}/events/tail", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/describe/env/{app}/{env}": {
    template: "/api/v1/orgs/{org}/describe/env/{app}/{env}",
    expect: LOG_READ,
  },
  "GET /api/v1/orgs/{org}/changes": {
    template: "/api/v1/orgs/{org}/changes",
    expect: {
      ...everyone(403),
      anonymous: 401,
      admin: 200,
      operator: 200,
      tenant_acme: 200,
      token_acme: 200,
      ...BAD_TOKENS,
    },
  },
  "POST /api/v1/platform/logs": {
    template: "/api/v1/platform/logs",
    body: platformLine,
    expect: { ...everyone(403), anonymous: 401, admin: 200, token_platform_admin: 200, ...BAD_TOKENS },
  },
  "GET /api/v1/platform/logs/{id}/context": {
    template: "/api/v1/platform/logs/{platformLine}/context",
    expect: PLATFORM_READ,
  },
  "GET /api/v1/platform/logs/export": { template: "/api/v1/platform/logs/export", expect: PLATFORM_READ },
  "GET /api/v1/platform/logs/facets": { template: "/api/v1/platform/logs/facets", expect: PLATFORM_READ },
  "GET /api/v1/platform/logs/limits": { template: "/api/v1/platform/logs/limits", expect: PLATFORM_READ },
  "GET /api/v1/platform/logs/tail": { template: "/api/v1/platform/logs/tail", expect: PLATFORM_READ },
  "GET /api/v1/runbooks": { template: "/api/v1/runbooks", expect: DASH },
  "GET /api/v1/runbooks/{slug}": { template: "/api/v1/runbooks/{runbook}", expect: DASH },
  "GET /api/v1/correlate": { template: "/api/v1/correlate?request_id=matrix-req", expect: PLATFORM_READ },
  "GET /api/v1/incidents": { template: "/api/v1/incidents", expect: INC_READ },
  "POST /api/v1/incidents": {
    template: "/api/v1/incidents",
    body: () => ({ title: "matrix incident", severity: "sev3" }),
    expect: INC_WRITE(201),
  },
  "GET /api/v1/incidents/{id}": { template: "/api/v1/incidents/{incident}", expect: INC_READ },
  "PATCH /api/v1/incidents/{id}": {
    template: "/api/v1/incidents/{incident}",
    body: () => ({ summary: `matrix ${Math.random()}` }),
    expect: INC_WRITE(200),
  },
  "POST /api/v1/incidents/{id}/takeover": {
    template: "/api/v1/incidents/{incident}/takeover",
    body: () => ({ known: "matrix" }),
    expect: INC_WRITE(200),
  },
  "GET /api/v1/incidents/{id}/timeline": { template: "/api/v1/incidents/{incident}/timeline", expect: INC_READ },
  "POST /api/v1/incidents/{id}/timeline": {
    template: "/api/v1/incidents/{incident}/timeline",
    body: () => ({ kind: "note", body: "matrix" }),
    expect: INC_WRITE(201),
  },
  "GET /api/v1/incidents/{id}/events": { template: "/api/v1/incidents/{incident}/events", expect: INC_READ },
  "GET /api/v1/incidents/{id}/export": { template: "/api/v1/incidents/{incident}/export", expect: INC_READ },
  "GET /api/v1/incidents/{id}/follow-ups": { template: "/api/v1/incidents/{incident}/follow-ups", expect: INC_READ },
  "POST /api/v1/incidents/{id}/follow-ups": {
    template: "/api/v1/incidents/{incident}/follow-ups",
    body: () => ({ title: "matrix follow-up" }),
    expect: INC_WRITE(201),
  },
  "PATCH /api/v1/incidents/{id}/follow-ups/{followUpId}": {
    template: "/api/v1/incidents/{incident}/follow-ups/{followUp}",
    body: () => ({ status: "done" }),
    expect: INC_WRITE(200),
  },
  // Postmortems: read with incidents:read; written with incidents:write. {resolved} is a resolved SEV3 (a save
  // is a version); the steps on {incident} (open, none started) are refused with 409 once access is granted.
  "GET /api/v1/incidents/{id}/postmortem": { template: "/api/v1/incidents/{resolved}/postmortem", expect: INC_READ },
  "PUT /api/v1/incidents/{id}/postmortem": {
    template: "/api/v1/incidents/{resolved}/postmortem",
    body: () => ({ sections: { lessons: `matrix ${Math.random()}` } }),
    expect: INC_WRITE(200),
  },
  "POST /api/v1/incidents/{id}/postmortem/submit": {
    template: "/api/v1/incidents/{incident}/postmortem/submit",
    expect: INC_WRITE(409),
  },
  "POST /api/v1/incidents/{id}/postmortem/approve": {
    template: "/api/v1/incidents/{incident}/postmortem/approve",
    expect: INC_WRITE(409),
  },
  "POST /api/v1/incidents/{id}/postmortem/publish": {
    template: "/api/v1/incidents/{incident}/postmortem/publish",
    expect: INC_WRITE(409),
  },
  "POST /api/v1/incidents/{id}/postmortem/corrections": {
    template: "/api/v1/incidents/{incident}/postmortem/corrections",
    body: () => ({ section: "root_cause", body: "matrix correction" }),
    expect: INC_WRITE(409),
  },
  "GET /api/v1/incidents/{id}/postmortem/export": {
    template: "/api/v1/incidents/{resolved}/postmortem/export",
    expect: INC_READ,
  },
  // The weekly review: operator data (dashboards:read), never a tenant's.
  "GET /api/v1/insights": { template: "/api/v1/insights", expect: DASH },
  "GET /api/v1/runbooks/{slug}/exercises": { template: "/api/v1/runbooks/{runbook}/exercises", expect: DASH },
  "POST /api/v1/runbooks/{slug}/exercises": {
    template: "/api/v1/runbooks/{runbook}/exercises",
    body: () => ({ setting: "staging", notes: "matrix drill" }),
    expect: INC_WRITE(201),
  },
  // Only the incident commander (the operator who declared it) may grant an exception.
  "POST /api/v1/incidents/{id}/freeze-exceptions": {
    template: "/api/v1/incidents/{major}/freeze-exceptions",
    body: () => ({ service: "edge", reason: "matrix hotfix" }),
    expect: { ...INC_WRITE(201), admin: 403 },
  },
  "GET /api/v1/deploy-freeze": { template: "/api/v1/deploy-freeze", expect: INC_READ },
  "POST /api/v1/alerts/alertmanager": {
    template: "/api/v1/alerts/alertmanager",
    body: () => ({
      version: "4",
      groupKey: "{}:{}",
      status: "firing",
      receiver: "console",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "MatrixAlert", severity: "warning" },
          annotations: {},
          fingerprint: `fp-${Math.random()}`,
        },
      ],
    }),
    expect: ALERTS,
  },
  "GET /api/v1/alerts": { template: "/api/v1/alerts", expect: ALERTS },
  "POST /api/v1/alerts/{id}/ack": { template: "/api/v1/alerts/{alert}/ack", expect: ALERTS },
  "POST /api/v1/alerts/{id}/resolve": { template: "/api/v1/alerts/{alert}/resolve", expect: ALERTS },
  "POST /api/v1/alerts/{id}/incident": {
    template: "/api/v1/alerts/{alert}/incident",
    body: () => ({}),
    expect: INC_WRITE(201),
  },
  "POST /api/v1/alerts/{id}/attach": {
    template: "/api/v1/alerts/{alert}/attach",
    body: () => ({ incident_id: "INC-1" }),
    expect: INC_WRITE(200),
  },
  "GET /api/v1/dashboards": { template: "/api/v1/dashboards", expect: DASH },
  "GET /api/v1/dashboards/{slug}": { template: "/api/v1/dashboards/{slug}", expect: DASH },
  "GET /api/v1/slos": { template: "/api/v1/slos", expect: DASH },
  // The rule file, every rule's state and the pipeline's heartbeat: dashboards:read.
  "GET /api/v1/alert-rules": { template: "/api/v1/alert-rules", expect: DASH },
  "GET /api/v1/alert-rules/state": { template: "/api/v1/alert-rules/state", expect: DASH },
  "GET /api/v1/alerts/pipeline": { template: "/api/v1/alerts/pipeline", expect: DASH },
  // The owner's exception to a spent budget's freeze: incidents:write (until services have owners).
  "POST /api/v1/slos/{id}/exceptions": {
    template: "/api/v1/slos/{slo}/exceptions",
    body: () => ({ region: "ap-south", reason: "matrix exception" }),
    expect: INC_WRITE(201),
  },
  "DELETE /api/v1/slos/{id}/exceptions/{exceptionId}": {
    template: "/api/v1/slos/{slo}/exceptions/{exception}",
    expect: INC_WRITE(200),
  },
  "GET /api/v1/handoffs": { template: "/api/v1/handoffs", expect: HANDOFF(200, 200) },
  "POST /api/v1/handoffs": {
    template: "/api/v1/handoffs",
    body: () => ({ incoming_id: "usr_ic" }),
    expect: HANDOFF(201, 201),
  },
  "GET /api/v1/handoffs/{id}": { template: "/api/v1/handoffs/{handoff}", expect: HANDOFF(200, 200) },
  "PATCH /api/v1/handoffs/{id}/items/{key}": {
    template: "/api/v1/handoffs/{handoff}/items/{key}",
    body: () => ({ done: true }),
    expect: HANDOFF(200, 403),
  },
  "PUT /api/v1/handoffs/{id}/incidents/{incidentId}": {
    template: "/api/v1/handoffs/{handoff}/incidents/{incidentId}",
    body: () => ({ summary: "matrix" }),
    expect: HANDOFF(403, 403),
  },
  "POST /api/v1/handoffs/{id}/submit": { template: "/api/v1/handoffs/{handoff}/submit", expect: HANDOFF(403, 403) },
  "POST /api/v1/handoffs/{id}/ack": { template: "/api/v1/handoffs/{handoff}/ack", expect: HANDOFF(409, 403) },
  "POST /api/v1/handoffs/{id}/paging-test": {
    template: "/api/v1/handoffs/{handoff}/paging-test",
    expect: HANDOFF(409, 403),
  },
  "GET /api/v1/handoffs/{id}/export": { template: "/api/v1/handoffs/{handoff}/export", expect: HANDOFF(200, 200) },
  "GET /api/v1/handoffs/{id}/events": { template: "/api/v1/handoffs/{handoff}/events", expect: HANDOFF(200, 200) },
  "GET /api/v1/handoff-template": { template: "/api/v1/handoff-template", expect: HANDOFF(200, 200) },
  "PUT /api/v1/handoff-template": {
    template: "/api/v1/handoff-template",
    body: () => ({
      items: [
        { key: "start-one", phase: "start", label: "Read the board" },
        { key: "end-one", phase: "end", label: "Write the summary" },
      ],
    }),
    expect: { ...HANDOFF(403, 200), token_platform_admin: 200 },
  },
  "GET /api/v1/health": { template: "/api/v1/health", expect: everyone(200) },
  "GET /api/v1/ready": { template: "/api/v1/ready", expect: everyone(200) },
  "GET /api/v1/openapi.json": { template: "/api/v1/openapi.json", expect: everyone(200) },
  "GET /api/v1/me": {
    template: "/api/v1/me",
    expect: { ...everyone(200), anonymous: 401, ...BAD_TOKENS },
  },
  "GET /api/v1/tokens": {
    template: "/api/v1/tokens",
    expect: {
      ...everyone(200),
      anonymous: 401,
      token_platform_admin: 403,
      token_operator: 403,
      token_acme: 403,
      ...BAD_TOKENS,
    },
  },
  "POST /api/v1/tokens": {
    template: "/api/v1/tokens",
    body: () => ({ name: "matrix", scopes: ["audit:read"], org_id: "acme" }),
    expect: {
      ...everyone(201),
      anonymous: 401,
      tenant_globex: 403,
      token_platform_admin: 403,
      token_operator: 403,
      token_acme: 403,
      ...BAD_TOKENS,
    },
  },
  "DELETE /api/v1/tokens/{id}": {
    template: "/api/v1/tokens/{id}",
    expect: {
      ...everyone(404),
      admin: 200,
      anonymous: 401,
      token_platform_admin: 403,
      token_operator: 403,
      token_acme: 403,
      ...BAD_TOKENS,
    },
  },
  "GET /api/v1/audit": {
    template: "/api/v1/audit",
    expect: { ...everyone(200), anonymous: 401, tenant_acme: 403, tenant_globex: 403, token_acme: 403, ...BAD_TOKENS },
  },
  "POST /api/v1/logs": {
    template: "/api/v1/logs",
    body: () => [
      {
        ts: new Date().toISOString(),
        org_id: "acme",
        app_id: "web",
        env_id: "production",
        process_type: "web",
        instance_id: "web-1",
        message: "matrix",
      },
    ],
    expect: { ...everyone(403), anonymous: 401, admin: 200, token_platform_admin: 200, ...BAD_TOKENS },
  },
  // The standard protocols: the same callers as the native ingest (logs:write), answering as each protocol does.
  "POST /api/v1/otlp/v1/logs": {
    template: "/api/v1/otlp/v1/logs",
    body: () => otlpBody({ org_id: "acme", "service.name": "web", "deployment.environment.name": "production" }),
    expect: INGEST(200),
  },
  "POST /api/v1/loki/api/v1/push": {
    template: "/api/v1/loki/api/v1/push",
    body: () => lokiBody({ org_id: "acme", app: "web", env: "production" }),
    expect: INGEST(204),
  },
  "POST /api/v1/platform/otlp/v1/logs": {
    template: "/api/v1/platform/otlp/v1/logs",
    body: () => otlpBody({ "service.name": "edge", "cloud.region": "eu-west" }),
    expect: INGEST(200),
  },
  "POST /api/v1/platform/loki/api/v1/push": {
    template: "/api/v1/platform/loki/api/v1/push",
    body: () => lokiBody({ component: "edge", region: "eu-west" }),
    expect: INGEST(204),
  },
  // On call: operators and admins read the rotation and take shifts; admins change the schedule.
  "GET /api/v1/oncall": { template: "/api/v1/oncall", expect: INC_READ },
  "GET /api/v1/oncall/shifts": {
    template: `/api/v1/oncall/shifts?from=${encodeURIComponent("2026-11-23T00:00:00Z")}&to=${encodeURIComponent("2026-11-30T00:00:00Z")}`,
    expect: INC_READ,
  },
  "GET /api/v1/oncall/schedule": { template: "/api/v1/oncall/schedule", expect: INC_READ },
  "PUT /api/v1/oncall/schedule": {
    template: "/api/v1/oncall/schedule",
    body: () => ({
      layers: [
        {
          layer: "primary",
          rotation: "daily",
          start_date: "2026-01-05",
          handoff_time: "09:00",
          time_zone: "UTC",
          people: ["usr_oncall", "usr_ic"],
        },
      ],
    }),
    expect: { ...everyone(403), anonymous: 401, admin: 200, token_platform_admin: 200, ...BAD_TOKENS },
  },
  "POST /api/v1/oncall/schedule/preview": {
    template: "/api/v1/oncall/schedule/preview",
    body: () => ({
      layers: [
        {
          layer: "primary",
          rotation: "daily",
          start_date: "2026-01-05",
          handoff_time: "09:00",
          time_zone: "UTC",
          people: ["usr_oncall", "usr_ic"],
        },
      ],
    }),
    expect: { ...everyone(403), anonymous: 401, admin: 200, token_platform_admin: 200, ...BAD_TOKENS },
  },
  "POST /api/v1/oncall/overrides": {
    template: "/api/v1/oncall/overrides",
    body: () => ({
      layer: "primary",
      user_id: "usr_ic",
      start: new Date().toISOString(),
      end: new Date(Date.now() + 3_600_000).toISOString(),
    }),
    expect: INC_WRITE(201),
  },
  "DELETE /api/v1/oncall/overrides/{id}": { template: "/api/v1/oncall/overrides/{override}", expect: INC_WRITE(200) },
  "GET /api/v1/maintenance": { template: "/api/v1/maintenance?state=upcoming", expect: INC_READ },
  "POST /api/v1/maintenance": { template: "/api/v1/maintenance", body: maintenanceBody, expect: INC_WRITE(201) },
  "GET /api/v1/maintenance/{id}": { template: "/api/v1/maintenance/{maintenance}", expect: INC_READ },
  "POST /api/v1/maintenance/{id}/cancel": {
    template: "/api/v1/maintenance/{maintenance}/cancel",
    expect: INC_WRITE(200),
  },
  // Teams and the service catalog: operators read them; admins change them.
  "GET /api/v1/teams": { template: "/api/v1/teams", expect: INC_READ },
  "POST /api/v1/teams": {
    template: "/api/v1/teams",
    body: () => ({ id: `matrix-${Math.random().toString(36).slice(2, 10)}`, name: "Matrix" }),
    expect: { ...everyone(403), anonymous: 401, admin: 201, token_platform_admin: 201, ...BAD_TOKENS },
  },
  "PATCH /api/v1/teams/{id}": {
    template: "/api/v1/teams/{team}",
    body: () => ({ work_end_hour: 18 }),
    expect: { ...everyone(403), anonymous: 401, admin: 200, token_platform_admin: 200, ...BAD_TOKENS },
  },
  "GET /api/v1/catalog": { template: "/api/v1/catalog", expect: INC_READ },
  "GET /api/v1/catalog/versions": { template: "/api/v1/catalog/versions", expect: INC_READ },
  "PUT /api/v1/catalog": {
    template: "/api/v1/catalog",
    body: () => ({ entries: [{ service: "edge", team: "edge", runbooks: [], dashboards: ["edge"], slos: [] }] }),
    expect: { ...everyone(403), anonymous: 401, admin: 200, token_platform_admin: 200, ...BAD_TOKENS },
  },
  "GET /api/v1/alerts/{id}/escalations": { template: "/api/v1/alerts/{alert}/escalations", expect: ALERTS },
  // Where you are paged is a signed-in person's own setting (tokens are refused).
  "GET /api/v1/me/contact": {
    template: "/api/v1/me/contact",
    expect: {
      ...everyone(200),
      anonymous: 401,
      token_platform_admin: 403,
      token_operator: 403,
      token_acme: 403,
      ...BAD_TOKENS,
    },
  },
  "PUT /api/v1/me/contact": {
    template: "/api/v1/me/contact",
    body: () => ({ webhook_url: "http://127.0.0.1:9/page" }),
    expect: {
      ...everyone(200),
      anonymous: 401,
      token_platform_admin: 403,
      token_operator: 403,
      token_acme: 403,
      ...BAD_TOKENS,
    },
  },
  "POST /api/v1/me/contact/test": {
    template: "/api/v1/me/contact/test",
    expect: {
      ...everyone(200),
      anonymous: 401,
      token_platform_admin: 403,
      token_operator: 403,
      token_acme: 403,
      ...BAD_TOKENS,
    },
  },
  // The public status: anyone, signed in or not.
  "GET /api/v1/status": { template: "/api/v1/status", expect: everyone(200) },
  "GET /api/v1/status/feed": { template: "/api/v1/status/feed", expect: everyone(200) },
  "GET /api/v1/orgs/{org}/logs": { template: "/api/v1/orgs/{org}/logs", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/logs/{id}/context": { template: "/api/v1/orgs/{org}/logs/{line}/context", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/logs/export": { template: "/api/v1/orgs/{org}/logs/export", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/logs/facets": { template: "/api/v1/orgs/{org}/logs/facets", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/logs/tail": { template: "/api/v1/orgs/{org}/logs/tail", expect: LOG_READ },
  "GET /api/v1/orgs/{org}/logs/limits": {
    template: "/api/v1/orgs/{org}/logs/limits",
    expect: {
      ...everyone(200),
      anonymous: 401,
      tenant_globex: 403,
      token_platform_admin: 403,
      token_operator: 403,
      ...BAD_TOKENS,
    },
  },
  // A stated reason is a signed-in person's (tokens send X-Access-Reason per request).
  "GET /api/v1/orgs/{org}/access": {
    template: "/api/v1/orgs/{org}/access",
    expect: { ...everyone(403), anonymous: 401, admin: 200, operator: 200, tenant_acme: 200, ...BAD_TOKENS },
  },
  "POST /api/v1/orgs/{org}/access": {
    template: "/api/v1/orgs/{org}/access",
    body: () => ({ reason: "matrix" }),
    expect: { ...everyone(403), anonymous: 401, admin: 201, operator: 201, tenant_acme: 201, ...BAD_TOKENS },
  },
  "DELETE /api/v1/orgs/{org}/access": {
    template: "/api/v1/orgs/{org}/access",
    expect: { ...everyone(403), anonymous: 401, admin: 200, operator: 200, tenant_acme: 200, ...BAD_TOKENS },
  },
  "GET /api/v1/orgs": { template: "/api/v1/orgs", expect: { ...everyone(200), anonymous: 401, ...BAD_TOKENS } },
  "GET /api/v1/orgs/{org}/audit": {
    template: "/api/v1/orgs/{org}/audit",
    expect: { ...everyone(200), anonymous: 401, tenant_globex: 403, ...BAD_TOKENS },
  },
};

let tokenId = "";
let lineId = "";
let platformLineId = "";
let incidentId = "";
let majorId = "";
let resolvedId = "";
let followUpId = "";
let handoffId = "";

/** A new override for each call that cancels one. */
async function freshOverride(): Promise<string> {
  const res = await call<{ override: { id: string } }>("POST", "/api/v1/oncall/overrides", {
    as: USERS.admin,
    body: {
      layer: "secondary",
      user_id: "usr_admin",
      start: new Date().toISOString(),
      end: new Date(Date.now() + 60_000).toISOString(),
    },
  });
  return res.body.override.id;
}

/** A scheduled maintenance window, 80 h ahead. */
function maintenanceBody() {
  return {
    kind: "scheduled",
    services: ["edge"],
    start: new Date(Date.now() + 80 * 3_600_000).toISOString(),
    end: new Date(Date.now() + 81 * 3_600_000).toISOString(),
    description: "matrix maintenance",
    rollback_plan: "undo it",
  };
}

/** A new maintenance window for each call that reads or cancels one. */
async function freshMaintenance(): Promise<string> {
  const res = await call<{ maintenance_window: { id: string } }>("POST", "/api/v1/maintenance", {
    as: USERS.admin,
    body: maintenanceBody(),
  });
  return res.body.maintenance_window.id;
}

/** A new budget exception for each call that ends one. */
async function freshException(): Promise<string> {
  const res = await call<{ exception: { id: string } }>("POST", "/api/v1/slos/volume-attach/exceptions", {
    as: USERS.admin,
    body: { reason: "matrix target exception" },
  });
  return res.body.exception.id;
}

/** A new firing alert for each call that acts on one. */
async function freshAlert(): Promise<string> {
  const fp = `fp-${Math.random()}`;
  await call("POST", "/api/v1/alerts/alertmanager", {
    as: USERS.admin,
    body: {
      version: "4",
      groupKey: "k",
      status: "firing",
      receiver: "console",
      alerts: [{ status: "firing", labels: { alertname: "Fresh" }, annotations: {}, fingerprint: fp }],
    },
  });
  const list = await call<{ alerts: { id: string; fingerprint: string }[] }>("GET", "/api/v1/alerts?limit=500", {
    as: USERS.admin,
  });
  return list.body.alerts.find((a) => a.fingerprint === fp)!.id;
}

beforeAll(async () => {
  who.token_platform_admin = {
    token: (await mintToken(USERS.admin, { scopes: ["admin", "audit:read", "logs:write", "traces:write"] })).secret,
  };
  await call("POST", "/api/v1/platform/otlp/v1/traces", { as: who.token_platform_admin, body: spanBody() });
  who.token_operator = { token: (await mintToken(USERS.oncall, { scopes: ["audit:read", "incidents:read"] })).secret };
  who.token_acme = {
    token: (await mintToken(USERS.acme, { scopes: ["logs:read", "audit:read"], org_id: "acme" })).secret,
  };
  const revoked = await mintToken(USERS.oncall, { scopes: ["audit:read"] });
  expect((await call("DELETE", `/api/v1/tokens/${revoked.id}`, { as: USERS.oncall })).status).toBe(200);
  who.token_revoked = { token: revoked.secret };
  const expired = await mintToken(USERS.admin, { scopes: ["audit:read"], expires_in_days: 1 });
  await db()
    .update(apiTokens)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(apiTokens.id, expired.id));
  who.token_expired = { token: expired.secret };
  const agent = await mintToken(USERS.admin, { scopes: ["logs:write"] });
  await call("POST", "/api/v1/logs", {
    as: { token: agent.secret },
    body: [
      {
        ts: new Date().toISOString(),
        org_id: "acme",
        app_id: "web",
        env_id: "production",
        process_type: "web",
        instance_id: "web-1",
        message: "matrix line",
      },
    ],
  });
  // The platform's events about acme's web/production: its env, route and instances exist.
  expect((await postEvents(USERS.admin, brokenDeploy("acme", "web", "production"))).status).toBe(200);
  lineId = (await call<{ lines: { id: string }[] }>("GET", "/api/v1/orgs/acme/logs", { as: USERS.acme })).body.lines[0]!
    .id;
  await call("POST", "/api/v1/platform/logs", { as: { token: agent.secret }, body: platformLine() });
  platformLineId = (await call<{ lines: { id: string }[] }>("GET", "/api/v1/platform/logs", { as: USERS.oncall })).body
    .lines[0]!.id;
  incidentId = (
    await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "matrix target", severity: "sev3" },
    })
  ).body.incident.id;
  majorId = (
    await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.oncall,
      body: { title: "matrix freeze", severity: "sev1", services: ["edge"] },
    })
  ).body.incident.id;
  resolvedId = (
    await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "matrix resolved", severity: "sev3" },
    })
  ).body.incident.id;
  expect(
    (await call("PATCH", `/api/v1/incidents/${resolvedId}`, { as: USERS.ic, body: { status: "resolved" } })).status,
  ).toBe(200);
  handoffId = (
    await call<{ handoff: { id: string } }>("POST", "/api/v1/handoffs", {
      as: USERS.ic,
      body: { incoming_id: USERS.oncall },
    })
  ).body.handoff.id;
  followUpId = (
    await call<{ follow_up: { id: string } }>("POST", `/api/v1/incidents/${incidentId}/follow-ups`, {
      as: USERS.ic,
      body: { title: "matrix target follow-up" },
    })
  ).body.follow_up.id;
});

describe("authorization matrix", () => {
  it("covers every method every route file exports", async () => {
    const exported: string[] = [];
    for (const r of routeFiles()) {
      if (r.catchAll) continue;
      const mod = await loadRoute(r.file);
      for (const m of METHODS) if (mod[m]?.endpoint) exported.push(`${m} ${r.template}`);
    }
    expect(exported.sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [key, row] of Object.entries(MATRIX)) {
      const generic = row.template
        .split("?")[0]!
        .replace(
          /\{(line|platformLine|incident|major|resolved|alert|handoff|override|slo|maintenance|team|instance)\}/,
          "{id}",
        )
        .replace("{followUp}", "{followUpId}")
        .replace("{runbook}", "{slug}")
        .replace("{exception}", "{exceptionId}");
      expect(generic, key).toBe(key.split(" ")[1]);
    }
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    const method = key.split(" ")[0] as "GET";
    for (const caller of CALLERS) {
      it(`${key} as ${caller} → ${row.expect[caller]}`, async () => {
        let url = row.template
          .replace("{org}", "acme")
          .replace("{line}", lineId)
          .replace("{platformLine}", platformLineId)
          .replace("{incident}", incidentId)
          .replace("{major}", majorId)
          .replace("{resolved}", resolvedId)
          .replace("{followUp}", followUpId)
          .replace("{slug}", "storage")
          .replace("{runbook}", "edge-connect-failures")
          .replace("{handoff}", handoffId)
          .replace("{key}", "review-dashboards")
          .replace("{incidentId}", incidentId)
          .replace("{team}", "edge")
          .replace("{app}", "web")
          .replace("{env}", "production")
          .replace("{route}", "web-production.acme.app")
          .replace("{instance}", "web-production-new-1")
          .replace("{trace_id}", MATRIX_TRACE);
        if (url.includes("{alert}")) url = url.replace("{alert}", await freshAlert());
        if (url.includes("{override}")) url = url.replace("{override}", await freshOverride());
        if (url.includes("{maintenance}")) url = url.replace("{maintenance}", await freshMaintenance());
        url = url.replace("{slo}", "volume-attach");
        if (url.includes("{exception}")) url = url.replace("{exception}", await freshException());
        if (url.includes("{id}")) {
          // A fresh token of the admin's for each revocation attempt.
          tokenId = (await mintToken(USERS.admin, { scopes: ["audit:read"] })).id;
          url = url.replace("{id}", tokenId);
        }
        const res = await call(method, url, { as: who[caller], body: row.body?.() });
        expect(res.status, res.text).toBe(row.expect[caller]);
        if (res.status >= 400) {
          expect(res.body).toMatchObject({
            error: { code: expect.any(String), message: expect.any(String) },
            request_id: expect.any(String),
          });
        }
      });
    }
  }

  it("answers a tenant the same for another org and for an org that does not exist", async () => {
    const other = await call("GET", "/api/v1/orgs/globex/audit", { as: USERS.acme });
    const missing = await call("GET", "/api/v1/orgs/no-such-org/audit", { as: USERS.acme });
    expect(other.status).toBe(403);
    expect(missing.status).toBe(403);
    expect((missing.body as { error: { code: string } }).error.code).toBe(
      (other.body as { error: { code: string } }).error.code,
    );
  });
});
