// Postmortems: reading one with the draft built from its incident, saving it (a version per save), review
// (submit, approve), publishing (the rules in ./rules), corrections once published, and what the overview
// and the handoff show of overdue postmortems and action items.
import "server-only";
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, ne, or } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import {
  alerts,
  followUps,
  incidents,
  postmortemApprovals,
  postmortemCorrections,
  postmortems,
  postmortemVersions,
  type IncidentRow,
} from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ApiError, badRequest, invalidFields } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { holds, type Actor } from "@/lib/auth/permissions";
import { findChanges } from "@/lib/changes";
import { describeEvidence } from "@/lib/incidents/evidence";
import { toFollowUp } from "@/lib/incidents/follow-ups";
import { isoOrNull, loadIncident } from "@/lib/incidents/rows";
import { incidentRef, runbooksUsed } from "@/lib/incidents/rules";
import { listTimeline } from "@/lib/incidents/timeline";
import { consoleRunbookSlug } from "@/lib/runbooks/standard";
import { clocksOf, isOverdue, startOf, updateSpan, type IncidentFacts } from "@/lib/insights/rules";
import type { ActionKind } from "@/lib/vocabulary";
import type { Postmortem, PostmortemView, SavePostmortemBody } from "./contract";
import {
  changedSections,
  deadlines,
  draftSections,
  postmortemOverdue,
  postmortemRequired,
  publishProblems,
  reviewMeetingProblem,
  type Sections,
} from "./rules";

type Row = typeof postmortems.$inferSelect;
type Db = ReturnType<typeof db>;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** How long before impact a change counts as "before impact" in the draft. */
const CHANGES_BEFORE_MS = 2 * 3_600_000;

function toPostmortem(r: Row): Postmortem {
  return {
    id: r.id,
    incident_id: r.incidentId,
    status: r.status,
    owner_id: r.ownerId,
    sections: r.sections,
    review_meeting_at: isoOrNull(r.reviewMeetingAt),
    version: r.version,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    submitted_at: isoOrNull(r.submittedAt),
    published_at: isoOrNull(r.publishedAt),
    published_by: r.publishedBy,
  };
}

const deadlinesOf = (inc: IncidentRow) =>
  inc.resolvedAt
    ? deadlines(inc.resolvedAt.getTime(), inc.severity, env().POSTMORTEM_DRAFT_HOURS, env().POSTMORTEM_REVIEW_DAYS)
    : null;

/** The incident's clocks' inputs, from its row and its attached alerts and customer updates. */
export function incidentFacts(
  inc: IncidentRow,
  attached: { firedAt: Date; ackedAt: Date | null }[],
  updates: number[],
): IncidentFacts {
  const fired = attached.map((a) => a.firedAt.getTime());
  const acked = attached.flatMap((a) => (a.ackedAt ? [a.ackedAt.getTime()] : []));
  return {
    id: inc.id,
    severity: inc.severity,
    services: inc.services,
    declaredAt: inc.declaredAt.getTime(),
    impactStartedAt: inc.impactStartedAt?.getTime() ?? null,
    mitigatedAt: inc.mitigatedAt?.getTime() ?? null,
    resolvedAt: inc.resolvedAt?.getTime() ?? null,
    firstAlertAt: fired.length ? Math.min(...fired) : null,
    firstAckAt: acked.length ? Math.min(...acked) : null,
    customerUpdates: updateSpan(updates, inc.declaredAt.getTime(), inc.resolvedAt?.getTime() ?? Date.now()),
  };
}

