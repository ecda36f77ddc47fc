// withApi: the one wrapper around every /api/v1 handler. Resolves the caller (session or token),
// checks the scope (on the {org} in the path when there is one), parses params, query and body with
// the endpoint's zod schemas, sets the request id, writes the endpoint's audit event, records metrics,
// and maps every error to the one JSON shape.
import "server-only";
import { z } from "zod";
import { actorFromRequest, auditActor, type Actor } from "@/lib/auth/actor";
import { holds } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import { observeRequest } from "@/lib/telemetry/metrics";
import { ApiError, type ErrorBody, type FieldIssue } from "./errors";
import type { Endpoint, Method } from "./endpoint";

const DEFAULT_MAX_BODY = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type Out<S> = [NonNullable<S>] extends [z.ZodType] ? z.output<NonNullable<S>> : undefined;

export interface ApiContext<E extends Endpoint> {
  req: Request;
  actor: E["auth"] extends "public" ? Actor | null : Actor;
  params: Out<E["params"]>;
  query: Out<E["query"]>;
  body: Out<E["body"]>;
  requestId: string;
  ip: string | null;
  /** Add fields to this call's audit event (rows returned, filters, reason). */
  auditDetails: Record<string, unknown>;
  /** The body as sent, for endpoints that parse it themselves (rawBody). */
  rawBody: string;
  /**
   * For streams: the audit event is written when the returned function is called (once, with the
   * final details), not when the response starts.
   */
  deferAudit: () => (details?: Record<string, unknown>) => Promise<void>;
}

