// A kind's read limits and time ranges: which window a query may cover, how many lines a page, a tail or
// an export holds, as plain functions. Every kind shares the LOG_* settings; each keeps its own retention.
import { env, type Env } from "@/lib/env";
import { badRequest } from "@/lib/http/errors";
import { parseInstant } from "@/lib/http/time";
import { LOG_LEVELS, type LogLevel } from "@/lib/vocabulary";
import type { KindDecl } from "./declare";

/** A kind's limits: the shared settings, with its own retention. */
export function limitsOf(kind: KindDecl, e: Env = env()): LogLimits {
  return { ...logLimits(e), retention_days: kind.retentionDays(e) };
}

/** The lease a live tail of `kind` holds (lib/limits). */
export const leaseOf = (kind: KindDecl) => `${kind.name}_tail`;

export interface LogLimits {
  retention_days: number;
  max_window_hours: number;
  max_page_lines: number;
  default_page_lines: number;
  max_tails_per_org: number;
  max_tails_per_user: number;
  max_tails_per_process: number;
  access_reason_minutes: number;
  tail_lines_per_second: number;
  tail_max_seconds: number;
  export_max_lines: number;
}

export function logLimits(e: Env = env()): LogLimits {
  return {
    retention_days: e.LOG_RETENTION_DAYS,
    max_window_hours: e.LOG_MAX_WINDOW_HOURS,
    max_page_lines: e.LOG_MAX_PAGE_LINES,
    default_page_lines: Math.min(500, e.LOG_MAX_PAGE_LINES),
    max_tails_per_org: e.LOG_MAX_TAILS_PER_ORG,
    max_tails_per_user: e.LOG_MAX_TAILS_PER_USER,
    max_tails_per_process: e.LOG_MAX_TAILS_PER_PROCESS,
    access_reason_minutes: e.LOG_ACCESS_REASON_MINUTES,
    tail_lines_per_second: e.LOG_TAIL_LINES_PER_SECOND,
    tail_max_seconds: e.LOG_TAIL_MAX_SECONDS,
    export_max_lines: e.LOG_EXPORT_MAX_LINES,
  };
}

export interface Window {
  start: Date;
  end: Date;
}

/** The window a query covers: default the last hour; never longer than the limit nor before retention. */
export function resolveWindow(q: { start?: string; end?: string }, limits: LogLimits, now = Date.now()): Window {
  const end = q.end ? parseInstant(q.end, "query.end", now) : now;
  const start = q.start ? parseInstant(q.start, "query.start", now) : end - 3_600_000;
  if (start >= end) throw badRequest("query.start", "must be before end");
  const maxMs = limits.max_window_hours * 3_600_000;
  if (end - start > maxMs) {
    throw badRequest(
      "query.start",
      `the window is longer than the ${formatHours(limits.max_window_hours)} limit per query; narrow start/end`,
    );
  }
  const oldest = now - limits.retention_days * 86_400_000;
  if (start < oldest)
    throw badRequest(
      "query.start",
      `is before the ${limits.retention_days}-day retention; logs older than that are gone`,
    );
  return { start: new Date(start), end: new Date(end) };
}

function formatHours(h: number): string {
  return h % 24 === 0 ? `${h / 24}-day` : `${h}-hour`;
}

/** Levels at or above `min`. */
export function levelsFrom(min: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(min));
}
