// Platform logs as a telemetry kind (lib/kinds): the control plane's, projector's, scheduler's, agents' and
// edge's own lines, in a table of their own so that no tenant query can reach one. Operators and admins
// read them whole (platform-logs:read, never a tenant), audited on the platform's record, no reason asked;
// a line's neighbours are the lines of its node.
import { defineKind, LEVEL, MESSAGE, REQUEST_ID, TRACE_ID, type EntryOf, type LineOf } from "@/lib/kinds/declare";
import { HOST_ID, RELEASE_ID } from "@/lib/kinds/fields";

/** A platform line may name what it concerns; these come from the record's attributes only. */
const about = <const K extends string>(key: K, label: string, max: number, ch = "LowCardinality(Nullable(String))") =>
  ({ key, label, ch, max, otlp: { from: [["attrs", key]] } }) as const;

export const platformLogs = defineKind({
  name: "platform_logs",
  metric: "platform",
  table: "platform_log_lines",
  sources: "platform_log_sources",
  fields: [
    {
      key: "component",
      label: "Component",
      ch: "LowCardinality(String)",
      max: 100,
      required: true,
      source: true,
      describe: "control-plane, projector, scheduler, agent, edge, …",
      filter: { param: "component", facet: "components" },
      otlp: {
        from: [["res", "service.name"]],
        missing: { field: "resource.service.name", message: "is required (the component)" },
      },
      loki: {
        from: [["labels", "component", "app", "service_name", "job"]],
        missing: { field: "stream.component", message: "is required (or app, service_name, job)" },
      },
    },
    {
      key: "region",
      label: "Region",
      ch: "LowCardinality(String)",
      max: 100,
      required: true,
      source: true,
      filter: { param: "region", facet: "regions" },
      otlp: {
        from: [["res", "cloud.region", "region"]],
        missing: { field: "resource.cloud.region", message: "is required (the region)" },
      },
      loki: { from: [["labels", "region"]], missing: { field: "stream.region", message: "is required" } },
    },
    {
      key: "node_id",
      label: "Node",
      ch: "LowCardinality(String)",
      max: 200,
      required: true,
      source: true,
      filter: { param: "node", facet: "nodes" },
      otlp: { from: [["res", "service.instance.id", "node_id"]] },
      loki: { from: [["labels", "node", "node_id", "instance"]] },
      fallback: { field: "host_id", value: "default" },
    },
    { ...HOST_ID, source: true, filter: { param: "host", facet: "hosts" } },
    LEVEL,
    MESSAGE,
    REQUEST_ID,
    TRACE_ID,
    {
      key: "error_class",
      label: "Error class",
      ch: "LowCardinality(Nullable(String))",
      max: 200,
      filter: { param: "error_class" },
      otlp: { from: [["attrs", "error_class", "exception.type"]] },
      loki: {
        from: [
          ["meta", "error_class"],
          ["labels", "error_class"],
        ],
      },
    },
    {
      key: "org_id",
      label: "Org",
      ch: "LowCardinality(Nullable(String))",
      max: 100,
      org: true,
      describe: "only when safe and needed",
      filter: { param: "org", describe: "lines that name this org" },
      otlp: {
        from: [
          ["attrs", "org_id"],
          ["res", "org_id"],
        ],
      },
      loki: {
        from: [
          ["meta", "org_id"],
          ["labels", "org_id"],
        ],
      },
    },
    about("app_id", "App", 100),
    about("env_id", "Env", 100),
    about("instance_id", "Instance", 200, "Nullable(String)"),
    about("route_id", "Route", 200),
    RELEASE_ID,
  ],
  // No scope: one writer at a time for the whole table, so platform ids grow in commit order for tails and resumes.
  scope: null,
  near: "node_id",
  read: { scope: "platform-logs:read", tenant: false },
  write: { scope: "logs:write" },
  paths: {
    read: "/api/v1/platform/logs",
    page: "/platform/logs",
    ingest: "/api/v1/platform/logs",
    otlp: "/api/v1/platform/otlp/v1/logs",
    loki: "/api/v1/platform/loki/api/v1/push",
    tag: "platform-logs",
  },
  words: {
    what: "the platform's logs",
    line: "platform line",
    sources: "components, regions, nodes and hosts",
    file: () => "platform-logs",
  },
  // Platform-wide reads, so sorted by time; components, regions and nodes are few.
  clickhouse: { orderBy: "(ts, id)", shardBy: "rand()" },
  retentionDays: (e) => e.PLATFORM_LOG_RETENTION_DAYS,
});

export type PlatformLogs = typeof platformLogs;
export type PlatformLogLine = LineOf<PlatformLogs>;
export type PlatformLogEntry = EntryOf<PlatformLogs>;