type Result<E extends Endpoint> = z.input<E["response"]> | Response;
export type RouteHandler = ((req: Request, route: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) & {
  endpoint?: Endpoint;
};

export function requestIp(req: Request): string | null {
  const fwd = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return fwd || req.headers.get("x-real-ip") || null;
}

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

function fieldIssues(error: z.ZodError, where: string): ApiError {
  const fields: FieldIssue[] = error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
  const summary = fields.slice(0, 3).map((f) => `${f.field}: ${f.message}`).join("; ");
  return new ApiError("validation_failed", `Invalid ${where}: ${summary}${fields.length > 3 ? ` (and ${fields.length - 3} more)` : ""}`, {
    details: { fields },
  });
}

/** The path of the first string holding a NUL character, which Postgres text cannot store. */
function nulAt(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = nulAt(value[i], `${path}.${i}`);
      if (hit) return hit;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const hit = nulAt(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): Out<S> {
  const nul = nulAt(value, where);
  if (nul) throw new ApiError("validation_failed", `${nul}: must not contain NUL characters`, { details: { fields: [{ field: nul, message: "must not contain NUL characters" }] } });
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw fieldIssues(result.error, where);
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

async function readText(req: Request, max: number, json: boolean): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new ApiError("payload_too_large", `The body is larger than the ${max} byte limit.`);
  const type = req.headers.get("content-type") ?? "";
  if (json && type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > max) throw new ApiError("payload_too_large", `The body is larger than the ${max} byte limit.`);
  return text;
}

async function readJson(req: Request, max: number): Promise<unknown> {
  const text = await readText(req, max, true);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError("invalid_json", `The body is not valid JSON: ${(e as Error).message}`, { details: { fields: [{ field: "body", message: "is not valid JSON" }] } });
  }
}

/** Session-authenticated changes must come from this site (SameSite=Lax is the first guard). */
function checkOrigin(req: Request, actor: Actor) {
  if (actor.kind !== "user" || req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host && new URL(origin).host !== host) throw new ApiError("forbidden", "Cross-site request refused.");
}

async function resolveCaller(ep: Endpoint, req: Request): Promise<Actor | null> {
  if (ep.auth === "public") return actorFromRequest(req).catch(() => null);
  const actor = await actorFromRequest(req);
  if (!actor) throw new ApiError("unauthorized", "Sign in or send 'Authorization: Bearer <token>'.");
  return actor;
}

function checkAccess(ep: Endpoint, req: Request, actor: Actor | null, params: Record<string, unknown>) {
  if (!actor) return;
  if (ep.auth === "session" && actor.kind === "token") {
    throw new ApiError("forbidden", "This endpoint is for signed-in people, not API tokens.");
  }
  checkOrigin(req, actor);
  if (ep.scope) {
    const org = typeof params.org === "string" ? params.org : undefined;
    if (!holds(actor.grants, ep.scope, org)) {
      // The same answer whether or not the org exists.
      throw new ApiError("forbidden", org ? `You do not have ${ep.scope} on org '${org}'.` : `This needs the ${ep.scope} scope.`);
    }
  }
}

/** What an audited call acted on: its path parameters other than the org, e.g. `inc_…` or `ho_…/review-tickets`. */
function auditTarget(params: Record<string, string | string[]>): string | null {
  const parts = Object.entries(params)
    .filter(([k]) => k !== "org")
    .map(([, v]) => (Array.isArray(v) ? v.join("/") : v));
  return parts.length ? parts.join("/") : null;
}

export function withApi<E extends Endpoint>(ep: E, fn: (ctx: ApiContext<E>) => Promise<Result<E>> | Result<E>): RouteHandler {
  const handler: RouteHandler = async (req, route) => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const ip = requestIp(req);
    const rawParams = (await route?.params) ?? {};
    let actor: Actor | null = null;
    const auditDetails: Record<string, unknown> = {};
    let deferred = false;
    let response: Response;
    const writeAudit = (status: number, code: string | null, extra: Record<string, unknown> = {}) =>
      recordAudit({
        action: ep.audit!,
        outcome: status < 400 ? "allowed" : status === 401 || status === 403 ? "denied" : "failure",
        actor: actor ? auditActor(actor) : null,
        orgId: typeof rawParams.org === "string" ? rawParams.org : null,
        target: auditTarget(rawParams),
        requestId,
        ip,
        details: { status, ...(code ? { code } : {}), duration_ms: Math.round(performance.now() - started), ...auditDetails, ...extra },
      }).catch((e) => console.error(`[${requestId}] audit write failed:`, e));
    let errorCode: string | null = null;
    try {
      actor = await resolveCaller(ep, req);
      checkAccess(ep, req, actor, rawParams);
      const params = parse(ep.params, rawParams, "params") as Out<E["params"]>;
      const query = parse(ep.query, queryObject(new URL(req.url)), "query") as Out<E["query"]>;
      const max = ep.maxBodyBytes ?? DEFAULT_MAX_BODY;
      const rawBody = ep.rawBody ? await readText(req, max, false) : "";
      const body = ep.body && !ep.rawBody ? parse(ep.body, await readJson(req, max), "body") : undefined;
      const deferAudit = () => {
        deferred = true;
        let done = false;
        return async (details: Record<string, unknown> = {}) => {
          if (done || !ep.audit) return;
          done = true;
          await writeAudit(200, null, details);
        };
      };
      const result = await fn({
        req,
        actor: actor as ApiContext<E>["actor"],
        params,
        query,
        body: body as Out<E["body"]>,
        rawBody,
        requestId,
        ip,
        auditDetails,
        deferAudit,
      });
      if (result instanceof Response) {
        response = result;
      } else {
        if (process.env.NODE_ENV === "test") ep.response.parse(result); // the contract is what we send
        if (ep.auditResult) Object.assign(auditDetails, ep.auditResult(result));
        response = Response.json(result, { status: ep.status ?? 200, headers: { "cache-control": "no-store" } });
      }
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      if (!apiErr) console.error(`[${requestId}] ${ep.method} ${ep.path} failed:`, err);
      const e = apiErr ?? new ApiError("internal", "Something went wrong on our side.");
      errorCode = e.code;
      deferred = false;
      response = errorResponse(e, requestId);
    }
    response.headers.set("x-request-id", requestId);
    if (ep.audit && !deferred) await writeAudit(response.status, errorCode);
    observeRequest(ep.method, ep.path, response.status, (performance.now() - started) / 1000);
    return response;
  };
  handler.endpoint = ep;
  return handler;
}

/** A route module's exports: the given methods, and 405 in the error shape for the rest. */
export function route(handlers: Partial<Record<Method, RouteHandler>>): Record<Method, RouteHandler> {
  const allowed = Object.keys(handlers).join(", ");
  const notAllowed: RouteHandler = async (req) => {
    const requestId = crypto.randomUUID();
    const res = errorResponse(new ApiError("method_not_allowed", `${req.method} is not allowed here; use ${allowed}.`), requestId);
    res.headers.set("allow", allowed);
    return res;
  };
  return {
    GET: handlers.GET ?? notAllowed,
    POST: handlers.POST ?? notAllowed,
    PUT: handlers.PUT ?? notAllowed,
    PATCH: handlers.PATCH ?? notAllowed,
    DELETE: handlers.DELETE ?? notAllowed,
  };
}
