// Postmortem rules as plain functions: when the draft and the review meeting are due, whether it is
// overdue, which reminders are owed, what publishing needs (a root cause; for SEV0/SEV1 every action item
// with an owner and a due date), which sections a save changed, and the impact and detection text a draft
// starts from. Browser-safe.
import { minutesText } from "@/lib/incidents/rules";
import type { FieldIssue } from "@/lib/http/errors";
import { dueEnd, isOverdue } from "@/lib/insights/rules";
import {
  isMajor,
  POSTMORTEM_SECTIONS,
  type PostmortemSection,
  type PostmortemStatus,
  type Severity,
} from "@/lib/vocabulary";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Sections = Partial<Record<PostmortemSection, string>>;

/** Is a postmortem required for an incident of this severity (SEV0/SEV1), or optional? */
export const postmortemRequired = (s: Severity) => isMajor(s);

export interface Deadlines {
  /** The draft is due (null: this severity has no deadline). */
  draft_due_at: string | null;
  /** The review meeting is held by. */
  review_by: string;
}

export function deadlines(
  resolvedAt: number,
  severity: Severity,
  draftHours: Record<Severity, number | null>,
  reviewDays: number,
): Deadlines {
  const h = draftHours[severity];
  return {
    draft_due_at: h === null ? null : new Date(resolvedAt + h * HOUR).toISOString(),
    review_by: new Date(resolvedAt + reviewDays * DAY).toISOString(),
  };
}

/** A review meeting time's problem: before the resolution, or later than `reviewDays` after it. */
export function reviewMeetingProblem(meetingAt: number, resolvedAt: number, reviewDays: number): string | null {
  if (meetingAt < resolvedAt) return "must be after the incident was resolved";
  if (meetingAt > resolvedAt + reviewDays * DAY) return `must be within ${reviewDays} days of the resolution`;
  return null;
}

/** Overdue: not yet submitted for review (or published) after its draft was due. */
export function postmortemOverdue(
  status: PostmortemStatus | null,
  d: Pick<Deadlines, "draft_due_at">,
  now: number,
): boolean {
  return (status === null || status === "draft") && !!d.draft_due_at && Date.parse(d.draft_due_at) <= now;
}

export interface OwedReminder {
  reason: "draft_due" | "review_due";
  due_at: string;
}

/**
 * The reminders an incident's IC is owed about its postmortem at `now`: the draft once it is overdue; the
 * review meeting once its last day begins without one scheduled (and the postmortem unpublished).
 */
export function owedReminders(
  p: { status: PostmortemStatus | null; reviewMeetingAt: number | null },
  d: Deadlines,
  now: number,
): OwedReminder[] {
  const out: OwedReminder[] = [];
  if (postmortemOverdue(p.status, d, now) && d.draft_due_at) out.push({ reason: "draft_due", due_at: d.draft_due_at });
  if (p.status !== "published" && p.reviewMeetingAt === null && Date.parse(d.review_by) - DAY <= now)
    out.push({ reason: "review_due", due_at: d.review_by });
  return out;
}

/** An action item's reminder is owed once its due day has ended with it still open: keyed by that moment. */
export function actionReminderDue(a: { status: "open" | "done"; due: string | null }, now: number): string | null {
  return isOverdue(a, now) && a.due ? new Date(dueEnd(a.due)).toISOString() : null;
}

export interface ActionItemFacts {
  id: string;
  title: string;
  owner_id: string | null;
  due: string | null;
  kind: string | null;
}

/** The postmortem's review: its current version and the versions each reviewer approved. */
export interface ReviewFacts {
  version: number;
  approvals: { reviewer_id: string; version: number }[];
}

/**
 * The reviewers who approved the current version (an edit after an approval asks for a new one), other than
 * `publisher`: whoever publishes is not their own reviewer.
 */
export const currentApprovals = (r: ReviewFacts, publisher?: string) =>
  r.approvals.filter((a) => a.version === r.version && a.reviewer_id !== publisher).map((a) => a.reviewer_id);

/**
 * What publishing needs, each problem naming its field: a root cause always; for SEV0/SEV1 every action item
 * with an owner and a due date; a reviewer's approval of the version being published.
 */
export function publishProblems(
  severity: Severity,
  sections: Sections,
  items: ActionItemFacts[],
  review: ReviewFacts,
  publisher?: string,
): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!sections.root_cause?.trim())
    problems.push({ field: "sections.root_cause", message: "is required before publishing: say why it happened" });
  if (isMajor(severity))
    items.forEach((a, k) => {
      if (!a.owner_id)
        problems.push({
          field: `action_items[${k}].owner_id`,
          message: `“${a.title}” needs an owner (required for ${severity.toUpperCase()})`,
        });
      if (!a.due)
        problems.push({
          field: `action_items[${k}].due`,
          message: `“${a.title}” needs a due date (required for ${severity.toUpperCase()})`,
        });
    });
  const others = review.approvals.filter((a) => a.reviewer_id !== publisher);
  if (!currentApprovals(review, publisher).length)
    problems.push({
      field: "approvals",
      message: others.length
        ? `version ${review.version} needs a reviewer's approval: it changed after the last approval (version ${Math.max(...others.map((a) => a.version))})`
        : `version ${review.version} needs a reviewer's approval before publishing`,
    });
  return problems;
}

/** The sections a save changes, in document order. */
export function changedSections(before: Sections, after: Sections): PostmortemSection[] {
  return POSTMORTEM_SECTIONS.filter((s) => (before[s] ?? "") !== (after[s] ?? ""));
}

export interface DraftFacts {
  severity: Severity;
  /** Epoch ms. */
  start: number;
  declaredAt: number;
  resolvedAt: number;
  services: string[];
  regions: string[];
  summary: string;
  /** The first attached alert: its name and when it fired; null when a person noticed first. */
  firstAlert: { name: string; firedAt: number } | null;
  ackS: number | null;
  declareS: number | null;
  mitigateS: number | null;
  /** Orgs whose customers were affected, if known (from the incident's evidence). */
  customers: string[];
  /** SLOs whose error budget the window burned, with the share of their 30-day budget spent. */
  budgets: { name: string; spent: number }[];
}

const dur = (s: number | null) => (s === null ? "unknown" : minutesText(s * 1000));
const utc = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The sections a new postmortem starts from: the incident's summary, its impact and its detection, computed. */
export function draftSections(f: DraftFacts): Sections {
  const impact = [
    `Duration: ${minutesText(f.resolvedAt - f.start)} (${utc(f.start)} to ${utc(f.resolvedAt)}).`,
    `Services: ${f.services.join(", ") || "not recorded"}. Regions: ${f.regions.join(", ") || "every region"}.`,
    `Customers affected: ${f.customers.length ? f.customers.join(", ") : "not recorded — say who and how many"}.`,
    ...(f.budgets.length
      ? [
          `Error budget spent: ${f.budgets.map((b) => `${b.name} ${(b.spent * 100).toFixed(1)}% of its 30-day budget`).join("; ")}.`,
        ]
      : []),
  ].join("\n");
  const detection = [
    f.firstAlert
      ? `Noticed by the alert ${f.firstAlert.name}, fired ${utc(f.firstAlert.firedAt)}.`
      : `Noticed by a person (no alert was attached) — say how.`,
    `Time to acknowledge: ${dur(f.ackS)}. Time to declare: ${dur(f.declareS)}. Time to mitigate: ${dur(f.mitigateS)}.`,
  ].join("\n");
  return { summary: f.summary, impact, detection };
}
