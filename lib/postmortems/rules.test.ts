import { describe, expect, it } from "vitest";
import {
  actionReminderDue,
  changedSections,
  currentApprovals,
  deadlines,
  owedReminders,
  postmortemOverdue,
  publishProblems,
  reviewMeetingProblem,
} from "./rules";
import { DEFAULT_POSTMORTEM_DRAFT_HOURS } from "@/lib/playbook";

const H = 3_600_000;
const resolved = Date.parse("2026-12-01T10:00:00Z");

describe("deadlines", () => {
  it("put the draft 24 h after resolution for SEV0/SEV1, 48 h for SEV2, none for SEV3; the review within 7 days", () => {
    expect(deadlines(resolved, "sev1", DEFAULT_POSTMORTEM_DRAFT_HOURS, 7)).toEqual({
      draft_due_at: "2026-12-02T10:00:00.000Z",
      review_by: "2026-12-08T10:00:00.000Z",
    });
    expect(deadlines(resolved, "sev2", DEFAULT_POSTMORTEM_DRAFT_HOURS, 7).draft_due_at).toBe(
      "2026-12-03T10:00:00.000Z",
    );
    expect(deadlines(resolved, "sev3", DEFAULT_POSTMORTEM_DRAFT_HOURS, 7).draft_due_at).toBeNull();
  });

  it("hold the review meeting after the resolution and within the window", () => {
    expect(reviewMeetingProblem(resolved + 2 * 24 * H, resolved, 7)).toBeNull();
    expect(reviewMeetingProblem(resolved - H, resolved, 7)).toMatch(/after/);
    expect(reviewMeetingProblem(resolved + 8 * 24 * H, resolved, 7)).toMatch(/within 7 days/);
  });

  it("make a draft overdue past its deadline until it goes to review", () => {
    const d = deadlines(resolved, "sev1", DEFAULT_POSTMORTEM_DRAFT_HOURS, 7);
    expect(postmortemOverdue(null, d, resolved + 23 * H)).toBe(false);
    expect(postmortemOverdue(null, d, resolved + 24 * H)).toBe(true);
    expect(postmortemOverdue("draft", d, resolved + 30 * H)).toBe(true);
    expect(postmortemOverdue("in_review", d, resolved + 30 * H)).toBe(false);
  });
});

describe("reminders", () => {
  const d = deadlines(resolved, "sev1", DEFAULT_POSTMORTEM_DRAFT_HOURS, 7);
  it("owe the IC one for an overdue draft and one when the review's last day comes unscheduled", () => {
    expect(owedReminders({ status: "draft", reviewMeetingAt: null }, d, resolved + H)).toEqual([]);
    expect(owedReminders({ status: "draft", reviewMeetingAt: null }, d, resolved + 25 * H)).toEqual([
      { reason: "draft_due", due_at: d.draft_due_at },
    ]);
    expect(owedReminders({ status: "in_review", reviewMeetingAt: null }, d, resolved + 6.5 * 24 * H)).toEqual([
      { reason: "review_due", due_at: d.review_by },
    ]);
    expect(
      owedReminders({ status: "in_review", reviewMeetingAt: resolved + 48 * H }, d, resolved + 6.5 * 24 * H),
    ).toEqual([]);
    expect(owedReminders({ status: "published", reviewMeetingAt: null }, d, resolved + 30 * 24 * H)).toEqual([]);
  });

  it("owe an action item's owner one once its due day has ended, keyed by that moment", () => {
    expect(actionReminderDue({ status: "open", due: "2026-12-01" }, Date.parse("2026-12-01T23:00:00Z"))).toBeNull();
    expect(actionReminderDue({ status: "open", due: "2026-12-01" }, Date.parse("2026-12-02T00:00:00Z"))).toBe(
      "2026-12-02T00:00:00.000Z",
    );
    expect(actionReminderDue({ status: "done", due: "2026-12-01" }, Date.parse("2026-12-05T00:00:00Z"))).toBeNull();
  });
});

describe("publishing", () => {
  const items = [
    { id: "a", title: "Canary pushes", owner_id: "usr_ic", due: "2026-12-10", kind: "prevent" },
    { id: "b", title: "Alert sooner", owner_id: null, due: null, kind: "detect" },
  ];
  const approved = { version: 4, approvals: [{ reviewer_id: "usr_oncall", version: 4 }] };
  it("needs a root cause, and for SEV0/SEV1 every action item's owner and due date, each named", () => {
    expect(publishProblems("sev1", { root_cause: "  " }, items, approved).map((p) => p.field)).toEqual([
      "sections.root_cause",
      "action_items[1].owner_id",
      "action_items[1].due",
    ]);
    // SEV2: owners and dates are optional.
    expect(publishProblems("sev2", { root_cause: "a cipher list" }, items, approved)).toEqual([]);
    expect(publishProblems("sev0", { root_cause: "a cipher list" }, items.slice(0, 1), approved)).toEqual([]);
  });

  it("needs a reviewer's approval of the version being published, whatever the severity", () => {
    const ok = { root_cause: "a cipher list" };
    expect(publishProblems("sev3", ok, [], { version: 2, approvals: [] })).toEqual([
      { field: "approvals", message: "version 2 needs a reviewer's approval before publishing" },
    ]);
    // An edit after the approval: the approval was of an older text.
    const stale = { version: 5, approvals: [{ reviewer_id: "usr_oncall", version: 4 }] };
    expect(publishProblems("sev2", ok, [], stale)).toEqual([
      {
        field: "approvals",
        message: "version 5 needs a reviewer's approval: it changed after the last approval (version 4)",
      },
    ]);
    expect(
      currentApprovals({ ...stale, approvals: [...stale.approvals, { reviewer_id: "usr_admin", version: 5 }] }),
    ).toEqual(["usr_admin"]);
    // An admin publishing a postmortem without an owner is not their own reviewer.
    const selfApproved = { version: 2, approvals: [{ reviewer_id: "usr_admin", version: 2 }] };
    expect(publishProblems("sev2", ok, [], selfApproved, "usr_admin").map((p) => p.message)).toEqual([
      "version 2 needs a reviewer's approval before publishing",
    ]);
    expect(publishProblems("sev2", ok, [], selfApproved, "usr_ic")).toEqual([]);
    // The last approval named is someone else's: the publisher's own of this version does not count.
    const mixed = { version: 5, approvals: [...stale.approvals, { reviewer_id: "usr_admin", version: 5 }] };
    expect(publishProblems("sev2", ok, [], mixed, "usr_admin").map((p) => p.message)).toEqual([
      "version 5 needs a reviewer's approval: it changed after the last approval (version 4)",
    ]);
  });

  it("records which sections a save changed, in document order", () => {
    expect(changedSections({ summary: "a", lessons: "x" }, { summary: "a", root_cause: "b", lessons: "y" })).toEqual([
      "root_cause",
      "lessons",
    ]);
  });
});
