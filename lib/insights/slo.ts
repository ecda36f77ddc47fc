// The review's SLO figures, from the metrics source: each SLO's attainment and budget left over its period
// (30 days) ending at the review's end, per region, and how much of that budget each of the window's newest
// resolved incidents spent, per SLO of its services and region. A source that does not answer is said so
// (`slo_error`) and its figures are null — no data is never 100 %.
import "server-only";
import { budgetRemaining, SLOS, type SloDefinition } from "@/lib/metrics/slo";
import { MetricsError } from "@/lib/metrics/prometheus-api";
import { metricsSource, type MetricsSource } from "@/lib/metrics/sources";
import type { Insights } from "./contract";
import { attainedOf, budgetSpent, startOf, type IncidentFacts } from "./rules";

/** Incidents whose budget spent the review reads, newest first (one query per incident and SLO). */
export const BUDGET_INCIDENTS = 20;
const CACHE_MS = 60_000;

/** A read of error ratios: pending, or its answer once it came. */
interface Read {
  value: Promise<Map<string, number | null>>;
  settled?: Map<string, number | null>;
}

declare global {
  /** Error ratios read this minute, per source (tests switch sources), shared by every bundle of this process. */
  var __opsConsoleReviewRatios: WeakMap<MetricsSource, Map<string, Read>> | undefined;
}

/** How many minutes an answer may stand in while the next minute's is read. */
const STALE_MINUTES = 5;

/**
 * An SLO's error ratio per region over `windowS` seconds ending at `at`, read at most once a minute. When this
 * minute's read is not in yet, the last minute's answer (up to five minutes old) stands in while it is read —
 * a 30-day ratio barely moves in a minute, and nobody waits on it; a first read is waited for.
 */
function ratios(source: MetricsSource, slo: SloDefinition, windowS: number, at: number) {
  const all = (globalThis.__opsConsoleReviewRatios ??= new WeakMap());
  let mine = all.get(source);
  if (!mine) all.set(source, (mine = new Map()));
  const cache = mine;
  const minute = Math.floor(at / CACHE_MS);
  const keyOf = (m: number) => `${slo.id}:${windowS}:${m}`;
  const key = keyOf(minute);
  let read = cache.get(key);
  if (!read) {
    if (cache.size > 5_000) cache.clear();
    const value = source
      .instant(slo.errorRatio, { window: windowS }, at)
      .then(
        (samples) => new Map(samples.map((s) => [s.labels.region ?? "", Number.isFinite(s.value) ? s.value : null])),
      );
    const fresh: Read = { value };
    cache.set(key, fresh);
    value.then(
      (v) => (fresh.settled = v),
      () => cache.delete(key),
    );
    read = fresh;
  }
  if (read.settled) return read.value;
  for (let m = minute - 1; m >= minute - STALE_MINUTES; m--) {
    const older = cache.get(keyOf(m))?.settled;
    if (older) return Promise.resolve(older);
  }
  return read.value;
}

type Figures = Pick<Insights, "slos" | "budget_by_incident" | "slo_error">;

/** The SLO figures for a review ending at `to`, over its facts (with each incident's regions). */
export async function sloFigures(
  to: number,
  facts: (IncidentFacts & { regions: string[]; ref: string })[],
  source?: MetricsSource,
): Promise<Figures> {
  source ??= await metricsSource();
  try {
    const slos = (
      await Promise.all(
        SLOS.map(async (slo) => {
          const byRegion = await ratios(source, slo, slo.periodDays * 86_400, to);
          return [...byRegion].map(([region, ratio]) => ({
            slo: slo.id,
            name: slo.name,
            service: slo.service,
            objective: slo.objective,
            region: region || null,
            attained: attainedOf(ratio),
            budget_left: budgetRemaining(ratio, slo.objective),
          }));
        }),
      )
    ).flat();
    const resolved = facts
      .filter((f) => f.resolvedAt !== null)
      .sort((a, b) => b.declaredAt - a.declaredAt)
      .slice(0, BUDGET_INCIDENTS);
    const budget_by_incident = (
      await Promise.all(
        resolved.flatMap((f) =>
          SLOS.filter((slo) => f.services.includes(slo.service)).map(async (slo) => {
            const start = startOf(f);
            const end = f.mitigatedAt ?? f.resolvedAt!;
            const seconds = Math.max(60, Math.round((end - start) / 1000));
            const byRegion = await ratios(source, slo, seconds, end);
            const regions = f.regions.length ? f.regions : [...byRegion.keys()];
            return regions.map((region) => ({
              incident_id: f.id,
              ref: f.ref,
              slo: slo.id,
              region: region || null,
              seconds,
              spent: budgetSpent(byRegion.get(region) ?? null, seconds, slo.objective, slo.periodDays),
            }));
          }),
        ),
      )
    ).flat();
    return { slos, budget_by_incident, slo_error: null };
  } catch (err) {
    if (!(err instanceof MetricsError)) throw err;
    return {
      slos: SLOS.map((slo) => ({
        slo: slo.id,
        name: slo.name,
        service: slo.service,
        objective: slo.objective,
        region: null,
        attained: null,
        budget_left: null,
      })),
      budget_by_incident: [],
      slo_error: err.message,
    };
  }
}