/** What a postmortem is drafted from: the incident's timeline, evidence, changes, alerts and updates. */
async function buildDraft(inc: IncidentRow): Promise<NonNullable<PostmortemView["draft"]>> {
  const { entries } = await listTimeline(inc.id);
  const attached = await db()
    .select({
      id: alerts.id,
      name: alerts.name,
      severity: alerts.severity,
      firedAt: alerts.firedAt,
      ackedAt: alerts.ackedAt,
      annotations: alerts.annotations,
    })
    .from(alerts)
    .where(eq(alerts.incidentId, inc.id))
    .orderBy(asc(alerts.firedAt));
  const corrected = new Set(entries.filter((e) => e.corrects).map((e) => e.corrects));
  const live = entries.filter((e) => !corrected.has(e.id));
  const updates = live
    .filter((e) => e.kind === "status_update")
    .map((e) => ({
      entry_id: e.id,
      audience: e.data.audience === "customer" ? ("customer" as const) : ("internal" as const),
      at: e.occurred_at,
      body: e.body,
    }));
  const facts = incidentFacts(
    inc,
    attached,
    updates.filter((u) => u.audience === "customer").map((u) => Date.parse(u.at)),
  );
  const clocks = clocksOf(facts);
  const start = startOf(facts);
  const evidence = live.flatMap((e) => {
    if (e.kind !== "evidence" || typeof e.data.url !== "string") return [];
    const view = describeEvidence(e.data.url);
    const label = typeof e.data.label === "string" && e.data.label ? e.data.label : view.what;
    return [{ entry_id: e.id, what: label, url: e.data.url, window: view.window, pinned_at: e.occurred_at }];
  });
  const customers = [
    ...new Set(evidence.flatMap((e) => /^\/orgs\/([^/?]+)\/logs/.exec(e.url)?.[1] ?? []).map(decodeURIComponent)),
  ];
  const changes = inc.services.length
    ? await findChanges(
        {
          services: inc.services,
          regions: inc.regions,
          from: new Date(start - CHANGES_BEFORE_MS),
          to: new Date(start),
        },
        50,
      )
    : [];
  const runbooks = runbooksUsed(
    [
      ...entries,
      ...attached.map((a) => ({
        kind: "alert",
        data: { runbook_url: a.annotations.runbook_url } as Record<string, unknown>,
      })),
    ],
    (u) => consoleRunbookSlug(u) ?? (/^[a-z0-9-]+$/.test(u) ? u : null),
  );
  const rules = [...new Set(attached.map((a) => a.name))];
  const suggestions: { title: string; kind: ActionKind }[] = [
    ...runbooks.map((r) => ({ title: `Update runbook ${r}`, kind: "mitigate" as const })),
    ...rules.map((r) => ({ title: `Improve monitoring for alert rule ${r}`, kind: "detect" as const })),
  ];
  const resolvedAt = inc.resolvedAt?.getTime() ?? Date.now();
  return {
    sections: draftSections({
      severity: inc.severity,
      start,
      declaredAt: facts.declaredAt,
      resolvedAt,
      services: inc.services,
      regions: inc.regions,
      summary: inc.summary,
      firstAlert: attached[0] ? { name: attached[0].name, firedAt: attached[0].firedAt.getTime() } : null,
      ackS: clocks.ackS,
      declareS: clocks.declareS,
      mitigateS: clocks.mitigateS,
      customers,
      budgets: [],
    }),
    facts: {
      start: new Date(start).toISOString(),
      duration_s: Math.round((resolvedAt - start) / 1000),
      ack_s: clocks.ackS,
      declare_s: clocks.declareS,
      mitigate_s: clocks.mitigateS,
      resolve_s: clocks.resolveS,
      customers,
      budgets: [],
    },
    timeline: entries,
    evidence,
    changes: changes.map((c) => ({
      id: c.id,
      kind: c.kind,
      service: c.service,
      regions: c.regions,
      summary: c.summary,
      started_at: c.started_at,
      actor: c.actor,
    })),
    alerts: attached.map((a) => ({
      id: a.id,
      name: a.name,
      severity: a.severity,
      fired_at: a.firedAt.toISOString(),
    })),
    updates,
    suggestions,
  };
}

async function rowOf(incidentId: string, tx: Pick<Db, "select"> = db(), lock = false): Promise<Row | null> {
  const q = tx.select().from(postmortems).where(eq(postmortems.incidentId, incidentId)).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  return row ?? null;
}

