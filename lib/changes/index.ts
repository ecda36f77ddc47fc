// Change events: recorded idempotently by external_id, listed newest first, and checked against the
// deploy freeze — a deploy or config change that a freezing incident covers, without its IC's
// exception, is stored, flagged, and written into that incident's timeline, which viewers see live.
import "server-only";
import { and, arrayOverlaps, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { changes, orgs, type ChangeRow } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { parseInstant } from "@/lib/http/time";
import { newId } from "@/lib/ids";
import { env } from "@/lib/env";
import { deployFreeze } from "@/lib/incidents/freeze";
import { withTimelineEntries } from "@/lib/incidents/timeline";
import type { Change, ChangeQuery, PostChangeBody } from "./contract";
import { freezeApplies } from "./rules";
import { budgetFreezes } from "@/lib/metrics/budget";
import { type Actor } from "@/lib/auth/permissions";
import { maintenanceOf, windowRefs } from "@/lib/maintenance";
import type { MaintenanceRef } from "@/lib/maintenance/contract";

const MAX_RANGE_MS = 31 * 86_400_000;

/** A change as the API shows it; `windows` names the maintenance windows its rows fall in (./windowRefs). */
export function toChange(r: ChangeRow, windows: ReadonlyMap<string, MaintenanceRef> = new Map()): Change {
  return {
    id: r.id,
    external_id: r.externalId,
    kind: r.kind,
    service: r.service,
    regions: r.regions,
    summary: r.summary,
    ref: r.ref,
    url: r.url,
    actor: r.actor,
    status: r.status,
    started_at: r.startedAt.toISOString(),
    finished_at: r.finishedAt?.toISOString() ?? null,
    org_id: r.orgId,
    app_id: r.appId,
    env_id: r.envId,
    freeze_violation: r.freezeViolation,
    freeze_incidents: r.freezeIncidents,
    backfill: r.backfill,
    recorded_at: r.createdAt.toISOString(),
    freeze_budgets: r.freezeBudgets,
    maintenance: r.maintenanceId ? (windows.get(r.maintenanceId) ?? null) : null,
  };
}

/** Changes as the API shows them, each posted during maintenance with its window's M-number. */
async function toChanges(rows: ChangeRow[]): Promise<Change[]> {
  const windows = await windowRefs(rows.map((r) => r.maintenanceId));
  return rows.map((r) => toChange(r, windows));
}

/**
 * The freezing incidents a change breaks: open SEV0/SEV1 that froze its service and region by `at`. A
 * client says when its change started, but a time it chooses cannot move the change out of a freeze: `at`
 * is the later of its start and its arrival, except for a marked backfill of past changes.
 */
async function breaksFreeze(
  c: { kind: Change["kind"]; service: string; regions: string[]; status: Change["status"] },
  at: number,
) {
  if (!freezeApplies(c.kind) || c.status === "failed" || c.status === "rolled_back") return [];
  const regions = c.regions.length ? c.regions : [undefined];
  const found = new Map<string, string>();
  for (const region of regions)
    for (const r of (await deployFreeze({ service: c.service, region })).reasons)
      if (Date.parse(r.since) <= at) found.set(r.incident, r.ref);
  return [...found].map(([id, ref]) => ({ id, ref }));
}

/** How far ahead of arrival a start may be (clocks disagree a little). */
const FUTURE_SLACK_MS = 5 * 60_000;

/** A new change's start against its arrival: no later than a few minutes ahead, no earlier than the backdate limit unless it is a backfill. */
function checkStart(b: PostChangeBody, arrival: number) {
  const started = Date.parse(b.started_at);
  if (started > arrival + FUTURE_SLACK_MS)
    throw badRequest("body.started_at", "is in the future: post a change when it starts");
  const limit = env().CHANGE_MAX_BACKDATE_MINUTES;
  if (!b.backfill && started < arrival - limit * 60_000) {
    throw badRequest(
      "body.started_at",
      `is more than ${limit} minutes before the change was posted: post changes as they happen, or mark an import of past changes with "backfill": true`,
    );
  }
}

const IDENTITY = ["kind", "service", "regions", "started_at", "org_id"] as const;

/** Who posted a change, as recorded: the token, else the person. */
export const posterOf = (actor: Actor): string => actor.token?.id ?? actor.user.id;

/** Records a change, or updates the one with the same external_id (its status, finish time, summary and links). */
export async function postChange(postedBy: string, b: PostChangeBody): Promise<{ change: Change; created: boolean }> {
  if (b.org_id) {
    const [org] = await db().select({ id: orgs.id }).from(orgs).where(eq(orgs.id, b.org_id)).limit(1);
    if (!org) throw badRequest("body.org_id", `no org '${b.org_id}'`);
  }
  const [existing] = await db().select().from(changes).where(eq(changes.externalId, b.external_id)).limit(1);
  if (existing) {
    const was = toChange(existing);
    const now: Record<(typeof IDENTITY)[number], unknown> = {
      kind: b.kind,
      service: b.service,
      regions: b.regions,
      started_at: new Date(b.started_at).toISOString(),
      org_id: b.org_id ?? null,
    };
    const differs = IDENTITY.filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]));
    if (differs.length) {
      throw new ApiError(
        "conflict",
        `Change '${b.external_id}' was recorded with another ${differs.join(", ")}; a change keeps what it is, where and when it started — post a new external_id for a new change.`,
        {
          details: { fields: differs.map((f) => ({ field: `body.${f}`, message: `was ${JSON.stringify(was[f])}` })) },
        },
      );
    }
  }
  const arrival = Date.now();
  if (!existing) checkStart(b, arrival);
  const backfill = existing ? existing.backfill : Boolean(b.backfill);
  const started = Date.parse(b.started_at);
  const judgedAt = backfill ? started : Math.max(started, existing ? existing.createdAt.getTime() : arrival);
  const violated = existing?.freezeViolation ? [] : await breaksFreeze(b, judgedAt);
  // A deploy to a service whose SLO has spent its error budget (without its owner's exception) is flagged too.
  const budgets =
    existing?.freezeViolation ||
    b.kind !== "deploy" ||
    b.backfill ||
    b.status === "failed" ||
    b.status === "rolled_back"
      ? []
      : await budgetFreezes(b.service);
  const inBudgetFreeze = budgets.filter((f) => !b.regions.length || b.regions.includes(f.region));
  // Posted while a maintenance window runs on its service and region: marked as part of that work.
  const maintenanceId = existing ? existing.maintenanceId : await maintenanceOf(b, judgedAt);
  const windows = await windowRefs([maintenanceId]);
  return withTimelineEntries(async (tx, entry) => {
    const values = {
      summary: b.summary,
      ref: b.ref ?? null,
      url: b.url ?? null,
      actor: b.actor,
      status: b.status,
      finishedAt: b.finished_at ? new Date(b.finished_at) : null,
      appId: b.app_id ?? null,
      envId: b.env_id ?? null,
      updatedAt: new Date(),
      ...(violated.length || inBudgetFreeze.length
        ? {
            freezeViolation: true,
            freezeIncidents: violated.map((v) => v.id),
            freezeBudgets: inBudgetFreeze.map((f) => `${f.slo}:${f.region}`),
          }
        : {}),
    };
    const rows = existing
      ? await tx.update(changes).set(values).where(eq(changes.id, existing.id)).returning()
      : await tx
          .insert(changes)
          .values({
            id: newId("chg"),
            externalId: b.external_id,
            kind: b.kind,
            service: b.service,
            regions: b.regions,
            startedAt: new Date(b.started_at),
            orgId: b.org_id ?? null,
            backfill,
            postedBy,
            maintenanceId,
            ...values,
          })
          .returning();
    const change = toChange(returnedRow(rows, "Recording a change"), windows);
    for (const inc of violated) {
      await entry(inc.id, {
        kind: "freeze_violation",
        body: `${change.kind === "config" ? "Config change" : "Deploy"} of ${change.service}${change.regions.length ? ` to ${change.regions.join(", ")}` : ""} during the deploy freeze, without an exception: ${change.summary} (${change.actor}${change.ref ? `, ${change.ref}` : ""})`,
        data: {
          change_id: change.id,
          external_id: change.external_id,
          service: change.service,
          regions: change.regions,
          url: change.url,
          status: change.status,
        },
        authorId: null,
      });
    }
    return { change, created: !existing };
  });
}

