// The platform's events API: the control plane posts its events (events:write, platform tokens); operators
// read them, the state describe derives from them and the consumers' cursors (platform-logs:read, a stated
// reason for one tenant's workload); a tenant reads its own apps' events and env state (logs:read on its
// org), without hosts, nodes or anything else of the platform's. Browser-safe: zod only.
import { z } from "zod";
import { endpoint, limitParam, repeated, slug } from "@/lib/http/endpoint";
import {
  CONSUMER_KINDS,
  INSTANCE_STATES,
  PLATFORM_EVENT_KINDS,
  SERVING_VERDICTS,
  TERMINATION_REASONS,
} from "@/lib/vocabulary";
import { MAX_JSON_DEPTH } from "@/lib/http/body";
import { requirementProblems } from "./rules";

/** Events one batch may hold (counted while the body is scanned). */
export const EVENTS_MAX_BATCH = 1000;
export const EVENTS_MAX_BYTES = 4 * 1024 * 1024;
/** How far ahead of the console's clock an event may be dated (clock skew between hosts). */
export const EVENTS_MAX_AHEAD_MS = 5 * 60_000;

const iso = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of: ${values.join(", ")}` });
/** An id the platform gives: printable ASCII without spaces. */
const ref = (max: number) =>
  z
    .string()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const count = (max: number) => z.number().int("must be a whole number").min(0, "must not be negative").max(max);

export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be 1-128 letters, digits, dots, underscores, colons or dashes");
export const eventKindSchema = oneOf(PLATFORM_EVENT_KINDS);

const resources = z.object({
  memory_peak_bytes: count(Number.MAX_SAFE_INTEGER).nullish(),
  memory_limit_bytes: count(Number.MAX_SAFE_INTEGER).nullish(),
  cpu_throttled_share: z.number().min(0, "must be 0 to 1").max(1, "must be 0 to 1").nullish(),
});
const healthCheck = z.object({
  check: text(200).describe('what was checked, e.g. "GET /health"'),
  status: z.number().int().min(0).max(999).nullish().describe("the HTTP status it answered"),
  message: text(1000).nullish(),
  duration_ms: count(3_600_000).nullish(),
});
const backend = z.object({ instance_id: ref(200), address: text(100).nullish() });
const consumer = z.object({
  name: ref(200).describe("the consumer: scheduler-eu-west-2, agent-host-17, edge-node-4, projection-routes"),
  kind: oneOf(CONSUMER_KINDS),
  applied_event_id: eventIdSchema.nullish().describe("the last event it applied"),
  applied_ts: iso.nullish().describe("that event's time"),
  error: text(2000).nullish().describe("its last reconcile error, if it is failing"),
  backoff_seconds: count(86_400 * 7)
    .nullish()
    .describe("how long it waits before trying again"),
});

/** The fields an event may carry; which ones each kind needs is ./rules (REQUIRED_FIELDS). */
export const platformEventBody = z
  .object({
    event_id: eventIdSchema.describe("the platform's id: a repeated event is stored once"),
    ts: iso,
    kind: eventKindSchema,
    region: ref(100),
    org_id: slug.nullish(),
    app_id: ref(100).nullish(),
    env_id: ref(100).nullish(),
    process_type: ref(100).nullish(),
    release_id: ref(200).nullish(),
    instance_id: ref(200).nullish(),
    host_id: ref(200).nullish(),
    node_id: ref(200).nullish(),
    route: ref(253).nullish().describe("the route's host name, e.g. api.acme.app"),
    reason: oneOf(TERMINATION_REASONS).nullish().describe("why an instance stopped or failed"),
    exit_code: z.number().int().min(-255).max(255).nullish(),
    resources: resources.nullish().describe("near death: memory peak and cap, CPU throttled share"),
    health_check: healthCheck.nullish(),
    backends: z.array(backend).max(1000, "at most 1000 backends").nullish(),
    config_version: count(2_147_483_647).nullish(),
    error: text(2000).nullish(),
    desired_instances: count(100_000).nullish().describe("release.activated: how many instances should run"),
    consumer: consumer.nullish(),
    message: text(1000).nullish(),
  })
  .superRefine((e, ctx) => {
    for (const p of requirementProblems(e)) ctx.addIssue({ code: "custom", path: [p.field], message: p.message });
    // An event the platform dates ahead of now would stand as the current state until that time came.
    if (Date.parse(e.ts) > Date.now() + EVENTS_MAX_AHEAD_MS)
      ctx.addIssue({
        code: "custom",
        path: ["ts"],
        message: `must not be more than ${EVENTS_MAX_AHEAD_MS / 60_000} minutes ahead of the console's clock`,
      });
  });
