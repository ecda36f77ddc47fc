// The one error type and the one JSON error shape. Browser-safe.
import { trace } from "@opentelemetry/api";

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  reason_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
  request_id: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, opts: { details?: unknown; retryAfter?: number } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = opts.details;
    this.retryAfter = opts.retryAfter;
  }
}

/** One field problem in a 400's details. */
export interface FieldIssue {
  field: string;
  message: string;
}

export function badRequest(field: string, message: string): ApiError {
  return new ApiError("validation_failed", `${field}: ${message}`, { details: { fields: [{ field, message }] } });
}

/** A 400 naming every field problem at once (call with at least one). */
export function invalidFields(problems: FieldIssue[]): ApiError {
  return new ApiError("validation_failed", problems.map((p) => `${p.field}: ${p.message}`).join("; "), {
    details: { fields: problems },
  });
}

/**
 * An unexpected error as the process log may show it. A failed statement shows its error code, the
 * database's message and the start of its SQL, never its parameters: they hold tenant log lines, names
 * and tokens, and the process log is read by people who may not read those.
 */
export function loggableError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  const failed = /^Failed query: ([\s\S]*?)(?:\nparams:[\s\S]*)?$/.exec(err.message);
  if (failed) {
    const [, statement = ""] = failed;
    const code = errorCode(err.cause);
    const why =
      typeof err.cause === "object" &&
      err.cause !== null &&
      "message" in err.cause &&
      typeof err.cause.message === "string"
        ? err.cause.message.slice(0, 300)
        : "no cause";
    return `database error${code === undefined ? "" : ` ${code}`}: ${why} (statement: ${statement.replace(/\s+/g, " ").slice(0, 160)})`;
  }
  const stack = err.stack?.split("\n").slice(1, 8).join("\n") ?? "";
  return `${err.name}: ${err.message.slice(0, 500)}${stack ? `\n${stack}` : ""}`;
}

/** A thrown value's message (the value itself as text when it is not an Error). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A thrown value's string `code` (Node's and Postgres's errors carry one), if it has one. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string"
    ? err.code
    : undefined;
}

/**
 * Writes an unexpected error to the process log through `loggableError`, with the trace and span it happened
 * in (the request's, when the console traces itself) so the line leads to its trace and the trace to it.
 */
export function logError(where: string, err: unknown): void {
  const span = trace.getActiveSpan()?.spanContext();
  const ids = span && trace.isSpanContextValid(span) ? ` trace_id=${span.traceId} span_id=${span.spanId}` : "";
  console.error(`${where}${ids}: ${loggableError(err)}`);
}
