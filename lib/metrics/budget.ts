// The error budget policy: how much of each SLO's 30-day budget is left per region, which tier of the
// policy that puts the service in, and — at 0 % — a deploy freeze on the SLO's service and region until
// the budget recovers or the service's owner records an exception with a reason (audited, shown on the
// SLO's card). Budgets are read from the metrics source at most once a minute per process.
import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { budgetExceptions } from "@/lib/db/schema";
import { ApiError, badRequest } from "@/lib/http/errors";
import { newId } from "@/lib/ids";
import { userNames } from "@/lib/auth/users";
import { budgetRemaining, SLOS } from "./slo";
import { metricsSource, MetricsError } from "./sources";
import { checkRegions, metricsRegions } from "./known-regions";
import { type Actor } from "@/lib/auth/permissions";

const MINUTE = 60_000;
declare global {
  /** The budgets read this minute, shared by every bundle of this process. */
  var __opsConsoleBudgets: { at: number; value: Promise<Map<string, number | null>> } | undefined;
}

/** Budget left per "slo:region" now (null: no data), read once a minute. */
export function budgetsNow(now = Date.now()): Promise<Map<string, number | null>> {
  const cached = globalThis.__opsConsoleBudgets;
  if (cached && now - cached.at < MINUTE && now >= cached.at) return cached.value;
  const value = (async () => {
    const source = await metricsSource();
    const out = new Map<string, number | null>();
    await Promise.all(
      SLOS.map(async (slo) => {
        try {
          for (const s of await source.instant(slo.errorRatio, { window: slo.periodDays * 86400 }, now))
            out.set(
              `${slo.id}:${s.labels.region}`,
              budgetRemaining(Number.isFinite(s.value) ? s.value : null, slo.objective),
            );
        } catch (err) {
          if (!(err instanceof MetricsError)) throw err;
        }
      }),
    );
    return out;
  })();
  globalThis.__opsConsoleBudgets = { at: now, value };
  value.catch(() => (globalThis.__opsConsoleBudgets = undefined));
  return value;
}

type ExceptionRow = typeof budgetExceptions.$inferSelect;

export interface BudgetException {
  id: string;
  slo: string;
  region: string | null;
  reason: string;
  by: { id: string; name: string };
  at: string;
  expires_at: string;
}

async function view(rows: ExceptionRow[]): Promise<BudgetException[]> {
  const names = await userNames(rows.map((r) => r.createdBy));
  return rows.map((r) => ({
    id: r.id,
    slo: r.sloId,
    region: r.region,
    reason: r.reason,
    by: { id: r.createdBy, name: names.get(r.createdBy) ?? r.createdBy },
    at: r.createdAt.toISOString(),
    expires_at: r.expiresAt.toISOString(),
  }));
}

/** Exceptions in force now, newest first. */
export async function activeExceptions(now = Date.now()): Promise<BudgetException[]> {
  return view(
    await db()
      .select()
      .from(budgetExceptions)
      .where(and(isNull(budgetExceptions.endedAt), gt(budgetExceptions.expiresAt, new Date(now))))
      .orderBy(desc(budgetExceptions.createdAt)),
  );
}

export const exceptionFor = (list: BudgetException[], slo: string, region: string) =>
  list.find((e) => e.slo === slo && (e.region === null || e.region === region)) ?? null;

export interface BudgetFreeze {
  slo: string;
  name: string;
  region: string;
  remaining: number;
}

/**
 * The spent budgets that freeze deploys of `service` (in `region`, or any), less those with an exception.
 * Only deploys: rollbacks and config changes are how a service gets its reliability back.
 */
export async function budgetFreezes(service: string, region?: string): Promise<BudgetFreeze[]> {
  const slos = SLOS.filter((s) => s.service === service);
  if (!slos.length) return [];
  const [budgets, exceptions] = await Promise.all([budgetsNow(), activeExceptions()]);
  const regions = region ? [region] : metricsRegions();
  const out: BudgetFreeze[] = [];
  for (const slo of slos) {
    for (const r of regions) {
      const left = budgets.get(`${slo.id}:${r}`);
      if (left === null || left === undefined || left > 0) continue;
      if (!exceptionFor(exceptions, slo.id, r)) out.push({ slo: slo.id, name: slo.name, region: r, remaining: left });
    }
  }
  return out;
}

const MAX_EXCEPTION_HOURS = 7 * 24;

/** The owner's exception: deploys of the SLO's service go through (in a region, or every one) until it expires or is ended. */
export async function recordException(
  actor: Actor,
  sloId: string,
  b: { region?: string | null; reason: string; hours?: number },
) {
  const slo = SLOS.find((s) => s.id === sloId);
  if (!slo) throw new ApiError("not_found", `No SLO '${sloId}'. SLOs: ${SLOS.map((s) => s.id).join(", ")}.`);
  if (b.region) checkRegions([b.region], "body.region");
  const hours = b.hours ?? 24;
  if (hours > MAX_EXCEPTION_HOURS)
    throw badRequest(
      "body.hours",
      `an exception lasts at most ${MAX_EXCEPTION_HOURS} hours; record another when it ends`,
    );
  const row = returnedRow(
    await db()
      .insert(budgetExceptions)
      .values({
        id: newId("bex"),
        sloId,
        region: b.region ?? null,
        reason: b.reason,
        createdBy: actor.user.id,
        expiresAt: new Date(Date.now() + hours * 3_600_000),
      })
      .returning(),
    "Recording a budget exception",
  );
  return { exception: returnedRow(await view([row]), "Reading back a budget exception") };
}

export async function endException(actor: Actor, sloId: string, id: string) {
  const rows = await db()
    .update(budgetExceptions)
    .set({ endedAt: new Date(), endedBy: actor.user.id })
    .where(and(eq(budgetExceptions.id, id), eq(budgetExceptions.sloId, sloId), isNull(budgetExceptions.endedAt)))
    .returning({ id: budgetExceptions.id });
  if (!rows.length) throw new ApiError("not_found", `No exception '${id}' in force for ${sloId}.`);
  return { ended: true };
}