export type PlatformEventBody = z.infer<typeof platformEventBody>;

export const postEventsBodySchema = z.object({
  events: z.array(platformEventBody).min(1, "must hold at least one event").max(EVENTS_MAX_BATCH),
});

/** An event as the API shows it; `position` is the console's arrival order (live tails resume by it). */
export const platformEventSchema = z.object({
  position: z.string(),
  event_id: z.string(),
  ts: z.string(),
  kind: eventKindSchema,
  region: z.string(),
  org_id: z.string().nullable(),
  app_id: z.string().nullable(),
  env_id: z.string().nullable(),
  process_type: z.string().nullable(),
  release_id: z.string().nullable(),
  instance_id: z.string().nullable(),
  host_id: z.string().nullable().optional(),
  node_id: z.string().nullable().optional(),
  route: z.string().nullable(),
  reason: z.enum(TERMINATION_REASONS).nullable(),
  details: z
    .record(z.string(), z.unknown())
    .describe("the rest as posted: exit_code, resources, health_check, backends, config_version, error, ..."),
  received_at: z.string(),
});
export type PlatformEvent = z.infer<typeof platformEventSchema>;

const kinds = repeated(eventKindSchema).pipe(z.array(eventKindSchema).max(50, "at most 50 values"));
const filterText = z.string().min(1, "must not be empty").max(253, "must be at most 253 characters");

/** The filters of the events list and tail; a tenant's omit `org`. */
const eventFilters = z.object({
  org: slug.optional(),
  app: filterText.optional(),
  env: filterText.optional(),
  route: filterText.optional(),
  instance: filterText.optional(),
  kind: kinds,
});
export type EventFilters = z.infer<typeof eventFilters>;

