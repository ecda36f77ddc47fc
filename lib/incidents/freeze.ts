// The deploy freeze: open Sev0/Sev1 incidents not yet mitigated freeze the services and regions they
// name (./rules.ts says which), unless their IC granted a service an exception.
import "server-only";
import { and, asc, inArray } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { freezeExceptions, incidents } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { addEntry, change } from "./changes";
import { loadIncident } from "./rows";
import { covers, FREEZING_STATUSES, freezes, incidentRef } from "./rules";
import { budgetFreezes } from "@/lib/metrics/budget";
import { MAJOR_SEVERITIES } from "@/lib/vocabulary";
import { type Actor } from "@/lib/auth/permissions";

/**
 * Whether a change to `service` in `region` is frozen: by an open SEV0/SEV1 that covers it (without its
 * IC's exception), or — for a deploy — by a spent error budget of one of the service's SLOs (without its
 * owner's exception). Rollbacks and config changes are how reliability comes back: budgets never freeze them.
 */
export async function deployFreeze(q: { service?: string; region?: string; kind?: string }) {
  const budgets = q.service && (q.kind ?? "deploy") === "deploy" ? await budgetFreezes(q.service, q.region) : [];
  const open = await db()
    .select()
    .from(incidents)
    .where(and(inArray(incidents.severity, [...MAJOR_SEVERITIES]), inArray(incidents.status, [...FREEZING_STATUSES])));
  const ids = open.map((i) => i.id);
  const exc = ids.length
    ? await db()
        .select()
        .from(freezeExceptions)
        .where(inArray(freezeExceptions.incidentId, ids))
        .orderBy(asc(freezeExceptions.createdAt))
    : [];
  const byId = new Map(open.map((i) => [i.id, i]));
  const reasons = open
    .filter((i) => covers(i, q.service, q.region))
    .filter((i) => !(q.service && exc.some((e) => e.incidentId === i.id && e.service === q.service)))
    .map((i) => ({
      incident: i.id,
      ref: incidentRef(i.number),
      title: i.title,
      severity: i.severity,
      since: i.declaredAt.toISOString(),
    }));
  const exceptions = exc
    .filter((e) => !q.service || e.service === q.service)
    .flatMap((e) => {
      // Exceptions were read for these incidents only: each has its incident.
      const inc = byId.get(e.incidentId);
      return inc
        ? [
            {
              incident: e.incidentId,
              ref: incidentRef(inc.number),
              service: e.service,
              reason: e.reason,
              by: e.createdBy,
              at: e.createdAt.toISOString(),
            },
          ]
        : [];
    });
  return { frozen: reasons.length > 0 || budgets.length > 0, reasons, exceptions, budgets };
}

export async function createFreezeException(actor: Actor, idOrRef: string, b: { service: string; reason: string }) {
  return change(async (tx) => {
    const inc = await loadIncident(idOrRef, tx);
    if (inc.commanderId !== actor.user.id)
      throw new ApiError(
        "forbidden",
        `Only the incident commander of ${incidentRef(inc.number)} may grant a freeze exception.`,
      );
    if (!freezes(inc))
      throw new ApiError(
        "conflict",
        `${incidentRef(inc.number)} does not freeze deploys now (${inc.severity}, ${inc.status}).`,
      );
    const row = returnedRow(
      await tx
        .insert(freezeExceptions)
        .values({
          id: newId("fex"),
          incidentId: inc.id,
          service: b.service,
          reason: b.reason,
          createdBy: actor.user.id,
        })
        .returning(),
      "Granting a freeze exception",
    );
    await addEntry(tx, inc.id, {
      kind: "freeze_exception",
      body: `Freeze exception for ${b.service}: ${b.reason}`,
      data: { service: b.service },
      authorId: actor.user.id,
    });
    return {
      exception: {
        id: row.id,
        service: row.service,
        reason: row.reason,
        by: row.createdBy,
        at: row.createdAt.toISOString(),
      },
    };
  });
}
