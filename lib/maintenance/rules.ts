// Maintenance windows as plain functions: which window holds an alert's notifications now, which a change
// falls in, what a new window needs (notice, length, approval, rollback) and how customers read one. Browser-safe.
import { isMajor, type MaintenanceKind, type Severity } from "@/lib/vocabulary";

export interface WindowShape {
  id: string;
  number: number;
  services: string[];
  /** Empty: every region. */
  regions: string[];
  startsAt: number;
  endsAt: number;
  cancelledAt: number | null;
  holdEndedAt: number | null;
}

/** Does `w` hold notifications at `now`: started, not ended, not cancelled, its hold not ended early. */
export const holding = (w: WindowShape, now: number) =>
  w.cancelledAt === null && w.startsAt <= now && now < w.endsAt && (w.holdEndedAt === null || now < w.holdEndedAt);

/** The window holding an alert about `scope` at `now` (its service listed, its region listed or every region), or null. */
export function holdingWindow<W extends WindowShape>(
  scope: { service: string | null; region: string | null },
  windows: readonly W[],
  now: number,
): W | null {
  return (
    windows.find(
      (w) =>
        holding(w, now) &&
        scope.service !== null &&
        w.services.includes(scope.service) &&
        (w.regions.length === 0 || (scope.region !== null && w.regions.includes(scope.region))),
    ) ?? null
  );
}

/** How a window is named: M-3. */
export const maintenanceRef = (number: number) => `M-${number}`;

/** Running at `now`: started, not ended, not cancelled (its hold may have ended early: it still runs). */
export const running = (w: Pick<WindowShape, "cancelledAt" | "startsAt" | "endsAt">, now: number) =>
  w.cancelledAt === null && w.startsAt <= now && now < w.endsAt;

/** Where a window stands at `now`: cancelled windows and ended ones are past. */
export function windowState(w: Pick<WindowShape, "cancelledAt" | "startsAt" | "endsAt">, now: number) {
  if (w.cancelledAt !== null || w.endsAt <= now) return "past" as const;
  return w.startsAt <= now ? ("active" as const) : ("upcoming" as const);
}

/** The window running at `at` that a change to `service` in `regions` (none: every region) falls in, or null. */
export function changeWindow<W extends WindowShape>(
  c: { service: string; regions: readonly string[] },
  windows: readonly W[],
  at: number,
): W | null {
  return (
    windows.find(
      (w) =>
        running(w, at) &&
        w.services.includes(c.service) &&
        (w.regions.length === 0 || c.regions.length === 0 || c.regions.some((r) => w.regions.includes(r))),
    ) ?? null
  );
}

/** Does a SEV0/SEV1 on `services` (none: every service) end this running window's hold? */
export const endsHold = (w: WindowShape, incident: { services: readonly string[] }, now: number) =>
  holding(w, now) && (incident.services.length === 0 || incident.services.some((s) => w.services.includes(s)));

export interface MaintenanceInput {
  kind: MaintenanceKind;
  start: number;
  end: number;
  rollbackPlan: string;
  approvedBy: string | null;
}