export const eventsQuerySchema = eventFilters.extend({
  from: z.string().max(64).optional().describe("ISO-8601 or relative (24h); default: no lower bound"),
  to: z.string().max(64).optional().describe("ISO-8601 or relative; default: now"),
  cursor: z.string().max(200).optional(),
  limit: limitParam(1000, 100),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;
const tailQuery = eventFilters.extend({
  after: z
    .string()
    .regex(/^\d{1,18}$/, "must be an event position")
    .optional(),
});
export type TailQuery = z.infer<typeof tailQuery>;

const eventList = z.object({ events: z.array(platformEventSchema), next_cursor: z.string().nullable() });

// What describe answers.

const healthSchema = z.object({
  passed: z.boolean(),
  at: z.string(),
  check: z.record(z.string(), z.unknown()).nullable(),
});
const stopSchema = z.object({
  instance_id: z.string(),
  at: z.string(),
  reason: z.enum(TERMINATION_REASONS).nullable(),
  exit_code: z.number().nullable(),
  resources: z
    .record(z.string(), z.number())
    .nullable()
    .describe("near death: memory peak and cap, CPU throttled share"),
});
export const instanceStateSchema = z.object({
  instance_id: z.string(),
  release_id: z.string().nullable(),
  state: z.enum(INSTANCE_STATES),
  since: z.string(),
  region: z.string(),
  host_id: z.string().nullable().optional().describe("operators only"),
  reason: z.enum(TERMINATION_REASONS).nullable(),
  exit_code: z.number().nullable(),
  resources: z.record(z.string(), z.number()).nullable(),
  health: healthSchema.nullable(),
});
export type InstanceStateView = z.infer<typeof instanceStateSchema>;

const edgeSummary = z.object({
  config_version: z.number().nullable().describe("the newest config version any node reported"),
  locations: z.number().describe("edge nodes (locations) that reported this route"),
  applied: z.number(),
  failed: z.number(),
  behind: z.number().describe("applied an older version"),
  nodes: z
    .array(
      z.object({
        node_id: z.string(),
        region: z.string(),
        config_version: z.number(),
        applied: z.boolean(),
        error: z.string().nullable(),
        at: z.string(),
      }),
    )
    .optional()
    .describe("operators only"),
});
export const routeStateSchema = z.object({
  route: z.string(),
  org_id: z.string(),
  app_id: z.string(),
  env_id: z.string(),
  bound: z.boolean(),
  since: z.string(),
  backends: z.array(
    z.object({
      instance_id: z.string(),
      address: z.string().nullable().optional().describe("operators only"),
      state: z.enum(INSTANCE_STATES).nullable(),
    }),
  ),
  edge: edgeSummary,
});
export type RouteStateView = z.infer<typeof routeStateSchema>;

const verdictFields = {
  verdict: z.enum(SERVING_VERDICTS),
  reasons: z.array(z.string()).describe("what differs from the desired state, in plain words"),
};

export const envDescriptionSchema = z.object({
  org_id: z.string(),
  app_id: z.string(),
  env_id: z.string(),
  ...verdictFields,
  process_types: z.array(
    z.object({
      process_type: z.string(),
      desired: z
        .object({ release_id: z.string(), desired_instances: z.number().nullable(), activated_at: z.string() })
        .nullable(),
      ready: z.number().describe("instances of the desired release that are ready"),
      wanted: z.number(),
      instances: z.array(instanceStateSchema),
      restarts_last_hour: z.object({
        count: z.number(),
        reasons: z.record(z.string(), z.number()),
        recent: z.array(stopSchema),
      }),
    }),
  ),
  routes: z.array(routeStateSchema),
  as_of: z.string(),
});
export type EnvDescription = z.infer<typeof envDescriptionSchema>;

export const instanceDescriptionSchema = z.object({
  instance: instanceStateSchema.extend({
    org_id: z.string(),
    app_id: z.string(),
    env_id: z.string(),
    process_type: z.string(),
  }),
  timeline: z.array(platformEventSchema).describe("its lifecycle, oldest first; health checks only when they change"),
  stops: z.array(
    stopSchema.extend({
      logs: z.object({
        start: z.string().describe("5 minutes before the stop"),
        end: z.string().describe("1 minute after"),
        path: z.string().describe("the org's log query for this instance over that window"),
      }),
    }),
  ),
});

export const routeDescriptionSchema = z.object({
  route: routeStateSchema,
  ...verdictFields,
  recent: z.array(platformEventSchema).describe("its latest route and edge events, newest first"),
});

export const cursorsSchema = z.object({
  head: z.object({ event_id: z.string(), ts: z.string() }).nullable().describe("the newest event"),
  consumers: z.array(
    z.object({
      consumer: z.string(),
      kind: z.enum(CONSUMER_KINDS),
      region: z.string(),
      applied_event_id: z.string().nullable(),
      applied_ts: z.string().nullable(),
      reported_at: z.string(),
      lag_events: z.number().nullable().describe("events after the one it applied (counted up to 100000)"),
      lag_events_capped: z.boolean(),
      lag_seconds: z.number().nullable(),
      error: z.string().nullable(),
      backoff_seconds: z.number().nullable(),
    }),
  ),
});
export type Cursors = z.infer<typeof cursorsSchema>;

// The endpoints.

const read = { tag: "events", scope: "platform-logs:read" } as const;
const tenant = { tag: "events", scope: "logs:read" } as const;
const envParams = z.object({ org: slug, app: ref(100), env: ref(100) });
const REASON_NOTE =
  "; one tenant's workload needs a stated reason (X-Access-Reason or POST /api/v1/orgs/{org}/access), recorded in its audit log";

export const postEventsEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/platform/events",
  summary: `Record the platform's events (at most ${EVENTS_MAX_BATCH} a batch; all or nothing; idempotent by event_id, in any order)`,
  tag: "events",
  scope: "events:write",
  body: postEventsBodySchema,
  bodyShape: {
    maxItems: 400_000,
    maxDepth: MAX_JSON_DEPTH,
    counts: { events: { total: EVENTS_MAX_BATCH, what: "events" } },
  },
  maxBodyBytes: EVENTS_MAX_BYTES,
  response: z.object({
    accepted: z.number().describe("events stored now"),
    duplicates: z.number().describe("events already stored (the same event_id): nothing changed"),
  }),
});

