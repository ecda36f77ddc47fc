// Every SLO per region as the SLO page shows it: SLI and budget over the period, burn rates over the
// seven windows, alert state, the budget policy's tier, and where to look next.
import "server-only";
import { activeExceptions, exceptionFor } from "./budget";
import { metricsRegions } from "./known-regions";
import { type QueryOptions, type Sample } from "./query";
import {
  alertState,
  budgetRemaining,
  budgetTier,
  burnRate,
  burnWindowSeconds,
  BURN_WINDOWS,
  byWindow,
  perWindow,
  SLOS,
  timeToExhaustion,
  WINDOW_SECONDS,
} from "./slo";
import { CHANGE_LEAD_MS, changesHref, platformLogsHref } from "./investigate";
import { metricsSource, type Point } from "./sources";
import { checkRegion } from "./range";
import { lastSeen, runbookUrl } from "./panels";

/** Every SLO per region: SLI and budget over the period, burn rates over the seven windows, alert state. */
export async function listSlos(q: { region?: string; history: boolean }, now = Date.now()) {
  checkRegion(q.region);
  const [source, exceptions] = await Promise.all([metricsSource(), activeExceptions(now)]);
  const regions = q.region ? [q.region] : metricsRegions();
  const out = await Promise.all(
    SLOS.map(async (slo) => {
      const o: QueryOptions = { window: 0, region: q.region };
      const byRegion = (samples: Sample[]) =>
        new Map(samples.map((s) => [s.labels.region ?? "", Number.isFinite(s.value) ? s.value : null]));
      const [period, ...windowList] = await Promise.all([
        source.instant(slo.errorRatio, { ...o, window: slo.periodDays * 86400 }, now).then(byRegion),
        ...BURN_WINDOWS.map((w) =>
          source.instant(slo.errorRatio, { ...o, window: WINDOW_SECONDS[w] }, now).then(byRegion),
        ),
      ]);
      const windows = byWindow(windowList);
      const history = q.history
        ? await source.range(
            slo.errorRatio,
            { ...o, window: 3600 },
            { from: now - 24 * 3_600_000, to: now, step: 3600 },
          )
        : [];
      return Promise.all(
        regions.map(async (region) => {
          const burns = perWindow((w) => burnRate(windows[w].get(region) ?? null, slo.objective));
          const periodError = period.get(region) ?? null;
          const remaining = budgetRemaining(periodError, slo.objective);
          // No sample over the last five minutes: the console does not know how the SLO does now.
          const noData = (windows["5m"].get(region) ?? null) === null;
          const hist = history.find((s) => s.labels.region === region);
          const scope = {
            services: [slo.service],
            regions: [region],
            from: now - burnWindowSeconds(burns) * 1000,
            to: now,
          };
          return {
            id: `${slo.id}:${region}`,
            slo: slo.id,
            name: slo.name,
            description: slo.description,
            region,
            objective: slo.objective,
            period_days: slo.periodDays,
            sli: periodError === null ? null : 1 - periodError,
            error_budget_remaining: remaining,
            time_to_exhaustion_s: timeToExhaustion(remaining, burns["1h"], slo.periodDays),
            burn_rates: burns,
            alert_state: noData ? ("no_data" as const) : alertState(burns),
            data_state: noData ? ("no_data" as const) : ("ok" as const),
            ...(noData ? { no_data_since: await lastSeen(slo.errorRatio, source, now, region) } : {}),
            policy: { tier: budgetTier(remaining), exception: exceptionFor(exceptions, slo.id, region) },
            runbook_url: runbookUrl(slo.runbook),
            dashboard_url: `/dashboards/${slo.dashboard}?region=${region}`,
            service: slo.service,
            burn_window: { start: new Date(scope.from).toISOString(), end: new Date(scope.to).toISOString() },
            logs_url: platformLogsHref(scope),
            changes_url: changesHref({ ...scope, from: scope.from - CHANGE_LEAD_MS }),
            burn_history: hist
              ? hist.points.map(([t, v]): Point => [t, v === null ? null : burnRate(v, slo.objective)])
              : [],
          };
        }),
      );
    }),
  );
  return { source: source.name, slos: out.flat() };
}