export async function getPostmortem(idOrRef: string): Promise<PostmortemView> {
  const inc = await loadIncident(idOrRef);
  const row = await rowOf(inc.id);
  const d = deadlinesOf(inc);
  const [items, versions, approvals, corrections, draft] = await Promise.all([
    db().select().from(followUps).where(eq(followUps.incidentId, inc.id)).orderBy(asc(followUps.createdAt)),
    row
      ? db()
          .select()
          .from(postmortemVersions)
          .where(eq(postmortemVersions.postmortemId, row.id))
          .orderBy(desc(postmortemVersions.version))
      : [],
    row
      ? db()
          .select()
          .from(postmortemApprovals)
          .where(eq(postmortemApprovals.postmortemId, row.id))
          .orderBy(asc(postmortemApprovals.approvedAt))
      : [],
    row
      ? db()
          .select()
          .from(postmortemCorrections)
          .where(eq(postmortemCorrections.postmortemId, row.id))
          .orderBy(asc(postmortemCorrections.id))
      : [],
    inc.resolvedAt ? buildDraft(inc) : null,
  ]);
  return {
    incident: {
      id: inc.id,
      ref: incidentRef(inc.number),
      title: inc.title,
      severity: inc.severity,
      status: inc.status,
      commander_id: inc.commanderId,
      resolved_at: isoOrNull(inc.resolvedAt),
    },
    required: postmortemRequired(inc.severity),
    deadlines: d,
    overdue: !!d && postmortemOverdue(row?.status ?? null, d, Date.now()),
    postmortem: row ? toPostmortem(row) : null,
    draft,
    action_items: items.map(toFollowUp),
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      author_id: v.authorId,
      changed: v.changed,
      at: v.createdAt.toISOString(),
    })),
    approvals: approvals.map((a) => ({
      reviewer_id: a.reviewerId,
      version: a.version,
      at: a.approvedAt.toISOString(),
    })),
    corrections: corrections.map((c) => ({
      id: String(c.id),
      section: c.section,
      body: c.body,
      author_id: c.authorId,
      at: c.createdAt.toISOString(),
    })),
  };
}

/** May this person steer the postmortem (submit, publish): its owner (the IC) or an admin. */
function assertOwner(actor: Actor, row: Row, what: string) {
  if (row.ownerId === actor.user.id || holds(actor.grants, "admin")) return;
  throw new ApiError("forbidden", `Only the postmortem's owner (the incident commander) or an admin may ${what}.`);
}

const notPublished = (row: Row, ref: string) => {
  if (row.status === "published")
    throw new ApiError("conflict", `The postmortem of ${ref} is published and immutable; append a correction.`);
};

/** Writes a new version of the row: the row itself and its append-only version record. */
async function writeVersion(tx: Tx, row: Row, next: Partial<Row>, changed: string[], authorId: string): Promise<Row> {
  const version = row.version + 1;
  const updated = returnedRow(
    await tx
      .update(postmortems)
      .set({ ...next, version, updatedAt: new Date() })
      .where(eq(postmortems.id, row.id))
      .returning(),
    "Saving the postmortem",
  );
  await tx.insert(postmortemVersions).values({
    postmortemId: row.id,
    version,
    status: updated.status,
    authorId,
    changed,
    sections: updated.sections,
    reviewMeetingAt: updated.reviewMeetingAt,
  });
  return updated;
}

