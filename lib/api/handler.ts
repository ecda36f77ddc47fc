// withApi: the one wrapper around every /api/v1 handler. Resolves the caller (session or token),
// checks the scope (on the {org} in the path when there is one), parses params, query and body with
// the endpoint's zod schemas (refusing fields they do not name), sets the request id, writes the
// endpoint's audit event, records metrics, and maps every error to the one JSON shape.
//
// Audit rules, here once: an unauthenticated call is counted (/api/metrics), not stored; a refused
// caller's event goes to the platform log only, without the org or any text from the URL; an event
// reaches an org's own audit view only once the caller passed the scope check on that org, and its
// target is built from validated parameters. A read (GET) whose audit event cannot be written
// returns nothing: no audit, no read.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/permissions";
import { auditActor, recordAudit } from "@/lib/audit";
import { observeRequest, observeUnauthenticated } from "@/lib/telemetry/metrics";
import { ApiError, logError, type ErrorBody } from "@/lib/http/errors";
import { readBytes } from "@/lib/http/body";
import { requestIp } from "@/lib/http/request-origin";
import { publicGate } from "@/lib/limits/public";
import type { Endpoint, Method } from "@/lib/http/endpoint";
import { checkAccess, resolveCaller } from "./access";
import { noBody, parseInput, queryObject, readJson } from "./input";
import { testing } from "@/lib/env";
import { traceRequest, type RequestTrace } from "@/lib/telemetry/tracing";

const DEFAULT_MAX_BODY = 1024 * 1024;
/** A public page's answer may be kept by browsers and CDNs for a few seconds. */
export const PUBLIC_CACHE = "public, max-age=5";
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type Out<S> = [NonNullable<S>] extends [z.ZodType] ? z.output<NonNullable<S>> : undefined;

export interface ApiContext<E extends Endpoint> {
  req: Request;
  actor: E["auth"] extends "public" ? Actor | null : Actor;
  params: Out<E["params"]>;
  query: Out<E["query"]>;
  body: Out<E["body"]>;
  /** This server's id for the request (a client's X-Request-Id is kept beside it in the audit event). */
  requestId: string;
  ip: string | null;
  /** Add fields to this call's audit event (rows returned, filters, reason). */
  auditDetails: Record<string, unknown>;
  /**
   * The org a read without an `{org}` in its path turned out to concern (an instance's, a route's), once the
   * handler has checked the caller's access to it: its audit event then reaches that org's audit view.
   */
  auditOrg(org: string): void;
  /** The body's bytes as sent, for endpoints that decode it themselves (rawBody). */
  rawBody: Uint8Array;
}

type Result<E extends Endpoint> = z.input<E["response"]> | Response;
export type RouteHandler = ((
  req: Request,
  route: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>) & {
  endpoint?: Endpoint;
};

export function errorBody(err: ApiError, requestId: string): ErrorBody {
  return {
    error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) },
    request_id: requestId,
  };
}

export function errorResponse(err: ApiError, requestId: string, extra: Record<string, unknown> = {}): Response {
  const headers = new Headers({ "x-request-id": requestId, "cache-control": "no-store" });
  if (err.retryAfter !== undefined) headers.set("retry-after", String(err.retryAfter));
  return Response.json({ ...errorBody(err, requestId), ...extra }, { status: err.status, headers });
}

/**
 * What withApi checked, as the handler's context: each input was parsed by the endpoint's own schema (or
 * refused when it has none) and a non-public endpoint's caller was resolved or refused. TypeScript cannot
 * follow a generic endpoint to its schemas' outputs, so this is the one place that states it.
 */
type Checked<E extends Endpoint> = Omit<ApiContext<E>, "actor" | "params" | "query" | "body"> & {
  actor: Actor | null;
  params: unknown;
  query: unknown;
  body: unknown;
};
function apiContext<E extends Endpoint>(checked: Checked<E>): ApiContext<E> {
  return checked as ApiContext<E>;
}

const ID_LIKE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * What an audited call acted on: its validated path parameters other than the org, e.g. `inc_…` or
 * `ho_…/review-tickets` — only when each looks like an id (no free text from a URL reaches the log).
 */
function auditTarget(params: unknown): string | null {
  if (!params || typeof params !== "object") return null;
  const parts = Object.entries(params)
    .filter(([k, v]) => k !== "org" && (typeof v === "string" || typeof v === "number"))
    .map(([, v]) => String(v));
  return parts.length && parts.every((p) => ID_LIKE.test(p)) ? parts.join("/") : null;
}

