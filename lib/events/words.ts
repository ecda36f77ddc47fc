// The platform's events in plain words, as an on-call engineer or a tenant reads them: "web instance
// web-3 stopped: out of memory — 512 MiB of 512 MiB". Browser-safe; the log view's markers, the env and
// instance pages and the CLI's lines say the same.
import { checkWords, isRestart, num, REASON_WORDS, rec, stopWords, str } from "./rules";

export { bytesText, checkWords, REASON_WORDS, resourcesText, stopWords } from "./rules";
import type { PlatformEvent } from "./contract";

/** The instance as its owner names it: "web instance web-3". */
const instanceName = (e: Pick<PlatformEvent, "process_type" | "instance_id">) =>
  `${e.process_type ? `${e.process_type} ` : ""}instance ${e.instance_id ?? "?"}`;

/** One event in a line; `operator` adds where it ran (host, node), which a tenant never sees. */
export function eventWords(e: PlatformEvent, view: "operator" | "tenant" = "tenant"): string {
  const d = e.details;
  const host = view === "operator" && e.host_id ? ` on host ${e.host_id}` : "";
  switch (e.kind) {
    case "release.created":
      return `Release ${e.release_id} of ${e.app_id} created`;
    case "release.activated": {
      const n = num(d.desired_instances);
      return `${e.process_type ?? e.app_id}: release ${e.release_id} activated${n !== null ? ` (${n} instance${n === 1 ? "" : "s"} wanted)` : ""}`;
    }
    case "instance.allocated":
      return `${instanceName(e)} allocated${host}`;
    case "instance.booted":
      return `${instanceName(e)} booted${host}`;
    case "instance.ready":
      return `${instanceName(e)} ready${host}`;
    case "instance.stopping":
      return `${instanceName(e)} stopping${e.reason ? `: ${REASON_WORDS[e.reason]}` : ""}`;
    case "instance.stopped":
    case "instance.failed":
      return `${instanceName(e)} ${e.kind === "instance.failed" ? "failed" : "stopped"}: ${stopWords({
        reason: e.reason,
        exit_code: num(d.exit_code),
        resources: rec(d.resources),
      })}${host}`;
    case "health_check.passed":
      return `Health check passed on instance ${e.instance_id}`;
    case "health_check.failed": {
      const c = checkWords(rec(d.health_check));
      return `Health check failed on instance ${e.instance_id}${c ? `: ${c}` : ""}`;
    }
    case "route.bound": {
      const n = Array.isArray(d.backends) ? d.backends.length : 0;
      return `${e.route} routes to ${n} instance${n === 1 ? "" : "s"}`;
    }
    case "route.unbound":
      return `${e.route} unbound`;
    case "edge.config_applied":
      return `Edge config v${num(d.config_version) ?? "?"} applied${view === "operator" && e.node_id ? ` on ${e.node_id}` : ""} for ${e.route}`;
    case "edge.apply_failed":
      return `Edge config v${num(d.config_version) ?? "?"} failed${view === "operator" && e.node_id ? ` on ${e.node_id}` : ""} for ${e.route}${str(d.error) ? `: ${str(d.error)}` : ""}`;
    case "consumer.cursor": {
      const c = rec(d.consumer);
      const err = str(c?.error);
      return `${str(c?.name) ?? "a consumer"} applied ${str(c?.applied_event_id) ?? "nothing yet"}${err ? ` — failing: ${err}` : ""}`;
    }
  }
}

/** The kinds that can be trouble (isTrouble tells which of their events are). */
export const TROUBLE_KINDS = [
  "instance.stopped",
  "instance.failed",
  "health_check.failed",
  "edge.apply_failed",
] as const;

/** Events a person should notice: an instance that stopped without being asked, a failed check or apply. */
export function isTrouble(e: Pick<PlatformEvent, "kind" | "reason">): boolean {
  if (e.kind === "instance.failed" || e.kind === "health_check.failed" || e.kind === "edge.apply_failed") return true;
  return e.kind === "instance.stopped" && isRestart(e);
}

/** A consumer's cursor as its last report gave it. */
export interface CursorReport {
  applied_event_id: string | null;
  applied_ts: string | null;
  reported_at: string;
  error: string | null;
}

/**
 * How far behind a consumer was when it last reported: the time between the event it had applied and its
 * report ("up to date" under a second). What happened after its report it has not said yet.
 */
export function behindAtReport(c: CursorReport): number | null {
  if (!c.applied_ts) return null;
  return Math.max(0, (Date.parse(c.reported_at) - Date.parse(c.applied_ts)) / 1000);
}

const seconds = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`);

/** "4 min 10 s behind", "up to date", "never applied anything". */
export function lagWords(c: CursorReport): string {
  const behind = behindAtReport(c);
  if (!c.applied_event_id || behind === null) return "never applied anything";
  return behind < 1 ? "up to date" : `${seconds(behind)} behind`;
}

/** Lag an operator should look at: a minute behind at its report. */
export const CURSOR_LAG_SECONDS = 60;
/** A consumer silent this long is not known to keep up. */
export const CURSOR_SILENT_SECONDS = 10 * 60;

/** Whether a consumer needs looking at: failing, behind, silent, or never applied anything. */
export function cursorTrouble(c: CursorReport, now = Date.now()): boolean {
  const behind = behindAtReport(c);
  return (
    Boolean(c.error) ||
    behind === null ||
    behind >= CURSOR_LAG_SECONDS ||
    (now - Date.parse(c.reported_at)) / 1000 >= CURSOR_SILENT_SECONDS
  );
}
