// The console's own spans, as its hooks make them: one per API request (withApi), and under it one per
// database statement, ClickHouse statement and Prometheus query, one per outgoing webhook and email. Only
// the OpenTelemetry API here: with no SDK registered (CLI, scripts, most tests, OTEL_SDK_DISABLED=true)
// every call below is a cheap no-op. The SDK is set up once per process in ./tracing-sdk.
//
// What a span may carry, here once: route templates, methods, status codes, statement kinds and table
// names, error classes, the kind of caller. Never a person, a token, a URL's query or path values, a body,
// SQL parameters or an error's message (it can quote any of them).
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";

export { SpanKind, type Span } from "@opentelemetry/api";

/** The tracer of the registered provider: asked for again when the provider changes (trace.disable() in tests and benches). */
let tracerOf: { provider: TracerProvider; tracer: Tracer } | undefined;
function tracer(): Tracer {
  const provider = trace.getTracerProvider();
  if (tracerOf?.provider !== provider) tracerOf = { provider, tracer: provider.getTracer("ops-console") };
  return tracerOf.tracer;
}

/** The active context when its span records: statements and queries are traced only inside a traced operation. */
function recordingParent(): Context | undefined {
  const active = context.active();
  return trace.getSpan(active)?.isRecording() ? active : undefined;
}

/** The class of what was thrown (never its message: it can quote a statement's values or a URL). */
export function errorClass(err: unknown): string {
  if (err instanceof Error) return err.constructor.name === "Error" ? err.name : err.constructor.name;
  return typeof err;
}

/** Ends a span, as failed when `err` is given (its class only). */
export function endSpan(span: Span | undefined, err?: unknown): void {
  if (!span) return;
  if (err !== undefined) failed(span, errorClass(err));
  span.end();
}

/** Marks a span as failed: its status, and what failed as a class or a status code (error.type). */
export function failed(span: Span, type: string): void {
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `run` as a span: a child of the active one, or a trace of its own when `root` and there is none (a
 * notification sent from a background tick is an operation in itself). The span is active while `run`
 * runs, so what it calls nests under it; `run` gets the span (undefined when there is none) to add what it
 * learns, such as a status code.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  run: (span: Span | undefined) => Promise<T>,
  opts: { kind?: SpanKind; root?: boolean } = {},
): Promise<T> {
  if (!opts.root && !recordingParent()) return run(undefined);
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.CLIENT, attributes });
  if (!span.isRecording()) return run(undefined);
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => run(span));
    endSpan(span);
    return result;
  } catch (err) {
    endSpan(span, err);
    throw err;
  }
}

/** The W3C `traceparent` (and `tracestate`) of the active span, added to an outgoing request's headers. */
export function withTraceHeaders(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

const headerGetter: TextMapGetter<Headers> = {
  get: (h, key) => h.get(key) ?? undefined,
  keys: (h) => [...h.keys()],
};

/** What a request tells its span once it is answered: who called (its kind), and what was thrown unexpectedly. */
export type RequestTrace = (actor: CallerLike | null, unexpected: unknown) => void;
type CallerLike = { kind: "user" | "token"; token: { org_id: string | null } | null };

/**
 * Runs one API request as its span — "<METHOD> <route template>", SpanKind SERVER — under the caller's trace
 * when it sent a valid `traceparent`, else as a new trace. Never under the active context: Next.js's own
 * request spans are not the console's (./tracing-sdk leaves them unrecorded); a request is where a trace
 * enters the console. A 5xx marks the span as failed, with the class of what was thrown.
 */
export async function traceRequest(
  req: Request,
  method: string,
  route: string,
  requestId: string,
  run: (traced: RequestTrace) => Promise<Response>,
): Promise<Response> {
  const parent = req.headers.has("traceparent")
    ? propagation.extract(ROOT_CONTEXT, req.headers, headerGetter)
    : ROOT_CONTEXT;
  const span = tracer().startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { "http.request.method": method, "http.route": route, "ops.request_id": requestId },
    },
    parent,
  );
  if (!span.isRecording()) return run(() => {});
  let failure: unknown = undefined;
  try {
    const response = await context.with(trace.setSpan(parent, span), () =>
      run((actor, unexpected) => {
        span.setAttribute("ops.actor_kind", actorKind(actor));
        failure = unexpected;
      }),
    );
    span.setAttribute("http.response.status_code", response.status);
    if (response.status >= 500) failed(span, failure === undefined ? String(response.status) : errorClass(failure));
    span.end();
    return response;
  } catch (err) {
    endSpan(span, err);
    throw err;
  }
}

