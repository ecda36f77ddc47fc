// Incident rules as plain functions: lifecycle, who commands a Sev0/Sev1, what a timeline entry needs,
// and what a deploy freeze covers. Browser-safe.
import { isService, SERVICE_LABELS, type Service } from "@/lib/metrics/services";
import { successRateOf } from "@/lib/status/rules";
import {
  AUDIENCES,
  INCIDENT_SEVERITIES,
  isMajor,
  isOpen,
  WRITABLE_KINDS,
  type Severity,
  type Status,
} from "@/lib/vocabulary";

/** [value, label] pairs for pickers. */
export const SEVERITY_OPTIONS = INCIDENT_SEVERITIES.map((s) => [s, s.toUpperCase()] as const);

/** Forward through the lifecycle (steps may be skipped); a resolved incident can only be reopened. */
const NEXT: Record<Status, Status[]> = {
  investigating: ["identified", "mitigated", "resolved"],
  identified: ["mitigated", "resolved"],
  mitigated: ["resolved"],
  resolved: ["investigating"],
};

export function canTransition(from: Status, to: Status): boolean {
  return NEXT[from].includes(to);
}

export function transitionError(from: Status, to: Status): string | null {
  if (from === to || canTransition(from, to)) return null;
  return `cannot go from ${from} to ${to}; from ${from} the next statuses are ${NEXT[from].join(", ")}`;
}

/** An incident's reference as people say it: INC-42. */
export const incidentRef = (n: number) => `INC-${n}`;

/** Statuses in which a major incident still freezes deploys: until it is mitigated. */
export const FREEZING_STATUSES: readonly Status[] = ["investigating", "identified"];

/**
 * The commander after a change: a Sev0/Sev1 always has one. Declaring or escalating without one makes
 * the actor the IC; clearing the IC of an open Sev0/Sev1 is refused (returns an error).
 */
export function commanderAfter(
  next: { severity: Severity; status: Status; commanderId: string | null },
  actorId: string,
  clearing: boolean,
): { commanderId: string | null; error?: string } {
  if (!isMajor(next.severity) || !isOpen(next.status)) return { commanderId: next.commanderId };
  if (next.commanderId) return { commanderId: next.commanderId };
  if (clearing)
    return {
      commanderId: null,
      error: `an open ${next.severity} must have an incident commander; hand over with a takeover instead of clearing`,
    };
  return { commanderId: actorId };
}

/** The summary speaks for the incident: its commander writes it (anyone may while it has none). */
export function canEditSummary(i: { commanderId: string | null }, actorId: string): boolean {
  return i.commanderId === null || i.commanderId === actorId;
}

/** Deploys are frozen by open Sev0/Sev1 incidents not yet mitigated. */
export function freezes(i: { severity: Severity; status: Status }): boolean {
  return isMajor(i.severity) && FREEZING_STATUSES.includes(i.status);
}

/** What a change from `before` to `after` does to the deploy freeze: starts it, ends it, or nothing. */
export function freezeEffect(
  before: { severity: Severity; status: Status },
  after: { severity: Severity; status: Status },
): "starts" | "ends" | null {
  const was = freezes(before);
  const is = freezes(after);
  return was === is ? null : is ? "starts" : "ends";
}

/** What an incident's freeze covers, in words: "edge in eu-west", "every service in every region". */
export function freezeScope(i: { services: string[]; regions: string[] }): string {
  return `${i.services.length ? i.services.join(", ") : "every service"} in ${i.regions.length ? i.regions.join(", ") : "every region"}`;
}

/** Whether a freezing incident covers a service and region (an incident naming none covers all). */
export function covers(i: { services: string[]; regions: string[] }, service?: string, region?: string): boolean {
  const svc = !service || i.services.length === 0 || i.services.includes(service);
  const reg = !region || i.regions.length === 0 || i.regions.includes(region);
  return svc && reg;
}

export const FUTURE_SLACK_MS = 60_000;

/** What a person-written entry needs; returns field → problem. */
export function entryProblems(
  e: { kind: string; body: string; data?: Record<string, unknown>; occurred_at?: string },
  now = Date.now(),
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!WRITABLE_KINDS.some((k) => k === e.kind)) problems.kind = `must be one of: ${WRITABLE_KINDS.join(", ")}`;
  if (e.kind === "runbook_deviation") {
    if (!String(e.data?.runbook ?? "").trim()) problems["data.runbook"] = "name the runbook you deviate from";
    if (!e.body.trim()) problems.body = "say what you do instead and why";
  } else if (e.kind === "status_update") {
    if (!AUDIENCES.some((a) => a === String(e.data?.audience ?? "")))
      problems["data.audience"] = "say who it is for: internal or customer";
    for (const k of ["services", "regions"] as const) {
      const v = e.data?.[k];
      if (
        v !== undefined &&
        !(
          Array.isArray(v) &&
          v.length <= 20 &&
          v.every((x) => typeof x === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(x))
        )
      )
        problems[`data.${k}`] = "must be a list of names (lowercase letters, digits, dashes)";
    }
    if (e.data?.success_rate !== undefined && successRateOf(e.data.success_rate) === null)
      problems["data.success_rate"] = "must be the measured success rate, a percent from 0 to 100";
    if (!e.body.trim()) problems.body = "say what is happening, for whom, and what comes next";
  } else if (e.kind === "evidence") {
    const url = String(e.data?.url ?? "").trim();
    if (!url && !e.body.trim()) problems["data.url"] = "give the dashboard panel, log query or link";
  } else if (!e.body.trim()) {
    problems.body = "is required";
  }
  if (e.occurred_at && Date.parse(e.occurred_at) > now + FUTURE_SLACK_MS)
    problems.occurred_at = "is more than a minute in the future";
  return problems;
}

