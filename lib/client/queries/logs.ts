// Cache contract for log views. One explorer serves every kind of log: a source says where its lines
// come from (API base, page), which filters it offers, and how a line is described. Keys nest
// source → list(filters) / facets / limits / context(id), so one invalidation reaches every view of it.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { getLogAccessEndpoint, LogLine, logLimitsEndpoint, queryLogsEndpoint } from "@/lib/logs/contract";
import type { PlatformLogLine } from "@/lib/platform-logs/contract";
import { api, queryString, type ResponseOf } from "../api";
import { INVESTIGATION_MARGIN_MS } from "@/lib/vocabulary";

/** What every log line has, whatever its source. */
export interface LogRecord {
  id: string;
  ts: string;
  level: string;
  message: string;
  request_id: string | null;
  trace_id: string | null;
  attrs: Record<string, unknown> | null;
}

/** A picker filter backed by the source's facets: `?app=web&app=api`. */
export interface PickerFilter {
  param: string;
  label: string;
  facet: string;
}

export interface LogSource<L extends LogRecord = LogRecord> {
  /** Query-key root, unique per source. */
  key: readonly string[];
  /** The API's base path for this source's logs. */
  api: string;
  /** The page path of this source (links to one line). */
  page: string;
  pickers: PickerFilter[];
  /** Exact-match id filters that are free text (request id, trace id, host, …). */
  ids: { param: string; label: string }[];
  /** Where a line comes from, short (the row) and long (its tooltip). */
  where(line: L): { short: string; long: string };
  /** A line's fields for the detail panel. */
  details(line: L): [label: string, value: string | null][];
  /** What "the lines around it" are around, and how to narrow the view to it. */
  scope(line: L): { label: string; param: string; value: string };
}

/** A view's filters, all from the URL: pickers and ids are lists, the rest single values. */
export interface LogViewFilters {
  multi: Record<string, string[]>;
  level?: string;
  q?: string;
  start?: string;
  end?: string;
}

const SINGLE = ["level", "q", "start", "end"] as const;

export function readLogFilters(source: LogSource, p: URLSearchParams): LogViewFilters {
  const multi: Record<string, string[]> = {};
  for (const { param } of [...source.pickers, ...source.ids]) multi[param] = p.getAll(param);
  return { multi, level: p.get("level") ?? undefined, q: p.get("q") ?? undefined, start: p.get("start") ?? "1h", end: p.get("end") ?? undefined };
}

export function logParams(f: LogViewFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, values] of Object.entries(f.multi)) values.forEach((v) => p.append(k, v));
  for (const k of SINGLE) if (f[k]) p.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return p;
}

/** A line is opened with this window around it: its neighbours in time are in view. */
export function lineWindow(ts: string): { start: string; end: string } {
  const t = Date.parse(ts);
  return { start: new Date(t - INVESTIGATION_MARGIN_MS).toISOString(), end: new Date(t + INVESTIGATION_MARGIN_MS).toISOString() };
}

/** A link to one line of a source's page, with the filters it is seen under. */
export function lineHref(page: string, line: { id: string; ts: string }, f: LogViewFilters = { multi: {} }): string {
  return `${page}?${logParams({ ...f, ...lineWindow(line.ts) }, { line: line.id })}`;
}

export const logKeys = {
  source: (s: LogSource) => ["logs", ...s.key] as const,
  list: (s: LogSource, f: LogViewFilters) => [...logKeys.source(s), "list", f] as const,
  facets: (s: LogSource) => [...logKeys.source(s), "facets"] as const,
  limits: (s: LogSource) => [...logKeys.source(s), "limits"] as const,
  context: (s: LogSource, id: string) => [...logKeys.source(s), "context", id] as const,
  access: (org: string) => ["logs", "org", org, "access"] as const,
};

type Page<L> = Omit<ResponseOf<typeof queryLogsEndpoint>, "lines"> & { lines: L[] };
type Context<L> = { line: L; before: L[]; after: L[] };

export const logsQuery = <L extends LogRecord>(s: LogSource<L>, f: LogViewFilters) =>
  infiniteQueryOptions({
    queryKey: logKeys.list(s as LogSource, f),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api<Page<L>>(`${s.api}?${logParams(f, { limit: "500", cursor: pageParam ?? undefined })}`, { signal }),
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 5_000,
  });

/** The first `limit` lines of the platform matching `f`, oldest first (the incident page's errors from before impact on). */
export const platformSampleQuery = (f: LogViewFilters, limit: number) =>
  queryOptions({
    queryKey: [...logKeys.source(platformLogSource), "sample", f, limit] as const,
    queryFn: ({ signal }) => api<Page<PlatformLogLine>>(`${platformLogSource.api}?${logParams(f, { limit: String(limit), order: "asc" })}`, { signal }),
    refetchInterval: 30_000,
  });