function decodePosition(cursor: string | undefined) {
  const raw = decodeCursor(cursor, "query.cursor", /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|chg_[a-z0-9]+$/);
  if (!raw) return undefined;
  // The cursor's pattern above holds both parts.
  const [at = "", id = ""] = raw.split("|");
  return { at, id };
}

/** The window a change list covers: default the last day; at most 31 days. */
export function changeWindow(q: { from?: string; to?: string }, now = Date.now()) {
  const to = q.to ? parseInstant(q.to, "query.to", now) : now;
  const from = q.from ? parseInstant(q.from, "query.from", now) : to - 86_400_000;
  if (from >= to) throw badRequest("query.from", "must be before to");
  if (to - from > MAX_RANGE_MS) throw badRequest("query.from", "the range is longer than 31 days; narrow from/to");
  return { from: new Date(from), to: new Date(to) };
}

export interface ChangeFilter {
  services?: string[];
  regions?: string[];
  kinds?: string[];
  org?: string | null;
  from: Date;
  to: Date;
}

/** Changes that were under way in [from, to]: started before its end, not finished before its start. */
export function changeWhere(f: ChangeFilter): SQL[] {
  const where: SQL[] = [
    lte(changes.startedAt, f.to),
    or(sql`${changes.finishedAt} is null`, gte(changes.finishedAt, f.from))!,
    gte(changes.startedAt, new Date(f.from.getTime() - MAX_RANGE_MS)),
  ];
  if (f.services?.length) where.push(inArray(changes.service, f.services));
  // A change that names no region touches every region.
  if (f.regions?.length)
    where.push(or(arrayOverlaps(changes.regions, f.regions), sql`cardinality(${changes.regions}) = 0`)!);
  if (f.kinds?.length) where.push(inArray(changes.kind, f.kinds as Change["kind"][]));
  if (f.org) where.push(eq(changes.orgId, f.org));
  return where;
}

export async function findChanges(f: ChangeFilter, limit = 1000): Promise<Change[]> {
  const rows = await db()
    .select()
    .from(changes)
    .where(and(...changeWhere(f)))
    .orderBy(desc(changes.startedAt), desc(changes.id))
    .limit(limit);
  return toChanges(rows);
}

export async function listChanges(q: Omit<ChangeQuery, "org"> & { org?: string }) {
  const w = changeWindow(q);
  const where = changeWhere({
    services: q.service,
    regions: q.region,
    kinds: q.kind,
    org: q.org,
    from: w.from,
    to: w.to,
  });
  const after = decodePosition(q.cursor);
  if (after) where.push(sql`(${changes.startedAt}, ${changes.id}) < (${after.at}::timestamptz, ${after.id})`);
  const rows = await db()
    .select()
    .from(changes)
    .where(and(...where))
    .orderBy(desc(changes.startedAt), desc(changes.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    changes: await toChanges(page),
    next_cursor: rows.length > q.limit && last ? encodeCursor(`${last.startedAt.toISOString()}|${last.id}`) : null,
  };
}
