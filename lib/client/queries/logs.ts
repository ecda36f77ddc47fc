// Cache contract for log views. One explorer serves every telemetry kind: its source — derived from the
// kind's declaration — says where its lines come from (API base, page), which filters it offers, and how a
// line is described. Keys nest source → list(filters) / facets / limits / context(id), so one invalidation
// reaches every view of it.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { endLogAccessEndpoint, getLogAccessEndpoint, grantLogAccessEndpoint } from "@/lib/logs/contract";
import { tenantLogs, type LogLine } from "@/lib/logs/kind";
import { platformLogs, type PlatformLogLine } from "@/lib/platform-logs/kind";
import {
  fieldOf,
  filterFields,
  scopedPath,
  sourceFields,
  type KindDecl,
  type LineBase,
  type LineOf,
} from "@/lib/kinds/declare";
import type { logLimitsSchema } from "@/lib/kinds/endpoints";
import { INVESTIGATION_MARGIN_MS } from "@/lib/vocabulary";
import { api, call, queryString } from "../api";
import { cursorPages } from "./paging";

/** What every log line has, whatever its kind. */
export type LogRecord = LineBase;

/** A picker filter backed by the source's facets: `?app=web&app=api`. */
export interface PickerFilter {
  param: string;
  label: string;
  facet: string;
}

export interface LogSource<L extends LogRecord = LogRecord> {
  /** The kind's name (its audit actions' prefix). */
  kind: string;
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
  return {
    multi,
    level: p.get("level") ?? undefined,
    q: p.get("q") ?? undefined,
    start: p.get("start") ?? "1h",
    end: p.get("end") ?? undefined,
  };
}

export function logParams(f: LogViewFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, values] of Object.entries(f.multi)) values.forEach((v) => p.append(k, v));
  for (const k of SINGLE) {
    const v = f[k];
    if (v) p.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return p;
}

/** A line is opened with this window around it: its neighbours in time are in view. */
export function lineWindow(ts: string): { start: string; end: string } {
  const t = Date.parse(ts);
  return {
    start: new Date(t - INVESTIGATION_MARGIN_MS).toISOString(),
    end: new Date(t + INVESTIGATION_MARGIN_MS).toISOString(),
  };
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
  /** Under the org's log source: stating or ending a reason refreshes the reason and the lines together. */
  access: (org: string) => [...logKeys.source(tenantLogSource(org)), "access"] as const,
};

type Page<L> = { lines: L[]; next_cursor: string | null; truncated: boolean };
type Limits = { limits: z.infer<typeof logLimitsSchema>; usage: { tails_open: number; tails_max: number } };
type Context<L> = { line: L; before: L[]; after: L[] };

export const logsQuery = <L extends LogRecord>(s: LogSource<L>, f: LogViewFilters) =>
  infiniteQueryOptions({
    queryKey: logKeys.list(s, f),
    ...cursorPages,
    queryFn: ({ pageParam, signal }) =>
      api<Page<L>>(`${s.api}?${logParams(f, { limit: "500", cursor: pageParam ?? undefined })}`, { signal }),
    staleTime: 5_000,
  });

/** The first `limit` lines of the platform matching `f`, oldest first (the incident page's errors from before impact on). */
export const platformSampleQuery = (f: LogViewFilters, limit: number) =>
  queryOptions({
    queryKey: [...logKeys.source(platformLogSource), "sample", f, limit] as const,
    queryFn: ({ signal }) =>
      api<Page<PlatformLogLine>>(`${platformLogSource.api}?${logParams(f, { limit: String(limit), order: "asc" })}`, {
        signal,
      }),
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
    queryFn: ({ signal }) => api<Limits>(`${s.api}/limits`, { signal }),
    refetchInterval: 15_000,
  });

export const contextQuery = <L extends LogRecord>(s: LogSource<L>, id: string) =>
  queryOptions({
    queryKey: logKeys.context(s, id),
    queryFn: ({ signal }) =>
      api<Context<L>>(`${s.api}/${encodeURIComponent(id)}/context${queryString({ before: 10, after: 10 })}`, {
        signal,
      }),
  });

export const exportUrl = (s: LogSource, f: LogViewFilters) => `${s.api}/export?${logParams(f)}`;
export const tailUrl = (s: LogSource, f: LogViewFilters, after?: string) =>
  `${s.api}/tail?${logParams({ ...f, start: undefined, end: undefined }, { after })}`;

const text = (v: unknown) => (typeof v === "string" ? v : null);
const at = (line: object, key: string) => text(Object.getOwnPropertyDescriptor(line, key)?.value);

/**
 * A kind's log view, from its declaration: pickers for its faceted filters, free-text ids for the others,
 * a line's details in its columns' words, and its neighbours by the column that says where it comes from.
 */
export function logSource<K extends KindDecl>(kind: K, scope: string | null = null): LogSource<LineOf<K> & LineBase> {
  const filters = filterFields(kind);
  const where = sourceFields(kind).filter((f) => f.key !== kind.scope?.field);
  const near = fieldOf(kind, kind.near);
  const nearParam = near.filter?.param ?? near.key;
  return {
    kind: kind.name,
    key: scope === null ? [kind.name] : [kind.name, scope],
    api: scopedPath(kind.paths.read, kind, scope),
    page: scopedPath(kind.paths.page, kind, scope),
    pickers: filters.flatMap((f) =>
      f.filter.facet ? [{ param: f.filter.param, label: f.label, facet: f.filter.facet }] : [],
    ),
    ids: filters.flatMap((f) => (f.filter.facet ? [] : [{ param: f.filter.param, label: f.label }])),
    where: (l) => ({
      short: `${at(l, where[0]?.key ?? kind.near) ?? ""}/${at(l, kind.near) ?? ""}`,
      long: where
        .map((f) => at(l, f.key))
        .filter(Boolean)
        .join(" · "),
    }),
    details: (l) => [
      ...kind.fields
        .filter((f) => f.key !== "level" && f.key !== "message" && f.key !== kind.scope?.field)
        .map((f): [string, string | null] => [f.label, at(l, f.key)]),
      ["Line id", l.id],
    ],
    scope: (l) => ({
      label: `this ${near.label.toLowerCase()} (${at(l, kind.near) ?? ""})`,
      param: nearParam,
      value: at(l, kind.near) ?? "",
    }),
  };
}

/** An org's logs, as its members (and operators with a reason) read them. */
export const tenantLogSource = (org: string): LogSource<LogLine> => logSource(tenantLogs, org);

/** The platform's own logs (operators and admins): by component, region, node and host. */
export const platformLogSource: LogSource<PlatformLogLine> = logSource(platformLogs);

/** Your stated reason for reading this org's logs (operators), kept on the server, never in the URL. */
export const accessQuery = (org: string) =>
  queryOptions({
    queryKey: logKeys.access(org),
    queryFn: ({ signal }) =>
      call<typeof getLogAccessEndpoint>("GET /api/v1/orgs/{org}/access", { params: { org }, signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

export const stateAccessReason = (org: string, reason: string) =>
  call<typeof grantLogAccessEndpoint>("POST /api/v1/orgs/{org}/access", { params: { org }, body: { reason } });
export const endAccessReason = (org: string) =>
  call<typeof endLogAccessEndpoint>("DELETE /api/v1/orgs/{org}/access", { params: { org } });
