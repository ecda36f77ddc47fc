// The incident lifecycle: listing, declaring, changing (every change becomes a timeline entry) and IC
// takeover. Rules (who commands a Sev0, which status comes next) are in ./rules.ts.
import "server-only";
import { checkRegions } from "@/lib/metrics/known-regions";
import { assertResponders } from "@/lib/auth/users";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { followUps, incidents, timelineEntries } from "@/lib/db/schema";
import { consoleRunbookSlug } from "@/lib/runbooks/standard";
import { recordIncidentUse } from "@/lib/runbooks/exercises";
import { ApiError } from "@/lib/http/errors";
import { decodeOffset, encodeOffset } from "@/lib/http/cursor";
import { newId } from "@/lib/ids";
import type { DeclareIncidentBody, UpdateIncidentBody } from "./contract";
import { addEntry, change, notify } from "./changes";
import { endHolds } from "@/lib/maintenance";
import { checkCustomerUpdate, checkFiring } from "./guards";
import { incidentView, isoOrNull, loadIncident, toIncident, type Tx } from "./rows";
import {
  canEditSummary,
  commanderAfter,
  freezeEffect,
  freezes,
  freezeScope,
  incidentRef,
  runbookReviewTitle,
  runbooksUsed,
  transitionError,
} from "./rules";
import { OPEN_STATUSES, type Severity, type Status } from "@/lib/vocabulary";
import { type Actor } from "@/lib/auth/permissions";

const lastEntryAt = sql<
  string | null
>`(select max(te.recorded_at)::text from timeline_entries te where te.incident_id = "incidents"."id")`;

/** Commanders must be people who can run incidents. */
const assertResponder = (tx: Tx, userId: string, field: string) => assertResponders([userId], () => field, tx);

export async function listIncidents(q: {
  status: (Status | "open")[];
  severity: Severity[];
  limit: number;
  cursor?: string;
}) {
  const statuses = q.status.flatMap((s): readonly Status[] => (s === "open" ? OPEN_STATUSES : [s]));
  const offset = decodeOffset(q.cursor);
  const rows = await db()
    .select({ row: incidents, last: lastEntryAt })
    .from(incidents)
    .where(
      and(
        statuses.length ? inArray(incidents.status, statuses) : undefined,
        q.severity.length ? inArray(incidents.severity, q.severity) : undefined,
      ),
    )
    .orderBy(sql`(${incidents.status} = 'resolved')`, desc(incidents.declaredAt))
    .limit(q.limit + 1)
    .offset(offset);
  const page = rows.slice(0, q.limit);
  return {
    incidents: page.map((r) => toIncident(r.row, r.last ? new Date(r.last) : null)),
    next_cursor: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
  };
}

export async function getIncident(idOrRef: string) {
  return { incident: await incidentView(await loadIncident(idOrRef)) };
}

export async function declareIncident(actor: Actor, body: DeclareIncidentBody) {
  checkRegions(body.regions ?? [], "body.regions");
  const declared = await change(async (tx) => {
    if (body.commander_id) await assertResponder(tx, body.commander_id, "body.commander_id");
    const { commanderId } = commanderAfter(
      { severity: body.severity, status: "investigating", commanderId: body.commander_id ?? null },
      actor.user.id,
      false,
    );
    const row = returnedRow(
      await tx
        .insert(incidents)
        .values({
          id: newId("inc"),
          title: body.title,
          severity: body.severity,
          status: "investigating",
          commanderId,
          services: body.services ?? [],
          regions: body.regions ?? [],
          summary: body.summary ?? "",
          declaredBy: actor.user.id,
          impactStartedAt: body.impact_started_at ? new Date(body.impact_started_at) : null,
        })
        .returning(),
      "Declaring an incident",
    );
    await addEntry(tx, row.id, {
      kind: "declared",
      body: `Declared ${body.severity.toUpperCase()}: ${body.title}`,
      data: { severity: body.severity, commander_id: commanderId, services: row.services, regions: row.regions },
      authorId: actor.user.id,
    });
    return { incident: await incidentView(row, tx) };
  });
  await endHolds(declared.incident);
  return declared;
}

const FIELD_NAMES = ["title", "summary", "services", "regions", "impact_started_at"] as const;

