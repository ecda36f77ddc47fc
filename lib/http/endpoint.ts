// An endpoint's contract: method, path, access and zod schemas. Handlers (withApi), the OpenAPI
// document and the browser client all read the same object. Browser-safe: zod only.
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "./errors";
import { type Scope } from "@/lib/vocabulary";
import type { Shape } from "./scan";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  M extends Method = Method,
  Path extends string = string,
> {
  method: M;
  /** OpenAPI-style template, e.g. /api/v1/orgs/{org}/audit */
  path: Path;
  summary: string;
  tag: string;
  /** "public": no credentials; "session": a signed-in person, not a token; default: session or token. */
  auth?: "public" | "session";
  /** Scope required; checked on the `{org}` path parameter when the path has one. */
  scope?: Scope;
  /**
   * Without an `{org}` in the path, check the scope on the org the calling token is bound to (ingest:
   * an org's own shipper token writes that org only; the handler holds every line to it).
   */
  scopeOnTokenOrg?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Success status; default 200. */
  status?: number;
  /** Response content type when not JSON (streams, metrics). */
  produces?: string;
  /** A public page's data: limited per client address (PUBLIC_RATE_PER_MINUTE, 429 with Retry-After) and cacheable for a few seconds. */
  publicRead?: boolean;
  /** Audit action written for every call, allowed or denied. */
  audit?: string;
  /** What a successful result adds to its audit event, e.g. the id of what it created. */
  auditResult?(result: z.input<R>): Record<string, unknown>;
  maxBodyBytes?: number;
  /** A JSON body's counts and depth, checked while its text is scanned, before it is parsed (lib/http/scan). */
  bodyShape?: Shape;
  /** The handler parses the body itself (ctx.rawBody); `body` then only documents it. */
  rawBody?: boolean;
}

/** What an endpoint answers, and what its body takes, from its contract (for clients and tests). */
export type ResponseOf<E extends Endpoint> = z.output<E["response"]>;
export type BodyOf<E extends Endpoint> = z.input<NonNullable<E["body"]>>;

/** A contract, keeping its literal method and path in its type (the typed client checks calls against them). */
export function endpoint<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
  M extends Method,
  Path extends string,
>(e: Endpoint<P, Q, B, R, M, Path>): Endpoint<P, Q, B, R, M, Path> {
  return e;
}

/** A query parameter that may be repeated (?app=a&app=b) or given once. */
export function repeated<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lowercase slug (letters, digits, dashes)");

export const limitParam = (max: number, dflt: number) =>
  z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`)
    .default(dflt);

/** The one error shape; its codes are published as an enum in the OpenAPI document. */
export const errorResponse = z.object({
  error: z.object({
    code: z
      .enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]])
      .describe("what went wrong, stable for programs; the HTTP status follows from it"),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  request_id: z.string(),
});