export const listEventsEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/platform/events",
  summary: `The platform's events, newest first, by org, app, env, route, instance, kind and time${REASON_NOTE}`,
  audit: "events.query",
  query: eventsQuerySchema,
  response: eventList,
});

export const tailEventsEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/platform/events/tail",
  summary: `Live events (text/event-stream): \`ready\`, \`event\` (its id is its position), \`heartbeat\`, \`reconnect\`; resumes from Last-Event-ID${REASON_NOTE}`,
  audit: "events.tail_open",
  query: tailQuery,
  produces: "text/event-stream",
  response: platformEventSchema,
});

export const describeEnvEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/platform/describe/env/{org}/{app}/{env}",
  summary: `An env's desired and actual state and whether it serves, with the reasons${REASON_NOTE}`,
  audit: "events.describe_env",
  params: envParams,
  response: z.object({ env: envDescriptionSchema }),
});

export const describeRouteEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/platform/describe/route/{route}",
  summary: `A route's backends and its edge config on every node${REASON_NOTE}`,
  audit: "events.describe_route",
  params: z.object({ route: ref(253) }),
  response: routeDescriptionSchema,
});

export const describeInstanceEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/platform/describe/instance/{id}",
  summary: `An instance's lifecycle, why it stopped, its resources near death and the log window of each stop${REASON_NOTE}`,
  audit: "events.describe_instance",
  params: z.object({ id: ref(200) }),
  response: instanceDescriptionSchema,
});

export const cursorsEndpoint = endpoint({
  ...read,
  method: "GET",
  path: "/api/v1/platform/cursors",
  summary: "Every consumer's cursor against the newest event: lag in events and seconds, last error and backoff",
  response: cursorsSchema,
});

export const listOrgEventsEndpoint = endpoint({
  ...tenant,
  method: "GET",
  path: "/api/v1/orgs/{org}/events",
  summary: "This org's apps' events (releases, instances, health checks, routes), newest first",
  audit: "events.query",
  params: z.object({ org: slug }),
  query: eventsQuerySchema.omit({ org: true }),
  response: eventList,
});

export const tailOrgEventsEndpoint = endpoint({
  ...tenant,
  method: "GET",
  path: "/api/v1/orgs/{org}/events/tail",
  summary: "This org's events as they happen (text/event-stream); resumes from Last-Event-ID",
  audit: "events.tail_open",
  params: z.object({ org: slug }),
  query: tailQuery.omit({ org: true }),
  produces: "text/event-stream",
  response: platformEventSchema,
});

export const describeOrgEnvEndpoint = endpoint({
  ...tenant,
  method: "GET",
  path: "/api/v1/orgs/{org}/describe/env/{app}/{env}",
  summary: "Is it serving? This env's desired and actual state, with the reasons",
  audit: "events.describe_env",
  params: envParams,
  response: z.object({ env: envDescriptionSchema }),
});