/** Starts (from the draft) or edits a resolved incident's postmortem; each save is a version. */
export async function savePostmortem(actor: Actor, idOrRef: string, body: SavePostmortemBody) {
  const inc = await loadIncident(idOrRef);
  const ref = incidentRef(inc.number);
  if (!inc.resolvedAt)
    throw new ApiError("conflict", `${ref} is not resolved yet: its postmortem starts once it is resolved.`);
  if (body.review_meeting_at) {
    const problem = reviewMeetingProblem(
      Date.parse(body.review_meeting_at),
      inc.resolvedAt.getTime(),
      env().POSTMORTEM_REVIEW_DAYS,
    );
    if (problem) throw badRequest("body.review_meeting_at", problem);
  }
  const draft = await buildDraft(inc);
  await db().transaction(async (tx) => {
    let row = await rowOf(inc.id, tx, true);
    if (!row) {
      const sections: Sections = { ...draft.sections, ...body.sections };
      row = returnedRow(
        await tx
          .insert(postmortems)
          .values({
            id: newId("pm"),
            incidentId: inc.id,
            ownerId: inc.commanderId,
            sections,
            reviewMeetingAt: body.review_meeting_at ? new Date(body.review_meeting_at) : null,
          })
          .onConflictDoNothing()
          .returning(),
        "Starting the postmortem",
      );
      await tx.insert(postmortemVersions).values({
        postmortemId: row.id,
        version: 1,
        status: "draft",
        authorId: actor.user.id,
        changed: ["started", ...changedSections({}, sections)],
        sections,
        reviewMeetingAt: row.reviewMeetingAt,
      });
      return;
    }
    notPublished(row, ref);
    if (body.base_version !== undefined && body.base_version !== row.version)
      throw new ApiError(
        "conflict",
        `The postmortem of ${ref} was saved by someone else since version ${body.base_version} (now version ${row.version}); reload and edit again.`,
      );
    const sections: Sections = { ...row.sections, ...body.sections };
    const changed: string[] = changedSections(row.sections, sections);
    const meeting =
      body.review_meeting_at === undefined
        ? row.reviewMeetingAt
        : body.review_meeting_at
          ? new Date(body.review_meeting_at)
          : null;
    if ((meeting?.getTime() ?? null) !== (row.reviewMeetingAt?.getTime() ?? null)) changed.push("review_meeting_at");
    if (!changed.length) return;
    await writeVersion(tx, row, { sections, reviewMeetingAt: meeting }, changed, actor.user.id);
  });
  return getPostmortem(inc.id);
}

async function steer(
  actor: Actor,
  idOrRef: string,
  fn: (tx: Tx, row: Row, inc: IncidentRow, ref: string) => Promise<void>,
) {
  const inc = await loadIncident(idOrRef);
  const ref = incidentRef(inc.number);
  await db().transaction(async (tx) => {
    const row = await rowOf(inc.id, tx, true);
    if (!row) throw new ApiError("conflict", `${ref} has no postmortem yet: start it from the draft.`);
    await fn(tx, row, inc, ref);
  });
  return getPostmortem(inc.id);
}

export function submitPostmortem(actor: Actor, idOrRef: string) {
  return steer(actor, idOrRef, async (tx, row, _inc, ref) => {
    assertOwner(actor, row, "send it to review");
    notPublished(row, ref);
    if (row.status === "in_review") throw new ApiError("conflict", `The postmortem of ${ref} is already in review.`);
    await writeVersion(tx, row, { status: "in_review", submittedAt: new Date() }, ["status"], actor.user.id);
  });
}

export function approvePostmortem(actor: Actor, idOrRef: string) {
  return steer(actor, idOrRef, async (tx, row, _inc, ref) => {
    if (row.status !== "in_review")
      throw new ApiError("conflict", `The postmortem of ${ref} is ${row.status.replace("_", " ")}, not in review.`);
    if (row.ownerId === actor.user.id)
      throw new ApiError("forbidden", "A reviewer approves; the postmortem's owner cannot approve their own.");
    await tx
      .insert(postmortemApprovals)
      .values({ postmortemId: row.id, reviewerId: actor.user.id, version: row.version })
      .onConflictDoNothing();
  });
}

