// Postmortems: one per resolved incident, its versions (who changed what), its reviewers' approvals, the
// corrections appended once it is published, the reminders sent about it (and about overdue action items),
// and runbook exercises (staging drills and uses in incidents).
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  DELIVERY_STATUSES,
  EXERCISE_SETTINGS,
  POSTMORTEM_STATUSES,
  REMINDER_REASONS,
  type PostmortemSection,
} from "@/lib/vocabulary";
import { users } from "./auth";
import { incidents } from "./incidents";

export const postmortems = pgTable(
  "postmortems",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    status: text("status", { enum: POSTMORTEM_STATUSES }).notNull().default("draft"),
    /** The incident's commander when it was started: they own it. */
    ownerId: text("owner_id").references(() => users.id),
    sections: jsonb("sections").$type<Partial<Record<PostmortemSection, string>>>().notNull().default({}),
    reviewMeetingAt: timestamp("review_meeting_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: text("published_by").references(() => users.id),
  },
  (t) => [uniqueIndex("postmortems_incident_key").on(t.incidentId), index("postmortems_status_idx").on(t.status)],
);

/** Every saved version, append-only (a trigger refuses update and delete): who changed which fields. */
export const postmortemVersions = pgTable(
  "postmortem_versions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    postmortemId: text("postmortem_id")
      .notNull()
      .references(() => postmortems.id),
    version: integer("version").notNull(),
    status: text("status", { enum: POSTMORTEM_STATUSES }).notNull(),
    authorId: text("author_id").references(() => users.id),
    changed: text("changed").array().notNull(),
    sections: jsonb("sections").$type<Partial<Record<PostmortemSection, string>>>().notNull(),
    reviewMeetingAt: timestamp("review_meeting_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("postmortem_versions_key").on(t.postmortemId, t.version)],
);

export const postmortemApprovals = pgTable(
  "postmortem_approvals",
  {
    postmortemId: text("postmortem_id")
      .notNull()
      .references(() => postmortems.id),
    reviewerId: text("reviewer_id")
      .notNull()
      .references(() => users.id),
    version: integer("version").notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postmortemId, t.reviewerId, t.version] })],
);

/** A published postmortem's corrections, append-only like the timeline's. */
export const postmortemCorrections = pgTable(
  "postmortem_corrections",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    postmortemId: text("postmortem_id")
      .notNull()
      .references(() => postmortems.id),
    section: text("section").notNull(),
    body: text("body").notNull(),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("postmortem_corrections_idx").on(t.postmortemId, t.id)],
);

/**
 * Each reminder, sent once across replicas: the unique key (subject, reason, due) is the claim, as an
 * escalation step's is. The subject is an incident id (draft, review) or a follow-up id (action item).
 */
export const postmortemReminders = pgTable(
  "postmortem_reminders",
  {
    id: text("id").primaryKey(),
    subject: text("subject").notNull(),
    reason: text("reason", { enum: REMINDER_REASONS }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    userId: text("user_id").references(() => users.id),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    channel: text("channel"),
    detail: text("detail").notNull().default(""),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("postmortem_reminders_key").on(t.subject, t.reason, t.dueAt)],
);

/** A runbook exercised: in staging (a drill) or in an incident (it was used), by whom, with deviations noted. */
export const runbookExercises = pgTable(
  "runbook_exercises",
  {
    id: text("id").primaryKey(),
    runbook: text("runbook").notNull(),
    setting: text("setting", { enum: EXERCISE_SETTINGS }).notNull(),
    incidentId: text("incident_id").references(() => incidents.id),
    byId: text("by_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    notes: text("notes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("runbook_exercises_idx").on(t.runbook, t.at)],
);
