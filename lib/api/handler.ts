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
import { actorFromRequest } from "@/lib/auth/actor";
import { holds, type Actor } from "@/lib/auth/permissions";
import { auditActor, recordAudit } from "@/lib/audit";
import { observeRequest, observeUnauthenticated } from "@/lib/telemetry/metrics";
import { ApiError, logError, type ErrorBody, type FieldIssue } from "@/lib/http/errors";
import { parseJson, readBytes } from "@/lib/http/body";
import { unknownFields } from "@/lib/http/unknown-fields";
import { requestIp } from "@/lib/http/request-origin";
import { publicGate } from "@/lib/limits/public";
import { UNSTORABLE_MESSAGE, unstorableAt } from "@/lib/text";
import type { Endpoint, Method } from "@/lib/http/endpoint";
import { testing } from "@/lib/env";

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
  /** The body's bytes as sent, for endpoints that decode it themselves (rawBody). */
  rawBody: Uint8Array;
}

type Result<E extends Endpoint> = z.input<E["response"]> | Response;
export type RouteHandler = ((req: Request, route: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) & {
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

function fieldError(fields: FieldIssue[], where: string): ApiError {
  const summary = fields.slice(0, 3).map((f) => `${f.field}: ${f.message}`).join("; ");
  return new ApiError("validation_failed", `Invalid ${where}: ${summary}${fields.length > 3 ? ` (and ${fields.length - 3} more)` : ""}`, {
    details: { fields },
  });
}

function zodIssues(error: z.ZodError, where: string): FieldIssue[] {
  return error.issues.map((i) => ({ field: [where, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

const NOTHING = z.strictObject({});

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): Out<S> {
  const bad = unstorableAt(value, where);
  if (bad) throw fieldError([{ field: bad, message: UNSTORABLE_MESSAGE }], where);
  if (!schema) {
    // An endpoint that takes no query (or no body) refuses any: a field sent is a field that would be ignored.
    const extra = unknownFields(NOTHING, value, where);
    if (extra.length) throw fieldError(extra, where);
    return undefined as Out<S>;
  }
  const unknown = unknownFields(schema, value, where);
  const result = schema.safeParse(value);
  const issues = [...unknown, ...(result.success ? [] : zodIssues(result.error, where))];
  if (issues.length) throw fieldError(issues, where);
  return result.data as Out<S>;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

const JSON_TYPE = /^application\/(.+\+)?json\s*(;.*)?$/i;

async function readJson(req: Request, max: number): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !JSON_TYPE.test(type.trim())) throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  const text = new TextDecoder().decode(await readBytes(req, max));
  if (text.trim() === "") return {};
  return parseJson(text, "body");
}

/** An endpoint without a body schema takes none: an empty body or `{}` only. */
async function noBody(req: Request): Promise<undefined> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return undefined;
  const text = new TextDecoder().decode(await readBytes(req, 64 * 1024)).trim();
  if (text === "") return undefined;
  const value = parseJson(text, "body");
  if (value && typeof value === "object" && !Array.isArray(value)) {
    parse(undefined, value, "body"); // names each field sent
    return undefined;
  }
  throw fieldError([{ field: "body", message: "this endpoint takes no body" }], "body");
}

/** Session-authenticated changes must come from this site (SameSite=Lax is the first guard). */
function checkOrigin(req: Request, actor: Actor) {
  if (actor.kind !== "user" || req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (origin === null) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null", garbage: not this site
  }
  if (!originHost || originHost !== host) throw new ApiError("forbidden", "Cross-site request refused.");
}

async function resolveCaller(ep: Endpoint, req: Request): Promise<Actor | null> {
  if (ep.auth === "public") return actorFromRequest(req).catch(() => null);
  const actor = await actorFromRequest(req);
  if (!actor) throw new ApiError("unauthorized", "Sign in or send 'Authorization: Bearer <token>'.");
  return actor;
}

function checkAccess(ep: Endpoint, req: Request, actor: Actor | null, org: string | undefined) {
  if (!actor) return;
  if (ep.auth === "session" && actor.kind === "token") {
    throw new ApiError("forbidden", "This endpoint is for signed-in people, not API tokens.");
  }
  checkOrigin(req, actor);
  if (org === undefined && ep.scopeOnTokenOrg) org = actor.token?.org_id ?? undefined;
  if (ep.scope && !holds(actor.grants, ep.scope, org)) {
    // The same answer whether or not the org exists.
    throw new ApiError("forbidden", org ? `You do not have ${ep.scope} on this org.` : `This needs the ${ep.scope} scope.`);
  }
}

const ID_LIKE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * What an audited call acted on: its validated path parameters other than the org, e.g. `inc_…` or
 * `ho_…/review-tickets` — only when each looks like an id (no free text from a URL reaches the log).
 */
function auditTarget(params: unknown): string | null {
  if (!params || typeof params !== "object") return null;
  const parts = Object.entries(params as Record<string, unknown>)
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

export function withApi<E extends Endpoint>(ep: E, fn: (ctx: ApiContext<E>) => Promise<Result<E>> | Result<E>): RouteHandler {
  const handler: RouteHandler = async (req, route) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const clientRequestId = req.headers.get("x-request-id");
    const ip = requestIp(req);
    const head = req.method === "HEAD";
    const rawParams = (await route?.params) ?? {};
    const rawOrg = typeof rawParams.org === "string" ? rawParams.org : undefined;
    let actor: Actor | null = null;
    let stage: Stage = "caller";
    let params: unknown = undefined;
    const auditDetails: Record<string, unknown> = {};
    let response: Response;
    let errorCode: string | null = null;

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
        orgId: admitted ? (rawOrg ?? null) : null,
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
        if (wait > 0) throw new ApiError("rate_limited", `Too many requests from this address; try again in ${wait} s.`, { retryAfter: wait });
      }
      actor = await resolveCaller(ep, req);
      stage = "access";
      checkAccess(ep, req, actor, rawOrg);
      stage = "handled";
      params = parse(ep.params, rawParams, "params");
      const query = parse(ep.query, queryObject(new URL(req.url)), "query") as Out<E["query"]>;
      const max = ep.maxBodyBytes ?? DEFAULT_MAX_BODY;
      const rawBody = ep.rawBody ? await readBytes(req, max) : new Uint8Array(0);
      const body = ep.rawBody ? undefined : ep.body ? parse(ep.body, await readJson(req, max), "body") : await noBody(req);
      if (head) {
        // HEAD answers what GET would about access and input, and never runs the handler: no stream
        // is opened, no limit slot taken, nothing read.
        response = new Response(null, { status: ep.status ?? 200, headers: { "content-type": ep.produces ?? "application/json", "cache-control": "no-store" } });
      } else {
        const result = await fn({
          req,
          actor: actor as ApiContext<E>["actor"],
          params: params as Out<E["params"]>,
          query,
          body: body as Out<E["body"]>,
          rawBody,
          requestId,
          ip,
          auditDetails,
        });
        if (result instanceof Response) {
          response = result;
        } else {
          if (testing()) ep.response.parse(result); // the contract is what we send
          if (ep.auditResult) Object.assign(auditDetails, ep.auditResult(result));
          response = Response.json(result, { status: ep.status ?? 200, headers: { "cache-control": ep.publicRead ? PUBLIC_CACHE : "no-store" } });
        }
      }
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      if (!apiErr) logError(`[${requestId}] ${ep.method} ${ep.path} failed`, err);
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
          response = errorResponse(new ApiError("unavailable", "This read could not be recorded in the audit log, so nothing was returned. Try again shortly.", { retryAfter: 5 }), requestId);
        }
      }
    }
    // A HEAD answer never has a body, its errors included (the status and headers say what GET would).
    if (head && response.body) response = new Response(null, { status: response.status, headers: response.headers });
    response.headers.set("x-request-id", requestId);
    observeRequest(head ? "HEAD" : ep.method, ep.path, response.status, (performance.now() - started) / 1000);
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
    const res = errorResponse(new ApiError("method_not_allowed", `${req.method} is not allowed here; use ${allowed}.`), requestId);
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