export const facetsQuery = (s: LogSource) =>
  queryOptions({
    queryKey: logKeys.facets(s),
    queryFn: ({ signal }) => api<Record<string, string[]>>(`${s.api}/facets`, { signal }),
    staleTime: 60_000,
  });

export const limitsQuery = (s: LogSource) =>
  queryOptions({
    queryKey: logKeys.limits(s),
    queryFn: ({ signal }) => api<ResponseOf<typeof logLimitsEndpoint>>(`${s.api}/limits`, { signal }),
    refetchInterval: 15_000,
  });

export const contextQuery = <L extends LogRecord>(s: LogSource<L>, id: string) =>
  queryOptions({
    queryKey: logKeys.context(s as LogSource, id),
    queryFn: ({ signal }) => api<Context<L>>(`${s.api}/${encodeURIComponent(id)}/context${queryString({ before: 10, after: 10 })}`, { signal }),
  });

export const exportUrl = (s: LogSource, f: LogViewFilters) => `${s.api}/export?${logParams(f)}`;
export const tailUrl = (s: LogSource, f: LogViewFilters, after?: string) => `${s.api}/tail?${logParams({ ...f, start: undefined, end: undefined }, { after })}`;

/** An org's logs, as its members (and operators with a reason) read them. */
export function tenantLogSource(org: string): LogSource<LogLine> {
  return {
    key: ["org", org],
    api: `/api/v1/orgs/${encodeURIComponent(org)}/logs`,
    page: `/orgs/${encodeURIComponent(org)}/logs`,
    pickers: [
      { param: "app", label: "App", facet: "apps" },
      { param: "env", label: "Env", facet: "envs" },
      { param: "process", label: "Process", facet: "processes" },
      { param: "instance", label: "Instance", facet: "instances" },
    ],
    ids: [
      { param: "host", label: "Host" },
      { param: "request_id", label: "Request id" },
      { param: "trace_id", label: "Trace id" },
    ],
    where: (l) => ({ short: `${l.app_id}/${l.instance_id}`, long: `${l.app_id}/${l.env_id} ${l.instance_id}` }),
    details: (l) => [
      ["App", l.app_id],
      ["Env", l.env_id],
      ["Process", l.process_type],
      ["Instance", l.instance_id],
      ["Release", l.release_id],
      ["Host", l.host_id],
      ["Request id", l.request_id],
      ["Trace id", l.trace_id],
      ["Line id", l.id],
    ],
    scope: (l) => ({ label: `this instance (${l.instance_id})`, param: "instance", value: l.instance_id }),
  };
}

/** The platform's own logs (operators and admins): by component, region, node and host. */
export const platformLogSource: LogSource<PlatformLogLine> = {
  key: ["platform"],
  api: "/api/v1/platform/logs",
  page: "/platform/logs",
  pickers: [
    { param: "component", label: "Component", facet: "components" },
    { param: "region", label: "Region", facet: "regions" },
    { param: "node", label: "Node", facet: "nodes" },
    { param: "host", label: "Host", facet: "hosts" },
  ],
  ids: [
    { param: "request_id", label: "Request id" },
    { param: "trace_id", label: "Trace id" },
    { param: "org", label: "Org" },
    { param: "error_class", label: "Error class" },
  ],
  where: (l) => ({ short: `${l.component}/${l.node_id}`, long: `${l.component} in ${l.region} on ${l.node_id}${l.host_id ? ` (host ${l.host_id})` : ""}` }),
  details: (l) => [
    ["Component", l.component],
    ["Region", l.region],
    ["Node", l.node_id],
    ["Host", l.host_id],
    ["Error class", l.error_class],
    ["Org", l.org_id],
    ["App", l.app_id],
    ["Env", l.env_id],
    ["Instance", l.instance_id],
    ["Route", l.route_id],
    ["Release", l.release_id],
    ["Request id", l.request_id],
    ["Trace id", l.trace_id],
    ["Line id", l.id],
  ],
  scope: (l) => ({ label: `this node (${l.node_id})`, param: "node", value: l.node_id }),
};

/** Your stated reason for reading this org's logs (operators), kept on the server, never in the URL. */
export const accessQuery = (org: string) =>
  queryOptions({
    queryKey: logKeys.access(org),
    queryFn: ({ signal }) => api<ResponseOf<typeof getLogAccessEndpoint>>(`/api/v1/orgs/${encodeURIComponent(org)}/access`, { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

export const stateAccessReason = (org: string, reason: string) => api(`/api/v1/orgs/${encodeURIComponent(org)}/access`, { method: "POST", body: { reason } });
export const endAccessReason = (org: string) => api(`/api/v1/orgs/${encodeURIComponent(org)}/access`, { method: "DELETE" });