export function publishPostmortem(actor: Actor, idOrRef: string) {
  return steer(actor, idOrRef, async (tx, row, inc, ref) => {
    assertOwner(actor, row, "publish it");
    notPublished(row, ref);
    if (row.status !== "in_review")
      throw new ApiError("conflict", `The postmortem of ${ref} is a draft: send it to review before publishing.`);
    const items = await tx
      .select()
      .from(followUps)
      .where(eq(followUps.incidentId, inc.id))
      .orderBy(asc(followUps.createdAt));
    const approvals = await tx
      .select({ reviewer_id: postmortemApprovals.reviewerId, version: postmortemApprovals.version })
      .from(postmortemApprovals)
      .where(eq(postmortemApprovals.postmortemId, row.id));
    const problems = publishProblems(
      inc.severity,
      row.sections,
      items.map((i) => ({ id: i.id, title: i.title, owner_id: i.ownerId, due: i.due, kind: i.kind })),
      { version: row.version, approvals },
      actor.user.id,
    );
    if (problems.length) throw invalidFields(problems);
    await writeVersion(
      tx,
      row,
      { status: "published", publishedAt: new Date(), publishedBy: actor.user.id },
      ["status"],
      actor.user.id,
    );
  });
}

export function correctPostmortem(actor: Actor, idOrRef: string, b: { section: string; body: string }) {
  return steer(actor, idOrRef, async (tx, row, _inc, ref) => {
    if (row.status !== "published")
      throw new ApiError("conflict", `The postmortem of ${ref} is not published: edit it instead of correcting it.`);
    await tx.insert(postmortemCorrections).values({
      postmortemId: row.id,
      section: b.section,
      body: b.body,
      authorId: actor.user.id,
    });
  });
}

export interface OverduePostmortem {
  incident_id: string;
  ref: string;
  title: string;
  severity: string;
  owner_id: string | null;
  status: string;
  draft_due_at: string;
}

/** Postmortems past their draft deadline not yet sent to review (or not started), most overdue first. */
export async function overduePostmortems(now = Date.now()): Promise<OverduePostmortem[]> {
  const hours = env().POSTMORTEM_DRAFT_HOURS;
  const rows = await db()
    .select({ inc: incidents, status: postmortems.status, ownerId: postmortems.ownerId })
    .from(incidents)
    .leftJoin(postmortems, eq(postmortems.incidentId, incidents.id))
    .where(
      and(
        eq(incidents.status, "resolved"),
        isNotNull(incidents.resolvedAt),
        gte(incidents.resolvedAt, new Date(now - 90 * 86_400_000)),
        or(isNull(postmortems.status), eq(postmortems.status, "draft")),
      ),
    )
    .limit(500);
  return rows
    .flatMap(({ inc, status, ownerId }) => {
      const d = deadlines(inc.resolvedAt!.getTime(), inc.severity, hours, env().POSTMORTEM_REVIEW_DAYS);
      if (!d.draft_due_at || !postmortemOverdue(status ?? null, d, now)) return [];
      return [
        {
          incident_id: inc.id,
          ref: incidentRef(inc.number),
          title: inc.title,
          severity: inc.severity,
          owner_id: ownerId ?? inc.commanderId,
          status: status ?? "not started",
          draft_due_at: d.draft_due_at,
        },
      ];
    })
    .sort((a, b) => a.draft_due_at.localeCompare(b.draft_due_at));
}

/** Open action items past their due date, oldest due first, with their incident's reference. */
export async function overdueActionItems(now = Date.now(), limit = 50) {
  const today = new Date(now).toISOString().slice(0, 10);
  const rows = await db()
    .select({ f: followUps, number: incidents.number })
    .from(followUps)
    .innerJoin(incidents, eq(incidents.id, followUps.incidentId))
    .where(and(eq(followUps.status, "open"), isNotNull(followUps.due), lt(followUps.due, today), ne(followUps.due, "")))
    .orderBy(asc(followUps.due))
    .limit(limit);
  return rows
    .filter((r) => isOverdue({ status: r.f.status, due: r.f.due }, now))
    .map((r) => ({ ...toFollowUp(r.f), ref: incidentRef(r.number) }));
}
