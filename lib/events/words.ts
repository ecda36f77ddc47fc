// The platform's events in plain words, as an on-call engineer or a tenant reads them: "web instance
// web-3 stopped: out of memory — 512 MiB of 512 MiB". Browser-safe; the log view's markers, the env and
// instance pages and the CLI's lines say the same.
import { UNPLANNED_REASONS, type TerminationReason } from "@/lib/vocabulary";
import type { PlatformEvent } from "./contract";

/** Why an instance stopped, as its owner would say it. */
export const REASON_WORDS: Record<TerminationReason, string> = {
  oom_killed: "out of memory",
  crashed: "crashed",
  health_check_failed: "failed its health check",
  operator_stop: "stopped by an operator",
  upgrade: "replaced by a new release",
  evicted: "evicted",
  host_lost: "its host was lost",
  scaled_down: "scaled down",
};

const MIB = 1024 * 1024;
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const rec = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Memory as a person reads it: "512 MiB", "1.5 GiB". */
export function bytesText(n: number): string {
  if (n >= 1024 * MIB) return `${Number((n / (1024 * MIB)).toFixed(1))} GiB`;
  return `${Math.round(n / MIB)} MiB`;
}

/** Resources near death: "512 MiB of 512 MiB, CPU throttled 40 % of the time". */
export function resourcesText(r: Record<string, unknown> | null | undefined): string {
  if (!r) return "";
  const peak = num(r.memory_peak_bytes);
  const cap = num(r.memory_limit_bytes);
  const cpu = num(r.cpu_throttled_share);
  const parts = [
    peak !== null && cap !== null
      ? `${bytesText(peak)} of ${bytesText(cap)}`
      : peak !== null
        ? `peak ${bytesText(peak)}`
        : "",
    cpu !== null && cpu > 0 ? `CPU throttled ${Math.round(cpu * 100)} % of the time` : "",
  ];
  return parts.filter(Boolean).join(", ");
}

/** Why it stopped, with the exit code and the resources when known: "out of memory — 512 MiB of 512 MiB". */
export function stopWords(s: {
  reason: TerminationReason | null;
  exit_code?: number | null;
  resources?: Record<string, unknown> | null;
}): string {
  if (!s.reason) return "stopped";
  const why =
    s.reason === "crashed" && s.exit_code !== null && s.exit_code !== undefined
      ? `crashed with exit code ${s.exit_code}`
      : REASON_WORDS[s.reason];
  const res = resourcesText(s.resources);
  return res ? `${why} — ${res}` : why;
}

/** A health check's outcome: "GET /health answered 503: connection refused". */
export function checkWords(check: Record<string, unknown> | null | undefined): string {
  if (!check) return "";
  const what = str(check.check) ?? "health check";
  const status = num(check.status);
  const message = str(check.message);
  return `${what}${status !== null ? ` answered ${status}` : ""}${message ? `: ${message}` : ""}`;
}

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
  return e.kind === "instance.stopped" && e.reason !== null && UNPLANNED_REASONS.includes(e.reason);
}

/** How far a consumer is behind: "12 events, 4 min 10 s", "up to date", "never applied anything". */
export function lagWords(c: {
  lag_events: number | null;
  lag_events_capped: boolean;
  lag_seconds: number | null;
  applied_event_id: string | null;
}): string {
  if (!c.applied_event_id) return "never applied anything";
  if (!c.lag_events && !c.lag_seconds) return "up to date";
  const events =
    c.lag_events === null
      ? ""
      : `${c.lag_events_capped ? "over " : ""}${c.lag_events.toLocaleString("en-US")} event${c.lag_events === 1 ? "" : "s"}`;
  const s = c.lag_seconds ?? 0;
  const time = s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
  return [events, c.lag_seconds === null ? "" : time].filter(Boolean).join(", ");
}

/** Lag an operator should look at: a minute behind, or a reconcile error. */
export const CURSOR_LAG_SECONDS = 60;
export const cursorTrouble = (c: { lag_seconds: number | null; error: string | null }): boolean =>
  Boolean(c.error) || (c.lag_seconds ?? 0) >= CURSOR_LAG_SECONDS;