export interface MaintenanceSettings {
  /** MAINTENANCE_MAX_MINUTES */
  maxMinutes: number;
  /** MAINTENANCE_NOTICE_HOURS */
  noticeHours: number;
  /** May this person approve emergency maintenance (the engineering manager, an admin)? */
  mayApprove: (userId: string) => boolean;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const HOUR = 3_600_000;
/** Emergency work asks for this much notice where possible: less is allowed, with a warning. */
export const EMERGENCY_NOTICE_HOURS = 4;
/** A window is planned at most this far ahead. */
export const MAX_AHEAD_DAYS = 90;
/** A start this little in the past is "now" (clocks and forms lag). */
const START_SLACK_MS = 5 * 60_000;

/** "20 h", "35 min", "3 d 2 h": how far off a time is, roughly. */
export function durationText(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 72) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/**
 * What is wrong with a window to be created at `now`, by field, and what to warn about. Every window: it
 * ends after it starts, starts now or later (within 90 days), lasts at most MAINTENANCE_MAX_MINUTES and
 * carries a rollback plan (the playbook: "rollback always required"). Scheduled: announced at least
 * MAINTENANCE_NOTICE_HOURS ahead. Emergency: approved by the engineering manager or an admin; under 4 h
 * notice is allowed, with a warning.
 */
export function maintenanceProblems(
  w: MaintenanceInput,
  now: number,
  s: MaintenanceSettings,
): { problems: FieldProblem[]; warnings: string[] } {
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  const notice = w.start - now;
  const length = w.end - w.start;
  if (notice < -START_SLACK_MS)
    problems.push({ field: "body.start", message: "is in the past: a window starts now or later" });
  else if (notice > MAX_AHEAD_DAYS * 86_400_000)
    problems.push({ field: "body.start", message: `is more than ${MAX_AHEAD_DAYS} days ahead` });
  else if (w.kind === "scheduled" && notice < s.noticeHours * HOUR)
    problems.push({
      field: "body.start",
      message: `starts in ${durationText(notice)}: scheduled maintenance is announced at least ${s.noticeHours} h ahead; use kind emergency with an engineering manager's approval`,
    });
  else if (w.kind === "emergency" && notice < EMERGENCY_NOTICE_HOURS * HOUR)
    warnings.push(
      `Starts in ${durationText(notice)}: the playbook asks for ${EMERGENCY_NOTICE_HOURS} h notice where possible; tell the affected customers now.`,
    );
  if (length <= 0) problems.push({ field: "body.end", message: "must be after start" });
  else if (Math.round(length / 60_000) > s.maxMinutes)
    problems.push({
      field: "body.end",
      message: `lasts ${durationText(length)}: a maintenance window lasts at most ${durationText(s.maxMinutes * 60_000)} (MAINTENANCE_MAX_MINUTES); split the work into several windows`,
    });
  if (!w.rollbackPlan.trim())
    problems.push({
      field: "body.rollback_plan",
      message: "is required: every maintenance has a rollback plan (the playbook: rollback always required)",
    });
  if (w.kind === "emergency" && !w.approvedBy)
    problems.push({
      field: "body.approved_by",
      message: "is required for emergency maintenance: the engineering manager's (or an admin's) user id",
    });
  else if (w.approvedBy && !s.mayApprove(w.approvedBy))
    problems.push({
      field: "body.approved_by",
      message: `'${w.approvedBy.slice(0, 64)}' may not approve maintenance: only the engineering manager (ESCALATION_MANAGER) or an admin`,
    });
  return { problems, warnings };
}

const DAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const utcDay = (t: number) => `${DAY[new Date(t).getUTCDay()]} ${new Date(t).toISOString().slice(0, 10)}`;
const utcClock = (t: number) => new Date(t).toISOString().slice(11, 16);

/** "Sun 2026-12-06 02:00–04:00 UTC", or "Sun 2026-12-06 23:00 – Mon 2026-12-07 01:00 UTC" across midnight. */
export function windowTimes(start: number, end: number): string {
  return utcDay(start) === utcDay(end)
    ? `${utcDay(start)} ${utcClock(start)}–${utcClock(end)} UTC`
    : `${utcDay(start)} ${utcClock(start)} – ${utcDay(end)} ${utcClock(end)} UTC`;
}

const list = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;

/**
 * What customers read of a window: "Scheduled maintenance: Edge in eu-west, Sun 2026-12-06 02:00–04:00 UTC".
 * Services by their names, regions (none: all regions), times in UTC — nothing internal.
 */
export function publicHeadline(
  w: { kind: MaintenanceKind; services: readonly string[]; regions: readonly string[]; start: number; end: number },
  label: (service: string) => string,
): string {
  const what = `${list(w.services.map(label))} in ${w.regions.length ? list(w.regions) : "all regions"}`;
  return `${w.kind === "emergency" ? "Emergency" : "Scheduled"} maintenance: ${what}, ${windowTimes(w.start, w.end)}`;
}

/** The playbook's weekly slot (Sunday 02:00–04:00 UTC): the next one that starts at least `noticeHours` after `now`. */
export function nextSlot(now: number, noticeHours: number): { start: number; end: number } {
  const earliest = now + noticeHours * HOUR;
  const d = new Date(earliest);
  let start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + ((7 - d.getUTCDay()) % 7), 2);
  if (start < earliest) start += 7 * 86_400_000;
  return { start, end: start + 2 * HOUR };
}

/**
 * Why a SEV0/SEV1 ends the holds on its services, or null when it does not: declared as one ("INC-12 (SEV1)
 * declared"), raised to one, or moved onto more services. `before`: the incident before an update.
 */
export function holdEndCause(
  inc: { ref: string; severity: Severity; status: string; services: readonly string[] },
  before?: { severity: Severity; services: readonly string[] },
): string | null {
  if (!isMajor(inc.severity) || inc.status === "resolved") return null;
  const sev = inc.severity.toUpperCase();
  if (!before) return `${inc.ref} (${sev}) declared`;
  if (!isMajor(before.severity)) return `${inc.ref} raised to ${sev}`;
  if (!before.services.length) return null; // it named every service already
  if (!inc.services.length) return `${inc.ref} (${sev}) now on every service`;
  const added = inc.services.filter((s) => !before.services.includes(s));
  return added.length ? `${inc.ref} (${sev}) now on ${added.join(", ")}` : null;
}