/**
 * How long something has lasted, to the minute — the one duration format of incidents, lists and exports:
 * "4 min", "2 h 5 min", "3 d 4 h".
 */
export function minutesText(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** The time from `fromIso` until `toIso` (or now): "4 min", "2 h 5 min", "3 d 4 h". */
export function age(fromIso: string, now = Date.now(), toIso?: string | null): string {
  return minutesText((toIso ? Date.parse(toIso) : now) - Date.parse(fromIso));
}

export const STALE_AFTER_MS = 30 * 60_000;

const KIND_LABEL: Record<string, string> = {
  update_reminder: "update due",
  runbook_deviation: "runbook deviation",
  status_change: "status",
  severity_change: "severity",
  role_change: "roles",
  field_change: "change",
  freeze_exception: "freeze exception",
};

/** What kind of entry it is, in the page's and the postmortem's words: an update says whom it was for. */
export function entryKindLabel(e: { kind: string; data: Record<string, unknown> }): string {
  if (e.kind === "status_update") return e.data.audience === "customer" ? "customer update" : "internal update";
  return KIND_LABEL[e.kind] ?? e.kind.replace(/_/g, " ");
}

/** An entry as people read it: role changes name people; everything else reads as written. */
export function describeEntry(
  e: { kind: string; body: string; data: Record<string, unknown> },
  name: (uid: string | null) => string,
): string {
  if (e.kind !== "role_change" || e.data.takeover) return e.body;
  const who = (v: unknown) => (typeof v === "string" ? name(v) : "none");
  return `${String(e.data.role ?? "role").replace(/_/g, " ")}: ${who(e.data.from)} → ${who(e.data.to)}`;
}

/**
 * The runbooks an incident's timeline used: the ones it deviated from and the ones its alerts linked
 * to. Each is reviewed after the incident (a follow-up when it is resolved).
 */
export function runbooksUsed(
  entries: { kind: string; data: Record<string, unknown> }[],
  slugOf: (url: string) => string | null,
): string[] {
  const used = new Set<string>();
  for (const e of entries) {
    if (e.kind === "runbook_deviation" && typeof e.data.runbook === "string" && e.data.runbook.trim())
      used.add(slugOf(e.data.runbook.trim()) ?? e.data.runbook.trim());
    if (e.kind === "alert" && typeof e.data.runbook_url === "string") {
      const slug = slugOf(e.data.runbook_url);
      used.add(slug ?? e.data.runbook_url);
    }
  }
  return [...used].sort();
}

export const runbookReviewTitle = (runbook: string) => `Review runbook ${runbook} against what was done`;

/** Minutes between customer updates per severity while an incident is open (none for SEV3). */

/**
 * When the next customer update is due: `everyMinutes` after the last one, or after declaration when
 * none was posted yet; null when the incident is resolved or has no cadence.
 */
export function customerUpdateDue(
  i: { status: Status; declaredAt: string },
  lastCustomerUpdate: string | null,
  everyMinutes: number | null,
): { due_at: string; every_minutes: number } | null {
  if (everyMinutes === null || !isOpen(i.status)) return null;
  const from = Date.parse(lastCustomerUpdate ?? i.declaredAt);
  return { due_at: new Date(from + everyMinutes * 60_000).toISOString(), every_minutes: everyMinutes };
}

/** The services and regions of an incident that the public may read: catalog names and known regions only. */
export function publicScope(
  i: { services: string[]; regions: string[] },
  regions: readonly string[],
): { services: Service[]; regions: string[] } {
  return { services: i.services.filter(isService), regions: i.regions.filter((r) => regions.includes(r)) };
}

/** The public name of an incident: what it affects in the catalog's words, never its internal title or free text. */
export function publicTitle(i: { services: string[]; regions: string[] }, regions: readonly string[]): string {
  const scope = publicScope(i, regions);
  const what = scope.services.length ? scope.services.map((s) => SERVICE_LABELS[s]).join(", ") : "Platform";
  return `${what} incident${scope.regions.length ? ` in ${scope.regions.join(", ")}` : ""}`;
}
