// The browser's one way to call /api/v1: JSON in, JSON out, the error shape turned into ClientApiError.
// Calls are checked against the endpoint contracts the server uses (`call<typeof getIncidentEndpoint>(…)`),
// imported as types only: no schema code reaches the browser.
import type { z } from "zod";
import type { BodyOf, Endpoint, ResponseOf } from "@/lib/http/endpoint";

export class ClientApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ClientApiError";
  }
}

/** A failed request worth trying again: not one the server refused (4xx), but a network or server error. */
export const retryable = (err: unknown) => !(err instanceof ClientApiError && err.status < 500);

/** The error shape's fields, read from whatever an error answer held (nothing when it is not that shape). */
function errorFields(data: unknown): { code?: string; message?: string; details?: unknown; requestId?: string } {
  if (typeof data !== "object" || data === null) return {};
  const requestId = "request_id" in data && typeof data.request_id === "string" ? data.request_id : undefined;
  const error = "error" in data && typeof data.error === "object" && data.error !== null ? data.error : {};
  return {
    code: "code" in error && typeof error.code === "string" ? error.code : undefined,
    message: "message" in error && typeof error.message === "string" ? error.message : undefined,
    details: "details" in error ? error.details : undefined,
    requestId,
  };
}

/** The fields a refused body names (validation_failed), with what is wrong with each. */
export function fieldErrors(details: unknown): { field: string; message: string }[] {
  if (typeof details !== "object" || details === null || !("fields" in details) || !Array.isArray(details.fields))
    return [];
  const fields: unknown[] = details.fields;
  return fields.flatMap((x) =>
    typeof x === "object" &&
    x !== null &&
    "field" in x &&
    "message" in x &&
    typeof x.field === "string" &&
    typeof x.message === "string"
      ? [{ field: x.field, message: x.message }]
      : [],
  );
}

/**
 * A request to a URL the caller built; the answer is typed by the caller. Prefer `call`, which builds the
 * URL and the type from an endpoint's contract; this is for paths a contract cannot name in its type.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; cache?: RequestCache } = {},
): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    cache: init.cache,
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
    credentials: "same-origin",
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = errorFields(data);
    if (res.status === 401 && typeof window !== "undefined") {
      // The session ended (expired or signed out elsewhere): a full reload through the sign-in page.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a reload is the point: it drops cached data
      window.location.href = `/login?callbackUrl=${encodeURIComponent(location.pathname + location.search)}`;
    }
    throw new ClientApiError(
      res.status,
      err.code ?? "error",
      err.message ?? `Request failed (${res.status})`,
      err.details,
      err.requestId,
    );
  }
  // The one place the browser trusts the server: its answer follows the contract the server validated it against.
  return data as T;
}

/** `?a=1&b=x&b=y` from the values that are set (arrays repeat the key), or "" when none is. */
export function queryString(params: object): string {
  const q = new URLSearchParams();
  const entries: [string, unknown][] = Object.entries(params);
  for (const [k, v] of entries) {
    if (Array.isArray(v)) v.forEach((x: unknown) => q.append(k, String(x)));
    else if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The names in a path template: "/orgs/{org}/changes/{id}" → "org" | "id". */
type ParamNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** What a call names: the endpoint's method and path template, e.g. "GET /api/v1/incidents/{id}". */
export type RouteOf<E extends Endpoint> = `${E["method"]} ${E["path"]}`;

type Input<S> = S extends z.ZodType ? z.input<S> : never;
/** Present exactly when the endpoint has it; required when it cannot be left out. */
type Part<Key extends string, T> = [T] extends [never]
  ? { [K in Key]?: never }
  : undefined extends T
    ? { [K in Key]?: T }
    : { [K in Key]: T };
/** A part that is absent when the endpoint declares no schema for it (its input is then `unknown`). */
type Declared<T> = unknown extends T ? never : T;
/** A query's keys may be left out wherever the schema takes undefined (`unknown` too: preprocessed lists). */
type Omissible<T> = { [K in keyof T as undefined extends T[K] ? K : never]?: T[K] } & {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
};
type QueryOf<E extends Endpoint> = Extract<Omissible<Declared<Input<NonNullable<E["query"]>>>>, object>;
/** Whether every key of T may be left out. */
type AllOptional<T> = Partial<T> extends T ? true : false;

/** A call's parts, typed from its endpoint: the path's `{names}`, the query as its schema reads it, the body. */
export type CallOptions<E extends Endpoint> = Part<
  "params",
  [ParamNames<E["path"]>] extends [never] ? never : Record<ParamNames<E["path"]>, string>
> &
  Part<"query", AllOptional<QueryOf<E>> extends true ? QueryOf<E> | undefined : QueryOf<E>> &
  Part<"body", Declared<BodyOf<E>>> & { signal?: AbortSignal; cache?: RequestCache };

type CallArgs<E extends Endpoint> =
  AllOptional<CallOptions<E>> extends true ? [options?: CallOptions<E>] : [options: CallOptions<E>];

interface Parts {
  params?: { readonly [name: string]: string };
  query?: object;
  body?: unknown;
  signal?: AbortSignal;
  cache?: RequestCache;
}

/** The URL of a route's path template with its `{names}` filled in (encoded) and its query after it. */
function urlOf(template: string, { params = {}, query = {} }: Parts): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  return `${path}${queryString(query)}`;
}

function split(route: string): { method: string; template: string } {
  const space = route.indexOf(" ");
  return { method: route.slice(0, space), template: route.slice(space + 1) };
}

/**
 * A call to one endpoint, checked against its contract: `call<typeof getIncidentEndpoint>("GET
 * /api/v1/incidents/{id}", { params: { id } })` answers `ResponseOf<typeof getIncidentEndpoint>`.
 */
export function call<E extends Endpoint>(route: RouteOf<E>, ...[options]: CallArgs<E>): Promise<ResponseOf<E>> {
  const parts: Parts = options ?? {};
  const { method, template } = split(route);
  const { body, signal, cache } = parts;
  return api<ResponseOf<E>>(urlOf(template, parts), { method, body, signal, cache });
}

/** The URL of an endpoint a call does not fetch (a live tail's stream, a download), with the same checks. */
export function pathOf<E extends Endpoint>(route: RouteOf<E>, ...[options]: CallArgs<E>): string {
  return urlOf(split(route).template, options ?? {});
}

export type { BodyOf, ResponseOf } from "@/lib/http/endpoint";