/** A refused caller's target: the path parameters if they pass the endpoint's schema, else none. */
function refusedTarget(ep: Endpoint, rawParams: unknown): string | null {
  const parsed = ep.params?.safeParse(rawParams);
  return parsed?.success ? auditTarget(parsed.data) : null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

type Stage = "caller" | "access" | "handled";

export function withApi<E extends Endpoint>(
  ep: E,
  fn: (ctx: ApiContext<E>) => Promise<Result<E>> | Result<E>,
): RouteHandler {
  const handler: RouteHandler = async (req, route) => {
    const requestId = crypto.randomUUID();
    const method = req.method === "HEAD" ? "HEAD" : ep.method;
    return traceRequest(req, method, ep.path, requestId, (traced) => handle(req, route, requestId, traced));
  };
  const handle = async (
    req: Request,
    route: { params: Promise<Record<string, string | string[]>> },
    requestId: string,
    traced: RequestTrace,
  ): Promise<Response> => {
    const started = performance.now();
    const clientRequestId = req.headers.get("x-request-id");
    const ip = requestIp(req);
    const head = req.method === "HEAD";
    const rawParams = (await route?.params) ?? {};
    const rawOrg = typeof rawParams.org === "string" ? rawParams.org : undefined;
    let actor: Actor | null = null;
    let stage: Stage = "caller";
    let params: unknown = undefined;
    const auditDetails: Record<string, unknown> = {};
    let concerns: string | null = null;
    const auditOrg = (org: string) => {
      concerns = org;
    };
    let response: Response;
    let errorCode: string | null = null;
    let unexpected: unknown = undefined;

    const writeAudit = async (status: number, code: string | null) => {
      if (!ep.audit) return;
      if (!actor) {
        observeUnauthenticated(ep.method, ep.path);
        return;
      }
      const admitted = stage === "handled";
      await recordAudit({
        action: ep.audit,
        outcome: status < 400 ? "allowed" : status === 401 || status === 403 ? "denied" : "failure",
        actor: auditActor(actor),
        orgId: admitted ? (rawOrg ?? concerns) : null,
        target: admitted ? auditTarget(params) : refusedTarget(ep, rawParams),
        requestId,
        ip,
        details: {
          status,
          ...(code ? { code } : {}),
          duration_ms: Math.round(performance.now() - started),
          ...(!admitted && rawOrg && SLUG.test(rawOrg) ? { requested_org: rawOrg } : {}),
          ...(clientRequestId && REQUEST_ID.test(clientRequestId) ? { client_request_id: clientRequestId } : {}),
          ...(admitted ? auditDetails : {}),
        },
      });
    };

    try {
      if (ep.publicRead) {
        const wait = await publicGate(ip);
        if (wait > 0)
          throw new ApiError("rate_limited", `Too many requests from this address; try again in ${wait} s.`, {
            retryAfter: wait,
          });
      }
      actor = await resolveCaller(ep, req);
      stage = "access";
      checkAccess(ep, req, actor, rawOrg);
      stage = "handled";
      params = parseInput(ep.params, rawParams, "params");
      const query = parseInput(ep.query, queryObject(new URL(req.url)), "query");
      const max = ep.maxBodyBytes ?? DEFAULT_MAX_BODY;
      const rawBody = ep.rawBody ? await readBytes(req, max) : new Uint8Array(0);
      const body = ep.rawBody
        ? undefined
        : ep.body
          ? parseInput(ep.body, await readJson(req, max, ep.bodyShape), "body")
          : await noBody(req);
      if (head) {
        // HEAD answers what GET would about access and input, and never runs the handler: no stream
        // is opened, no limit slot taken, nothing read.
        response = new Response(null, {
          status: ep.status ?? 200,
          headers: { "content-type": ep.produces ?? "application/json", "cache-control": "no-store" },
        });
      } else {
        const result = await fn(
          apiContext<E>({ req, actor, params, query, body, rawBody, requestId, ip, auditDetails, auditOrg }),
        );
        if (result instanceof Response) {
          response = result;
        } else {
          if (testing()) ep.response.parse(result); // the contract is what we send
          if (ep.auditResult) Object.assign(auditDetails, ep.auditResult(result));
          response = Response.json(result, {
            status: ep.status ?? 200,
            headers: { "cache-control": ep.publicRead ? PUBLIC_CACHE : "no-store" },
          });
        }
      }
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      if (!apiErr) {
        logError(`[${requestId}] ${ep.method} ${ep.path} failed`, err);
        unexpected = err;
      }
      const e = apiErr ?? new ApiError("internal", "Something went wrong on our side.");
      errorCode = e.code;
      response = errorResponse(e, requestId);
    }
    if (!head) {
      try {
        await writeAudit(response.status, errorCode);
      } catch (e) {
        logError(`[${requestId}] audit write failed`, e);
        if (ep.method === "GET" && response.status < 400) {
          // No audit, no read: what was read is not sent.
          await response.body?.cancel().catch(() => {});
          response = errorResponse(
            new ApiError(
              "unavailable",
              "This read could not be recorded in the audit log, so nothing was returned. Try again shortly.",
              { retryAfter: 5 },
            ),
            requestId,
          );
        }
      }
    }
    // A HEAD answer never has a body, its errors included (the status and headers say what GET would).
    if (head && response.body) response = new Response(null, { status: response.status, headers: response.headers });
    response.headers.set("x-request-id", requestId);
    observeRequest(head ? "HEAD" : ep.method, ep.path, response.status, (performance.now() - started) / 1000);
    traced(actor, unexpected);
    return response;
  };
  handler.endpoint = ep;
  return handler;
}

/** A route module's exports: the given methods, HEAD wherever there is a GET, and 405 in the error shape for the rest. */
export function route(handlers: Partial<Record<Method, RouteHandler>>): Record<Method | "HEAD", RouteHandler> {
  const allowed = [...Object.keys(handlers), ...(handlers.GET ? ["HEAD"] : [])].join(", ");
  const notAllowed: RouteHandler = async (req) => {
    const requestId = crypto.randomUUID();
    const res = errorResponse(
      new ApiError("method_not_allowed", `${req.method} is not allowed here; use ${allowed}.`),
      requestId,
    );
    res.headers.set("allow", allowed);
    return res;
  };
  return {
    GET: handlers.GET ?? notAllowed,
    // Declared so Next.js does not answer HEAD by running GET and dropping the body (a stream would
    // open, and never be read or closed).
    HEAD: handlers.GET ?? notAllowed,
    POST: handlers.POST ?? notAllowed,
    PUT: handlers.PUT ?? notAllowed,
    PATCH: handlers.PATCH ?? notAllowed,
    DELETE: handlers.DELETE ?? notAllowed,
  };
}