/**
 * Binds a callback-style method's callback to the context it was called in: pg's pool hands a waiting
 * query the connection another request released, in that request's context, and the statement's span must
 * nest under the caller's own.
 */
export function bindCallbacks(target: object, name: string): void {
  const original: unknown = Reflect.get(target, name);
  if (typeof original !== "function") throw new Error(`cannot bind ${name}: not a method`);
  Reflect.set(target, name, function bound(this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === "function") args[args.length - 1] = context.bind(context.active(), last);
    return original.apply(this, args);
  });
}

const STATEMENT = /^\s*(\w+)/;
const TABLE =
  /\b(?:from|into|update|join|table(?:\s+if\s+(?:not\s+)?exists)?)\s+(?:only\s+)?((?:"?[A-Za-z_][A-Za-z0-9_]*"?\.)?"?[A-Za-z_][A-Za-z0-9_$]*"?)/i;
const KNOWN = new Set([
  "select",
  "insert",
  "update",
  "delete",
  "with",
  "begin",
  "commit",
  "rollback",
  "create",
  "alter",
]);
const statements = { pglite: new Map<string, Described>(), postgres: new Map<string, Described>() };
type Described = { name: string; attributes: Attributes };
const MAX_REMEMBERED = 1000;

/**
 * A statement without its literals and parenthesised parts (subqueries, CTE bodies): its own FROM shows. The
 * parts become "$", which no table name starts with: `from (select …) x` names no table.
 */
function outermost(sql: string): string {
  let text = sql.replace(/'(?:[^']|'')*'/g, "''");
  for (let before = ""; before !== text;) {
    before = text;
    text = text.replace(/\([^()]*\)/g, " $ ");
  }
  return text;
}

/**
 * A database statement as its span names it: "db select incidents" — the first keyword and the first table
 * it names, never its text (drizzle binds values as parameters, but a raw statement may inline them). The
 * same texts come again and again, so each is read once.
 */
export function dbStatement(engine: "pglite" | "postgres", sql: string): Described {
  const known = statements[engine].get(sql);
  if (known) return known;
  const word = STATEMENT.exec(sql)?.[1]?.toLowerCase() ?? "";
  const operation = KNOWN.has(word) ? word : "other";
  const table = TABLE.exec(outermost(sql))?.[1]?.replace(/"/g, "");
  const described = {
    name: table ? `db ${operation} ${table}` : `db ${operation}`,
    attributes: {
      "db.system": "postgresql",
      "db.operation.name": operation,
      ...(table ? { "db.collection.name": table } : {}),
    },
  };
  if (statements[engine].size >= MAX_REMEMBERED) statements[engine].clear();
  statements[engine].set(sql, described);
  return described;
}

/** A database statement's span, under the active one (none outside a traced operation). End it with endSpan. */
export function dbSpan(engine: "pglite" | "postgres", sql: string): Span | undefined {
  const parent = recordingParent();
  if (!parent) return undefined;
  const { name, attributes } = dbStatement(engine, sql);
  return tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
}

/** Runs one database statement as its span (see dbSpan). */
export function tracedStatement<T>(engine: "pglite" | "postgres", sql: string, run: () => Promise<T>): Promise<T> {
  const span = dbSpan(engine, sql);
  if (!span) return run();
  return run().then(
    (v) => {
      endSpan(span);
      return v;
    },
    (err: unknown) => {
      endSpan(span, err);
      throw err;
    },
  );
}

/** A request's caller, as its span may name it: the kind, never the person or the token. */
export function actorKind(actor: CallerLike | null): "user" | "token" | "platform" | "anonymous" {
  if (!actor) return "anonymous";
  if (actor.kind === "user") return "user";
  return actor.token?.org_id ? "token" : "platform";
}