export async function updateIncident(actor: Actor, idOrRef: string, body: UpdateIncidentBody) {
  checkRegions(body.regions ?? [], "body.regions");
  let before: { severity: Severity; services: string[] } | undefined;
  const updated = await change(async (tx) => {
    const cur = await loadIncident(idOrRef, tx, true);
    before = cur;
    const next = { ...cur };
    const entries: { kind: string; body: string; data: Record<string, unknown> }[] = [];
    const now = new Date();
    if (body.status && body.status !== cur.status) {
      const err = transitionError(cur.status, body.status);
      if (err)
        throw new ApiError("conflict", `status: ${err}`, {
          details: { fields: [{ field: "body.status", message: err }] },
        });
      next.status = body.status;
      if (body.status === "mitigated" || (body.status === "resolved" && !cur.mitigatedAt))
        next.mitigatedAt = cur.mitigatedAt ?? now;
      if (body.status === "resolved") next.resolvedAt = now;
      if (body.status === "investigating") {
        next.mitigatedAt = null;
        next.resolvedAt = null;
      }
      entries.push({
        kind: "status_change",
        body: `Status ${cur.status} → ${body.status}`,
        data: { from: cur.status, to: body.status },
      });
    }
    if (body.severity && body.severity !== cur.severity) {
      next.severity = body.severity;
      entries.push({
        kind: "severity_change",
        body: `Severity ${cur.severity.toUpperCase()} → ${body.severity.toUpperCase()}`,
        data: { from: cur.severity, to: body.severity },
      });
    }
    const clearing = body.commander_id === null;
    if (body.commander_id !== undefined && body.commander_id !== cur.commanderId) {
      if (body.commander_id) await assertResponder(tx, body.commander_id, "body.commander_id");
      next.commanderId = body.commander_id;
    }
    const ic = commanderAfter(
      { severity: next.severity, status: next.status, commanderId: next.commanderId },
      actor.user.id,
      clearing,
    );
    if (ic.error)
      throw new ApiError("conflict", `commander_id: ${ic.error}`, {
        details: { fields: [{ field: "body.commander_id", message: ic.error }] },
      });
    next.commanderId = ic.commanderId;
    if (next.commanderId !== cur.commanderId) {
      entries.push({
        kind: "role_change",
        body: `Incident commander ${cur.commanderId ?? "none"} → ${next.commanderId ?? "none"}`,
        data: { role: "commander", from: cur.commanderId, to: next.commanderId },
      });
    }
    if (body.roles) {
      for (const id of new Set(Object.values(body.roles))) await assertResponder(tx, id, "body.roles");
      const keys = new Set([...Object.keys(cur.roles), ...Object.keys(body.roles)]);
      for (const role of keys) {
        if (cur.roles[role] !== body.roles[role])
          entries.push({
            kind: "role_change",
            body: `${role} ${cur.roles[role] ?? "none"} → ${body.roles[role] ?? "none"}`,
            data: { role, from: cur.roles[role] ?? null, to: body.roles[role] ?? null },
          });
      }
      next.roles = body.roles;
    }
    for (const f of FIELD_NAMES) {
      if (body[f] === undefined) continue;
      const before = f === "impact_started_at" ? isoOrNull(cur.impactStartedAt) : cur[f];
      const after = body[f] ?? null;
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      if (f === "summary" && !canEditSummary(cur, actor.user.id)) {
        throw new ApiError(
          "forbidden",
          `Only the incident commander of ${incidentRef(cur.number)} edits its summary; take over as IC first.`,
          {
            details: { fields: [{ field: "body.summary", message: "only the incident commander edits the summary" }] },
          },
        );
      }
      // A field not in the body was skipped above: each fallback below is never taken.
      if (f === "impact_started_at")
        next.impactStartedAt = body.impact_started_at ? new Date(body.impact_started_at) : null;
      else if (f === "title") next.title = body.title ?? next.title;
      else if (f === "summary") next.summary = body.summary ?? next.summary;
      else next[f] = body[f] ?? next[f];
      const said = (v: unknown) => (Array.isArray(v) ? v.join(", ") || "none" : null);
      entries.push({
        kind: "field_change",
        body:
          f === "services" || f === "regions"
            ? `${f.charAt(0).toUpperCase()}${f.slice(1)} ${said(before)} → ${said(after)}`
            : `${f.replace(/_/g, " ")} changed`,
        data: { field: f, from: before, to: after },
      });
    }
    const [first] = entries;
    if (!first) return { incident: await incidentView(cur, tx) };
    const firing = next.status === "resolved" && cur.status !== "resolved";
    const stillFiring = firing ? await checkFiring(tx, cur.id, body.confirm_firing === true) : [];
    const move = await checkCustomerUpdate(tx, cur.id, cur, next, body);
    // The first entry carries what the change does to the deploy freeze, and the update given with it.
    const effect = freezeEffect(cur, next);
    if (effect) {
      first.body += `. ${effect === "ends" ? "Ends" : "Starts"} the deploy freeze on ${freezeScope(next)}.`;
      first.data = { ...first.data, freeze: effect };
    }
    if (freezes(cur) && freezes(next) && freezeScope(cur) !== freezeScope(next)) {
      first.body += `. Moves the deploy freeze from ${freezeScope(cur)} to ${freezeScope(next)}.`;
      first.data = { ...first.data, freeze: "moves" };
    }
    if (body.note) {
      first.body += ` — ${body.note}`;
      first.data = { ...first.data, note: body.note };
    }
    if (stillFiring.length) {
      first.body += `. Resolved while alerts still fire: ${stillFiring.join(", ")}.`;
      first.data = { ...first.data, firing_alerts: stillFiring };
    }
    if (move && !body.customer_update && body.customer_update_skipped) {
      first.body += `. /status now shows ${move.to} (was ${move.from}) without a customer update: ${body.customer_update_skipped}`;
      first.data = { ...first.data, customer_update_skipped: body.customer_update_skipped };
    }
    const row = returnedRow(
      await tx
        .update(incidents)
        .set({
          title: next.title,
          severity: next.severity,
          status: next.status,
          commanderId: next.commanderId,
          roles: next.roles,
          services: next.services,
          regions: next.regions,
          summary: next.summary,
          impactStartedAt: next.impactStartedAt,
          mitigatedAt: next.mitigatedAt,
          resolvedAt: next.resolvedAt,
          updatedAt: now,
        })
        .where(eq(incidents.id, cur.id))
        .returning(),
      `Updating ${incidentRef(cur.number)}`,
    );
    for (const e of entries) await addEntry(tx, cur.id, { ...e, authorId: actor.user.id });
    if (body.customer_update) {
      await addEntry(tx, cur.id, {
        kind: "status_update",
        body: body.customer_update,
        data: {
          audience: "customer",
          services: next.services,
          regions: next.regions,
          status: next.status,
          ...(body.success_rate !== undefined ? { success_rate: body.success_rate } : {}),
        },
        authorId: actor.user.id,
      });
    }
    if (next.status === "resolved" && cur.status !== "resolved") await reviewRunbooks(tx, cur.id, actor.user.id);
    notify(tx, cur.id, "incident", cur.id);
    return { incident: await incidentView(row, tx) };
  });
  // A SEV0/SEV1 on services under maintenance ends their windows' hold: their alerts notify again.
  if (before) await endHolds(updated.incident, before);
  return updated;
}

/** Runbooks are reviewed after every incident that touched them: a follow-up each, once. */
async function reviewRunbooks(tx: Tx, incidentId: string, authorId: string) {
  const entries = await tx
    .select({ kind: timelineEntries.kind, data: timelineEntries.data })
    .from(timelineEntries)
    .where(eq(timelineEntries.incidentId, incidentId));
  const used = runbooksUsed(entries, (u) => consoleRunbookSlug(u) ?? (/^[a-z0-9-]+$/.test(u) ? u : null));
  // Using a runbook in an incident exercises it.
  await recordIncidentUse(tx, incidentId, used, authorId);
  const titles = used.map(runbookReviewTitle);
  if (!titles.length) return;
  const existing = new Set(
    (await tx.select({ title: followUps.title }).from(followUps).where(eq(followUps.incidentId, incidentId))).map(
      (f) => f.title,
    ),
  );
  const fresh = titles.filter((t) => !existing.has(t));
  if (fresh.length)
    await tx
      .insert(followUps)
      .values(fresh.map((title) => ({ id: newId("fu"), incidentId, title, createdBy: authorId })));
}
